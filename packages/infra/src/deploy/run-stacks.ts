/**
 * package / deploy / remove of all four stacks for one stage: in order (infrastructure first, the
 * services after it), removal in reverse, stopping at the first failure. Deploy and remove first
 * check that AWS credentials resolve; removing a stage whose data is not retained empties its
 * buckets first, because CloudFormation cannot delete a bucket that still holds objects.
 */
import {
  cloudFormationStackName,
  type StackCommand,
  type StackDefinition,
  stackById,
  stacksFor,
} from '../stacks.js';
import type { StageParams } from '../stage-params.js';
import { stringParam } from '../stage-params.js';
import type { AwsIdentity } from './credentials.js';

export class StackCommandError extends Error {
  override name = 'StackCommandError';
}

/** What running a command needs from the outside world (injected, so the order and checks are testable). */
export interface StackRunner {
  /** Runs `sls <args>` in the stack's directory; resolves to its exit code. */
  sls(stack: StackDefinition, args: string[]): Promise<number>;
  /** Resolves the caller's AWS identity or rejects with a CredentialsError. */
  identity(): Promise<AwsIdentity>;
  /** Outputs of a deployed CloudFormation stack, undefined if it does not exist. */
  stackOutputs(stackName: string): Promise<Record<string, string> | undefined>;
  /** Deletes every object version of a bucket; resolves to how many it removed. */
  emptyBucket(bucket: string): Promise<number>;
  log(line: string): void;
}

export interface StackCommandOptions {
  command: StackCommand;
  stage: string;
  region: string;
  params: StageParams;
}

/** The data buckets, by the infrastructure stack's output names (docs/stack-contract.md). */
const DATA_BUCKET_OUTPUTS = ['RawBucketName', 'ProcessedBucketName', 'AthenaResultsBucketName'] as const;

async function emptyDataBuckets(options: StackCommandOptions, runner: StackRunner): Promise<void> {
  const infraStack = cloudFormationStackName(stackById('infra'), options.stage);
  const outputs = await runner.stackOutputs(infraStack);
  if (!outputs) return;
  for (const key of DATA_BUCKET_OUTPUTS) {
    const bucket = outputs[key];
    if (!bucket) continue;
    const removed = await runner.emptyBucket(bucket);
    runner.log(`Emptied ${bucket}: ${removed} object versions deleted`);
  }
}

/** What a removal leaves on purpose: the audit logs, and the replicas in the replica region. */
function logWhatOutlives(options: StackCommandOptions, name: string, runner: StackRunner): void {
  const { params, stage, region } = options;
  if (params.auditTrail === true) {
    runner.log(
      `The audit log bucket of ${stage} outlives ${name}: audit evidence is kept (delete it by hand)`,
    );
  }
  const replica = params.replicaRegion;
  if (typeof replica === 'string' && replica !== '' && replica !== region) {
    runner.log(
      `The replicas of ${stage} in ${replica} keep every version: remove that region's stage separately`,
    );
  }
}

export async function runStackCommand(options: StackCommandOptions, runner: StackRunner): Promise<void> {
  const { command, stage, region } = options;
  if (command !== 'package') {
    const identity = await runner.identity();
    runner.log(`AWS account ${identity.account} (${identity.arn}), region ${region}, stage ${stage}`);
  }
  const retained = stringParam(options.params, 'dataRemovalPolicy') === 'Retain';
  for (const stack of stacksFor(command)) {
    const name = cloudFormationStackName(stack, stage);
    if (command === 'remove' && stack.id === 'infra') {
      if (retained) {
        runner.log(`Stage ${stage} retains its data: the buckets and the ledger table outlive ${name}`);
      } else {
        await emptyDataBuckets(options, runner);
      }
      logWhatOutlives(options, name, runner);
    }
    runner.log(`${command} ${name} (${stack.dir})`);
    const code = await runner.sls(stack, [command, '--stage', stage, '--region', region]);
    if (code !== 0) {
      throw new StackCommandError(
        `sls ${command} of ${name} failed (exit code ${code}); later stacks were not touched`,
      );
    }
  }
}
