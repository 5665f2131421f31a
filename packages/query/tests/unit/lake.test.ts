import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { QueryError, UsageError } from '../../src/errors.js';
import { locateLocalLake } from '../../src/local/lake.js';

function dataDir(buckets: string[], stack?: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'lake-'));
  for (const bucket of buckets) mkdirSync(join(dir, 's3', bucket), { recursive: true });
  if (stack) writeFileSync(join(dir, 'stack.json'), JSON.stringify(stack));
  return dir;
}
const DEV = [
  'event-pipeline-dev-raw-000000000000-us-east-1',
  'event-pipeline-dev-processed-000000000000-us-east-1',
];
const PROD = [
  'event-pipeline-prod-raw-000000000000-us-east-1',
  'event-pipeline-prod-processed-000000000000-us-east-1',
];

describe('locateLocalLake', () => {
  it('finds the buckets by their folder names when no stack runs (the results bucket is not one of them)', () => {
    const dir = dataDir([...DEV, 'event-pipeline-dev-athena-000000000000-us-east-1']);
    expect(locateLocalLake({ dataDir: dir }).buckets).toEqual({
      raw: join(dir, 's3', DEV[0]!),
      processed: join(dir, 's3', DEV[1]!),
    });
  });

  it("takes the running stack's bucket names from stack.json", () => {
    const dir = dataDir([...DEV, 'custom-raw', 'custom-processed'], {
      rawBucket: 'custom-raw',
      processedBucket: 'custom-processed',
      stage: 'dev',
    });
    expect(locateLocalLake({ dataDir: dir }).buckets.raw).toBe(join(dir, 's3', 'custom-raw'));
  });

  it('asks for --stage when the folder holds several lakes, and picks one by stage', () => {
    const dir = dataDir([...DEV, ...PROD]);
    expect(() => locateLocalLake({ dataDir: dir })).toThrow(UsageError);
    expect(() => locateLocalLake({ dataDir: dir })).toThrow(/--stage/);
    expect(locateLocalLake({ dataDir: dir, stage: 'prod' }).buckets.processed).toBe(
      join(dir, 's3', PROD[1]!),
    );
  });

  it('says to run npm start when there is no lake', () => {
    expect(() => locateLocalLake({ dataDir: dataDir([]) })).toThrow(QueryError);
    expect(() => locateLocalLake({ dataDir: dataDir([DEV[0]!]) })).toThrow(/run `npm start` first/);
  });
});
