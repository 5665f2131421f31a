/**
 * `npm run status` before there is anything to read: its help, and the one-line refusals with
 * exit status 2 (a usage error, no local stack). Its runs against a stack are in
 * local-stack.test.ts.
 */
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ROOT, runStatus } from '../helpers/run-status.js';

describe('npm run status, with nothing to read', () => {
  it('explains itself with --help: the exit statuses, what "behind" means, the operator policy', async () => {
    const { code, stdout } = await runStatus(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: npm run status -- [options]');
    expect(stdout).toMatch(/--json +print the same facts/);
    expect(stdout).toMatch(/--stage <stage> +a deployed stage instead of the local stack/);
    expect(stdout).toContain('Exit status: 0 when nothing needs attention; 1 when something does');
    expect(stdout).toContain(
      'Behind: the age of the oldest record of a shard that no ledger batch covers yet',
    );
    expect(stdout).toMatch(
      /operator policy its infrastructure stack exports as\s+<app>-<stage>-OperatorPolicyArn/,
    );
  }, 30_000);

  it('refuses a usage error and a missing local stack in one line on stderr, with exit status 2', async () => {
    const [unknown, regionAlone, noStack] = await Promise.all([
      runStatus(['--jsno']),
      runStatus(['--region', 'eu-west-1']),
      runStatus(['--stack-file', join(ROOT, '.local/no-such-stack.json')]),
    ]);
    for (const run of [unknown, regionAlone, noStack]) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    expect(unknown.stderr).toContain("status: unknown option '--jsno' (Did you mean --json?)");
    expect(regionAlone.stderr).toContain('--region needs --stage');
    expect(noStack.stderr).toMatch(
      /^status: no local stack at .*no-such-stack\.json: start it first with `npm start -- --duration 0 --keep-alive`/,
    );
  }, 30_000);
});
