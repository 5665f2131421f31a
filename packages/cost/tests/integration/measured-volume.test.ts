/**
 * src/measured.ts against the handlers as they are now: the measurement is run again (the real
 * ingest and transform handlers on mocked AWS clients, packages/cost/scripts/measure-volume.ts)
 * and must agree with the committed figures, so that a change to a handler's log lines, metrics,
 * output lines or ledger items cannot leave the cost model pricing the old ones.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { measureVolume } from '../../scripts/measure-volume.js';
import { MEASURED, type Measured, STAGE_LOG_LEVELS } from '../../src/index.js';

const REGENERATE = 'npx tsx packages/cost/scripts/measure-volume.ts --write';
let measured: Measured;

beforeAll(async () => {
  measured = await measureVolume();
}, 60_000);

describe(`the measured facts (regenerate: ${REGENERATE})`, () => {
  it('name the same EMF metrics and dimensions the handlers publish', () => {
    expect(measured.ingest.metrics).toEqual(MEASURED.ingest.metrics);
    expect(measured.transform.metrics).toEqual(MEASURED.transform.metrics);
    expect(MEASURED.ingest.metrics).toContain('ColdStart [service, function_name]');
  });

  it.each(['ingest', 'transform'] as const)('count the log lines %s writes at each level', (fn) => {
    for (const level of STAGE_LOG_LEVELS) {
      expect({ level, lines: measured[fn].logs[level].lines }).toEqual({
        level,
        lines: MEASURED[fn].logs[level].lines,
      });
      expect(Math.abs(measured[fn].logs[level].bytes - MEASURED[fn].logs[level].bytes)).toBeLessThanOrEqual(
        0.02 * MEASURED[fn].logs[level].bytes,
      );
    }
    // A healthy invocation logs one line at INFO and nothing at WARN.
    expect(MEASURED[fn].logs.INFO.lines).toBe(1);
    expect(MEASURED[fn].logs.WARN.bytes).toBe(0);
  });

  it.each([
    ['ingest EMF bytes', (m: Measured) => m.ingest.emfBytesPerInvocation],
    ['transform EMF bytes', (m: Measured) => m.transform.emfBytesPerInvocation],
    ['ingest ColdStart bytes', (m: Measured) => m.ingest.coldStartEmfBytes],
    ['transform ColdStart bytes', (m: Measured) => m.transform.coldStartEmfBytes],
    ['raw line overhead', (m: Measured) => m.rawLineOverheadBytes],
    ['processed line overhead', (m: Measured) => m.processedLine.overheadBytes],
    ['processed data share', (m: Measured) => m.processedLine.dataShare],
    ['Kinesis record overhead', (m: Measured) => m.kinesisRecordOverheadBytes],
    ['ingest ledger item', (m: Measured) => m.ledger.ingestItemBaseBytes],
    ['ingest ledger item per object', (m: Measured) => m.ledger.ingestItemBytesPerObject],
    ['transform ledger item', (m: Measured) => m.ledger.transformItemBytes],
    ['sample event bytes', (m: Measured) => m.events.averageBytes],
  ])('agree on the %s (within 2 %)', (_what, figure) => {
    const expected = figure(MEASURED);
    expect(expected).toBeGreaterThan(0);
    expect(Math.abs(figure(measured) - expected)).toBeLessThanOrEqual(0.02 * expected);
  });

  it('agree on the mix of event types', () => {
    expect(measured.events.typeShares).toEqual(MEASURED.events.typeShares);
  });
});
