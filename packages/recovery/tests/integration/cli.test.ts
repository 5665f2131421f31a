/**
 * The two commands as an operator meets them before anything is running: their help, and
 * the clear refusals (no local stack, no AWS credentials for --stage, a bad --from).
 * Their runs against a stack are in redrive.test.ts and replay.test.ts.
 */
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { runScript } from '../../../../tests/helpers/run-script.js';
import { ROOT } from '../helpers/local-stack.js';

/** No credentials anywhere the SDK's default chain looks (and no metadata endpoint to ask). */
const noCredentials = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_'))),
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: join(ROOT, 'no-such-aws-config'),
  AWS_SHARED_CREDENTIALS_FILE: join(ROOT, 'no-such-aws-credentials'),
};

describe('npm run redrive / npm run replay', () => {
  it('explain themselves with --help', async () => {
    const [redrive, replay] = await Promise.all([
      runScript('redrive.ts', ['--help']),
      runScript('replay.ts', ['--help']),
    ]);
    expect(redrive.code).toBe(0);
    expect(redrive.output).toMatch(/--queue <queue>\s+which DLQ \(choices: "ingest", "transform"\)/);
    expect(redrive.output).toContain('--dry-run');
    expect(redrive.output).toContain('--max-messages <n>');
    // The way out for a message that can never be redriven.
    expect(redrive.output).toContain('--discard <message-id> --export ingest-dlq.jsonl');
    expect(replay.code).toBe(0);
    expect(replay.output).toMatch(/--from <time>\s+where to start: an ISO 8601 date-time with a zone/);
    expect(replay.output).toContain('--data-dir <dir>');
  }, 20_000);

  it('refuse a bad --from, a missing --queue, a stopped local stack and a stage without credentials, saying why', async () => {
    const [badFrom, noQueue, noStack, noAws] = await Promise.all([
      runScript('replay.ts', ['--from', '2024-01-15 10:30']),
      runScript('redrive.ts', []),
      runScript('redrive.ts', ['--queue', 'ingest', '--stack-file', join(ROOT, '.local/no-such-stack.json')]),
      runScript('replay.ts', ['--from', '2024-01-15T10:30:00Z', '--stage', 'dev'], noCredentials),
    ]);
    expect(badFrom.code).toBe(2);
    expect(badFrom.output).toContain('--from must be an ISO 8601 date-time with a zone');
    expect(noQueue.code).toBe(2);
    expect(noQueue.output).toContain("required option '--queue <queue>' not specified");
    expect(noStack.code).toBe(2);
    expect(noStack.output).toMatch(/no local stack at .*no-such-stack\.json: start it first with `npm start/);
    expect(noAws.code).toBe(2);
    expect(noAws.output).toMatch(/No usable AWS credentials: .*Set AWS_PROFILE/);
  }, 20_000);
});
