import { describe, expect, it } from '@jest/globals';
import { CredentialsError } from '../../src/deploy/credentials.js';
import { runStackCommand, type StackRunner } from '../../src/deploy/run-stacks.js';
import type { StackCommand } from '../../src/stacks.js';
import { resolveStageParams } from '../../src/stage-params.js';

const OUTPUTS = {
  RawBucketName: 'raw-bucket',
  ProcessedBucketName: 'processed-bucket',
  StreamName: 'stream',
};

/** Records what the command asked the outside world to do, in order, and what it told the user. */
function recordingRunner(options: { failOn?: string; credentials?: boolean } = {}) {
  const calls: string[] = [];
  const logs: string[] = [];
  const runner: StackRunner = {
    sls: async (stack, args) => {
      calls.push(`sls ${stack.dir} ${args.join(' ')}`);
      return args[0] === options.failOn && stack.id === 'ingest' ? 2 : 0;
    },
    identity: async () => {
      calls.push('identity');
      if (options.credentials === false) throw new CredentialsError('No usable AWS credentials: none');
      return { account: '123456789012', arn: 'arn:aws:iam::123456789012:user/dev' };
    },
    stackOutputs: async (name) => {
      calls.push(`outputs ${name}`);
      return OUTPUTS;
    },
    emptyBucket: async (bucket) => {
      calls.push(`empty ${bucket}`);
      return 3;
    },
    log: (line) => {
      logs.push(line);
    },
  };
  return { runner, calls, logs };
}

const params = (policy: 'Delete' | 'Retain') =>
  resolveStageParams(
    { default: { app: 'event-pipeline', region: 'eu-west-1', dataRemovalPolicy: policy } },
    'dev',
  );
const run = (command: StackCommand, runner: StackRunner, policy: 'Delete' | 'Retain' = 'Delete') =>
  runStackCommand({ command, stage: 'dev', region: 'eu-west-1', params: params(policy) }, runner);

describe('runStackCommand', () => {
  it('packages infrastructure, ingest, transform, compact in that order without asking for credentials', async () => {
    const { runner, calls } = recordingRunner();
    await run('package', runner);
    expect(calls).toEqual([
      'sls . package --stage dev --region eu-west-1',
      'sls services/ingest package --stage dev --region eu-west-1',
      'sls services/transform package --stage dev --region eu-west-1',
      'sls services/compact package --stage dev --region eu-west-1',
    ]);
  });

  it('checks credentials before deploying, then deploys infrastructure first', async () => {
    const { runner, calls } = recordingRunner();
    await run('deploy', runner);
    expect(calls).toEqual([
      'identity',
      'sls . deploy --stage dev --region eu-west-1',
      'sls services/ingest deploy --stage dev --region eu-west-1',
      'sls services/transform deploy --stage dev --region eu-west-1',
      'sls services/compact deploy --stage dev --region eu-west-1',
    ]);
  });

  it('touches no stack when credentials are missing', async () => {
    const { runner, calls } = recordingRunner({ credentials: false });
    await expect(run('deploy', runner)).rejects.toThrow(CredentialsError);
    expect(calls).toEqual(['identity']);
  });

  it('removes in reverse order, emptying the data buckets before the infrastructure stack', async () => {
    const { runner, calls } = recordingRunner();
    await run('remove', runner);
    expect(calls).toEqual([
      'identity',
      'sls services/compact remove --stage dev --region eu-west-1',
      'sls services/transform remove --stage dev --region eu-west-1',
      'sls services/ingest remove --stage dev --region eu-west-1',
      'outputs event-pipeline-dev',
      'empty raw-bucket',
      'empty processed-bucket',
      'sls . remove --stage dev --region eu-west-1',
    ]);
  });

  it('leaves the data of a stage that retains it', async () => {
    const { runner, calls } = recordingRunner();
    await run('remove', runner, 'Retain');
    expect(calls.some((c) => c.startsWith('empty') || c.startsWith('outputs'))).toBe(false);
    expect(calls.at(-1)).toBe('sls . remove --stage dev --region eu-west-1');
  });

  it('stops at the first stack that fails and names it', async () => {
    const { runner, calls } = recordingRunner({ failOn: 'deploy' });
    await expect(run('deploy', runner)).rejects.toThrow(
      'sls deploy of event-pipeline-ingest-dev failed (exit code 2); later stacks were not touched',
    );
    expect(calls.filter((c) => c.startsWith('sls'))).toHaveLength(2);
  });

  it('says what a removal leaves on purpose: the audit logs and the replicas', async () => {
    const { runner, logs } = recordingRunner();
    const withOperations = resolveStageParams(
      {
        default: { app: 'event-pipeline', region: 'eu-west-1', dataRemovalPolicy: 'Delete' },
        prod: { auditTrail: true, replicaRegion: 'eu-central-1' },
      },
      'prod',
    );
    await runStackCommand(
      { command: 'remove', stage: 'prod', region: 'eu-west-1', params: withOperations },
      runner,
    );
    expect(logs).toEqual(
      expect.arrayContaining([
        'The audit log bucket of prod outlives event-pipeline-prod: audit evidence is kept (delete it by hand)',
        "The replicas of prod in eu-central-1 keep every version: remove that region's stage separately",
      ]),
    );
    const { runner: plain, logs: quiet } = recordingRunner();
    await run('remove', plain);
    expect(quiet.filter((line) => /audit|replica/.test(line))).toEqual([]);
  });
});
