/**
 * The hostile input corpus (packages/schema/tests/fixtures/hostile) through the ingest handler:
 * every record is quarantined with its code (or written raw when it is a valid edge case),
 * the batch never fails and the handler never throws.
 */

import { sequenceNumber } from '@event-pipeline/runtime/testing';
import type { IngestQuarantineLine, RawLine } from '@event-pipeline/schema';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { KinesisStreamEvent } from 'aws-lambda';
import { captureEmf, type EmfCapture } from '../helpers/emf.js';
import { kinesisEvent, lambdaContext, validSamples } from '../helpers/factories.js';
import { hostileCorpus, hostileRecord } from '../helpers/hostile-records.js';
import { linesBySequence } from '../helpers/json-lines.js';
import { mockAws, mockedHandler } from '../helpers/mocked-aws.js';

const { reset, writtenObjects, ledgerItems } = mockAws();
let emf: EmfCapture;

beforeEach(() => {
  reset();
  emf = captureEmf();
});
afterEach(() => emf.restore());

const handler = mockedHandler();
const invoke = (event: KinesisStreamEvent) => handler(event, lambdaContext());

describe('ingest handler: the hostile input corpus', () => {
  it('in one batch: each record raw or quarantined with its code exactly once, nothing failed', async () => {
    const response = await invoke(kinesisEvent(hostileCorpus.map(hostileRecord)));

    expect(response).toEqual({ batchItemFailures: [] });
    // Parses every line of every object (so each is one well-formed line) and refuses repeats.
    const lines = linesBySequence<RawLine | IngestQuarantineLine>(writtenObjects());
    expect(lines.size).toBe(hostileCorpus.length);
    hostileCorpus.forEach((entry, index) => {
      const { key, line } = lines.get(sequenceNumber(index))!;
      if (entry.expected_code === 'valid') {
        expect(key).toMatch(
          /^raw\/event_type=[a-z_]+\/year=\d{4}\/month=\d{2}\/day=\d{2}\/hour=\d{2}\/data_/,
        );
        return;
      }
      expect(key.startsWith(`quarantine/reason=${entry.expected_code}/`)).toBe(true);
      const quarantined = line as IngestQuarantineLine;
      expect(quarantined.error.code).toBe(entry.expected_code);
      if (entry.expected_path !== undefined) expect(quarantined.error.path).toBe(entry.expected_path);
      expect(Buffer.from(quarantined.payload, 'base64').equals(hostileRecord(entry, index).bytes)).toBe(true);
    });
    const valid = hostileCorpus.filter((entry) => entry.expected_code === 'valid').length;
    const [item] = ledgerItems();
    expect(item).toMatchObject({
      total_records: hostileCorpus.length,
      success_records: valid,
      failed_records: hostileCorpus.length - valid,
    });
  });

  const [before, after] = validSamples(2, 3);
  it.each(hostileCorpus.map((entry, index) => [entry.name, entry, index] as const))(
    'alone between two valid records, raw or quarantined with its exact code: %s',
    async (_name, entry, index) => {
      const response = await invoke(kinesisEvent([before!, hostileRecord(entry, index), after!]));

      expect(response).toEqual({ batchItemFailures: [] });
      const lines = linesBySequence<RawLine | IngestQuarantineLine>(writtenObjects());
      expect([...lines.keys()].sort()).toEqual([0, 1, 2].map((i) => sequenceNumber(i)).sort());
      expect(lines.get(sequenceNumber(0))!.key.startsWith('raw/')).toBe(true);
      expect(lines.get(sequenceNumber(2))!.key.startsWith('raw/')).toBe(true);
      const { key, line } = lines.get(sequenceNumber(1))!;
      if (entry.expected_code === 'valid') {
        expect(key.startsWith('raw/event_type=')).toBe(true);
        return;
      }
      expect(key.startsWith(`quarantine/reason=${entry.expected_code}/`)).toBe(true);
      expect((line as IngestQuarantineLine).error.code).toBe(entry.expected_code);
      if (entry.expected_path !== undefined)
        expect((line as IngestQuarantineLine).error.path).toBe(entry.expected_path);
    },
  );
});
