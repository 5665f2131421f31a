/** scripts/stacks.ts as a user runs it: help, argument checks, and no deploy without credentials. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { REPO_ROOT } from '../helpers/repo.js';

const TSX = join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');

/** Runs the CLI with no way to find AWS credentials (no variables, no files, no instance metadata). */
function stacks(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (
      /^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|PROFILE|DEFAULT_PROFILE|WEB_IDENTITY_TOKEN_FILE|ROLE_ARN|CONTAINER_)/.test(
        name,
      )
    ) {
      delete env[name];
    }
  }
  const result = spawnSync(process.execPath, [TSX, 'scripts/stacks.ts', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...env,
      AWS_CONFIG_FILE: join(REPO_ROOT, 'no-such-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(REPO_ROOT, 'no-such-aws-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('scripts/stacks.ts', () => {
  it('explains its commands and options', () => {
    const help = stacks('--help');
    expect(help.code).toBe(0);
    for (const command of ['package', 'deploy', 'remove', 'verify']) expect(help.stdout).toContain(command);
    const deployHelp = stacks('deploy', '--help');
    expect(deployHelp.stdout).toContain('--stage <stage>');
    expect(deployHelp.stdout).toContain('--region <region>');
  });

  it.each(['deploy', 'remove'])(
    'refuses to %s without AWS credentials, saying how to provide them',
    (command) => {
      const run = stacks(command, '--stage', 'dev');
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('No usable AWS credentials');
      expect(run.stderr).toContain('AWS_PROFILE');
      // It stopped before any stack: Serverless never ran.
      expect(run.stdout).not.toMatch(/deploy|remove event-pipeline/);
    },
    60_000,
  );

  it('rejects a stage name that cannot be part of a bucket name', () => {
    const run = stacks('deploy', '--stage', 'Prod_1');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("argument 'Prod_1' is invalid");
  });
});
