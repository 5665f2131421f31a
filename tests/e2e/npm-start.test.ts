/**
 * `npm start` as a user runs it (scripts/local.ts in a child process, the stage's settings
 * untouched): it writes the stack file, prints the status and the summary, compacts at the end
 * and reconciles curated/, and exits 0 once every produced event is reconciled, removing the
 * stack file as it stops.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { runScript } from '../helpers/run-script.js';

describe('npm start', () => {
  let dataDir: string | undefined;
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('writes the stack file while it runs, ends with a reconciled summary, and removes the file on exit', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'npm-start-'));
    const stackFile = join(dataDir, 'stack.json');
    const running = runScript('local.ts', [
      '--rate',
      '50',
      '--duration',
      '2',
      '--invalid-fraction',
      '0.1',
      '--seed',
      '11',
      '--data-dir',
      dataDir,
    ]);
    let stackText: string | undefined;
    let exited = false;
    void running.then(() => {
      exited = true;
    });
    while (stackText === undefined && !exited) {
      stackText = await readFile(stackFile, 'utf8').catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const { code, output } = await running;
    expect(output).toContain('Reconciled: all 100 produced events are processed or quarantined.');
    expect(output).toMatch(/produced 100 \| ingested 100 \| transformed \d+ \| quarantined \d+ \| DLQ 0/);
    // Compacted at the end, and curated/ read back against processed/.
    const processed = Number(/processed +(\d+) in processed\//.exec(output)?.[1]);
    expect(processed).toBeGreaterThan(80);
    expect(output).toContain(`| curated ${processed} rows / `);
    expect(output).toContain(`Curated: all ${processed} processed records are in curated/ exactly once.`);
    // What has no emulator is named, folded into one note per reason.
    expect(output).toMatch(
      /note: skipped \d+ resources \(no local emulator for it\): [^\n]*AWS::CloudWatch::Dashboard/,
    );
    expect(output).toMatch(/Query the lake: npm run query -- --list --data-dir \S+ \(the saved queries\)/);
    expect(code).toBe(0);
    expect(JSON.parse(stackText!)).toMatchObject({
      region: 'us-east-1',
      stream: 'event-pipeline-dev-stream',
      rawBucket: 'event-pipeline-dev-raw-000000000000-us-east-1',
      processedBucket: 'event-pipeline-dev-processed-000000000000-us-east-1',
      table: 'event-pipeline-dev-metadata',
      endpoints: { kinesis: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) },
      dlq: { ingest: expect.stringContaining('kinesis-processor-dlq') },
    });
    await expect(readFile(stackFile)).rejects.toThrow('ENOENT');
    // Without .local/templates (a fresh clone), the run first packages the stacks: seconds, more on a busy machine.
  }, 60_000);
});
