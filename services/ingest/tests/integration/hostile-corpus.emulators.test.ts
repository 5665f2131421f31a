/** The hostile input corpus through the ingest handler with real SDK clients, against s3rver and dynalite. */

import { sequenceNumber } from '@event-pipeline/runtime/testing';
import type { IngestQuarantineLine, RawLine } from '@event-pipeline/schema';
import { describe, expect, it } from '@jest/globals';
import { useEmulatedLake } from '../helpers/emulated-lake.js';
import { kinesisEvent, lambdaContext } from '../helpers/factories.js';
import { hostileCorpus, hostileRecord } from '../helpers/hostile-records.js';
import { linesBySequence } from '../helpers/json-lines.js';
import { readBucket } from '../helpers/lake-resources.js';

const BUCKET = 'event-pipeline-hostile-raw';
const TABLE = 'event-pipeline-hostile-metadata';

describe('the hostile input corpus against s3rver and dynalite', () => {
  const lake = useEmulatedLake({ bucket: BUCKET, table: TABLE });

  it('stores every record, raw or quarantined with its code and its exact bytes, readable back', async () => {
    const handler = lake.handler();

    const response = await handler(kinesisEvent(hostileCorpus.map(hostileRecord)), lambdaContext());

    expect(response).toEqual({ batchItemFailures: [] });
    const lines = linesBySequence<RawLine | IngestQuarantineLine>(await readBucket(lake.s3, BUCKET));
    expect(lines.size).toBe(hostileCorpus.length);
    hostileCorpus.forEach((entry, index) => {
      const { key, line } = lines.get(sequenceNumber(index))!;
      if (entry.expected_code === 'valid') {
        expect(key.startsWith('raw/event_type=')).toBe(true);
        return;
      }
      expect(key.startsWith(`quarantine/reason=${entry.expected_code}/`)).toBe(true);
      const { payload } = line as IngestQuarantineLine;
      expect(Buffer.from(payload, 'base64').equals(hostileRecord(entry, index).bytes)).toBe(true);
    });
    const ledger = await lake.queryShard();
    expect(ledger.Items).toEqual([expect.objectContaining({ total_records: hostileCorpus.length })]);
  });
});
