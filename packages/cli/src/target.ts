/**
 * What a tool works on: the running local stack (its stack file, `.local/stack.json`) or a
 * deployed stage. Either way the names come from the compiled templates the local stack is
 * created from (see stageResources), and the ingest and transform functions get the settings
 * they are deployed with, so that a redriven or replayed record is processed exactly as the
 * pipeline would have processed it.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { LOCAL_ACCOUNT_ID } from '@event-pipeline/emulators';
import { loadStageParams, resolveAwsIdentity, stringParam } from '@event-pipeline/infra';
import {
  exportEndingWith,
  type FunctionSpec,
  loadPipelineStacks,
  readStackFile,
  START_STACK_COMMAND,
  type StackFile,
} from '@event-pipeline/local';
import { type ClientPlace, clientConfig } from './client-config.js';
import { stackFileOf, type TargetFlags } from './target-options.js';

/** The names of a stage's resources, and its functions as they are deployed. */
interface StageResources {
  stream: { name: string; arn: string };
  rawBucket: string;
  processedBucket: string;
  ledger: { table: string; shardIndex: string };
  dlqNames: { ingest: string; transform: string };
  functions: { ingest: FunctionSpec; transform: FunctionSpec };
  /** The most records the ingest mapping hands the function at once. */
  ingestBatchSize: number;
}

/** The name of the queue an event source's on-failure destination is. */
function dlqName(trigger: { fn: FunctionSpec; onFailureArn?: string }): string {
  if (trigger.onFailureArn === undefined)
    throw new Error(`the event source of ${trigger.fn.name} has no on-failure destination`);
  return trigger.onFailureArn.split(':').pop()!;
}

/**
 * Every name the tools need, for one stage, region and account: the one place that knows where
 * they come from, the templates `sls package` compiles for the stage and region (read by
 * packages/local, which builds the local stack from them too). The templates leave the account
 * to CloudFormation (`AWS::AccountId`), so a deployed stage shares the local stack's cache entry
 * when stage and region are the same: the same inputs compile to the same JSON.
 */
export async function stageResources(
  rootDir: string,
  stage: string,
  region: string,
  accountId: string,
): Promise<StageResources> {
  const stacks = await loadPipelineStacks({ rootDir, stage, region, accountId });
  const exports = stacks.infra.exports();
  const exported = (suffix: string) => exportEndingWith(exports, suffix);
  const table = exported('LedgerTableName');
  // Where each shard's ingest batches are found: the ledger's index keyed by shard id.
  const shardIndex = stacks.infra.tables
    .find((candidate) => candidate.name === table)
    ?.globalSecondaryIndexes.find((gsi) =>
      gsi.KeySchema.some((key) => key.AttributeName === 'shard_id' && key.KeyType === 'HASH'),
    )?.IndexName;
  if (shardIndex === undefined)
    throw new Error(`the ledger table ${table} has no global secondary index with the hash key shard_id`);
  const { ingest, transform } = stacks.triggers();
  return {
    stream: { name: exported('StreamName'), arn: exported('StreamArn') },
    rawBucket: exported('RawBucketName'),
    processedBucket: exported('ProcessedBucketName'),
    ledger: { table, shardIndex },
    dlqNames: { ingest: dlqName(ingest), transform: dlqName(transform) },
    functions: { ingest: ingest.fn, transform: transform.fn },
    ingestBatchSize: ingest.settings.batchSize,
  };
}

/** The stage's `region` parameter (config/stages.yml), unless `region` names another. */
async function stageRegion(rootDir: string, stage: string, region: string | undefined): Promise<string> {
  return region ?? stringParam(await loadStageParams(rootDir, stage), 'region');
}

interface StackClients {
  kinesis: KinesisClient;
  s3: S3Client;
  dynamodb: DynamoDBClient;
  sqs: SQSClient;
}

function stackClients(place: ClientPlace): StackClients {
  return {
    kinesis: new KinesisClient(clientConfig(place, 'kinesis')),
    s3: new S3Client(clientConfig(place, 's3')),
    dynamodb: new DynamoDBClient(clientConfig(place, 'dynamodb')),
    sqs: new SQSClient(clientConfig(place, 'sqs')),
  };
}

const destroyClients = (clients: StackClients) => {
  for (const client of Object.values(clients)) client.destroy();
};

/** How a target's shards are read back. */
export interface ReaderSettings {
  /** Pause between two GetRecords calls of one shard (AWS allows 5 a second). */
  getRecordsIntervalMs: number;
  /**
   * How long to wait for an AT_TIMESTAMP iterator before finding the position by scanning the
   * shard from its trim horizon instead: kinesalite never answers AT_TIMESTAMP past a shard's
   * last record (AWS always answers). No limit when unset.
   */
  atTimestampTimeoutMs?: number;
}

export interface StackTarget {
  /** Where, for messages. */
  description: string;
  stage: string;
  region: string;
  accountId: string;
  /** Who runs the tool: the `invokeIdentityArn` of the Kinesis events it builds. */
  identityArn: string;
  clients: StackClients;
  stream: StageResources['stream'];
  rawBucket: string;
  processedBucket: string;
  ledger: StageResources['ledger'];
  /** Queue URLs. */
  dlq: { ingest: string; transform: string };
  functions: StageResources['functions'];
  /** The most records the ingest mapping hands the function at once: the size of replayed groups. */
  ingestBatchSize: number;
  reader: ReaderSettings;
  /** Long-poll wait of a DLQ receive: an empty answer then means the queue is drained. */
  receiveWaitSeconds: number;
  destroy(): void;
}

interface LocalTargetOptions {
  rootDir: string;
  stack: StackFile;
  /** Where the stack came from, for messages. */
  source?: string;
}

/** The local stack a `npm start` (or a test's pipeline) runs, as its stack file describes it. */
export async function localTarget({
  rootDir,
  stack,
  source = 'the local stack',
}: LocalTargetOptions): Promise<StackTarget> {
  const stage = stack.stage ?? 'dev';
  const names = await stageResources(rootDir, stage, stack.region, LOCAL_ACCOUNT_ID);
  const mismatches = (
    [
      ['stream', stack.stream, names.stream.name],
      ['raw bucket', stack.rawBucket, names.rawBucket],
      ['processed bucket', stack.processedBucket, names.processedBucket],
      ['ledger table', stack.table, names.ledger.table],
    ] as const
  ).filter(([, running, planned]) => running !== planned);
  if (mismatches.length > 0)
    throw new Error(
      `${source} does not match stage "${stage}": ` +
        mismatches.map(([what, running, planned]) => `its ${what} is ${running}, not ${planned}`).join('; ') +
        ' (restart it with `npm start`)',
    );
  const clients = stackClients({ stack });
  return {
    description: `${source} (stage ${stage} at ${stack.endpoints.kinesis.replace(/:\d+$/, '')})`,
    stage,
    region: stack.region,
    accountId: LOCAL_ACCOUNT_ID,
    identityArn: `arn:aws:iam::${LOCAL_ACCOUNT_ID}:user/local-operator`,
    clients,
    stream: names.stream,
    rawBucket: names.rawBucket,
    processedBucket: names.processedBucket,
    ledger: names.ledger,
    dlq: { ingest: stack.dlq.ingest, transform: stack.dlq.transform },
    functions: names.functions,
    ingestBatchSize: names.ingestBatchSize,
    // kinesalite never answers an AT_TIMESTAMP request past a shard's last record (AWS returns an
    // iterator at the tip): without an answer by then, the reader scans the (small) local shard.
    reader: { getRecordsIntervalMs: 0, atTimestampTimeoutMs: 250 },
    receiveWaitSeconds: 0,
    destroy: () => destroyClients(clients),
  };
}

interface StageTargetOptions {
  rootDir: string;
  stage: string;
  /** The stage parameter `region` when omitted. */
  region?: string;
  /** For tests; a client of the default credential chain otherwise. */
  sts?: Pick<STSClient, 'send'>;
}

/** A queue's URL, or an error that says the stage may not be deployed. */
async function queueUrl(sqs: SQSClient, name: string, stage: string, region: string): Promise<string> {
  try {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    return QueueUrl!;
  } catch (error) {
    throw new Error(
      `queue ${name} of stage ${stage} in ${region} is not reachable (${(error as Error).message}): ` +
        `is the stage deployed (npm run deploy -- --stage ${stage})?`,
    );
  }
}

/**
 * A deployed stage. AWS credentials come from the SDK's default chain; they are checked (and
 * the account id, part of the bucket names, found) with STS before anything else is done.
 */
export async function stageTarget(options: StageTargetOptions): Promise<StackTarget> {
  const { rootDir, stage } = options;
  const region = await stageRegion(rootDir, stage, options.region);
  const identity = await resolveAwsIdentity(options.sts ?? new STSClient({ region }));
  const names = await stageResources(rootDir, stage, region, identity.account);
  const clients = stackClients({ region });
  try {
    const dlq = {
      ingest: await queueUrl(clients.sqs, names.dlqNames.ingest, stage, region),
      transform: await queueUrl(clients.sqs, names.dlqNames.transform, stage, region),
    };
    return {
      description: `stage ${stage} in ${region} (account ${identity.account})`,
      stage,
      region,
      accountId: identity.account,
      identityArn: identity.arn,
      clients,
      stream: names.stream,
      rawBucket: names.rawBucket,
      processedBucket: names.processedBucket,
      ledger: names.ledger,
      dlq,
      functions: names.functions,
      ingestBatchSize: names.ingestBatchSize,
      // Kinesis allows 5 GetRecords calls a second per shard.
      reader: { getRecordsIntervalMs: 200 },
      receiveWaitSeconds: 2,
      destroy: () => destroyClients(clients),
    };
  } catch (error) {
    destroyClients(clients);
    throw error;
  }
}

/** The running local stack's file the flags name, read (see readStackFile), and where it is. */
function localStackOf(rootDir: string, flags: TargetFlags): { stack: StackFile; file: string } {
  const file = stackFileOf(rootDir, flags);
  try {
    return { stack: readStackFile(file), file };
  } catch (error) {
    throw new Error(`${(error as Error).message} (or pass --stage for a deployed stage)`, { cause: error });
  }
}

/**
 * The target the command-line flags name (addTargetOptions): the deployed stage of --stage, its
 * credentials checked first (saying so with `log`), or else the local stack of --data-dir / --stack-file.
 */
export async function targetFromFlags(
  rootDir: string,
  flags: TargetFlags,
  log: (line: string) => void = console.log,
): Promise<StackTarget> {
  if (flags.stage === undefined) {
    const { stack, file } = localStackOf(rootDir, flags);
    return localTarget({ rootDir, stack, source: file });
  }
  log(`Checking AWS credentials for stage ${flags.stage} ...`);
  return stageTarget({ rootDir, stage: flags.stage, region: flags.region });
}

/** The stream alone of a target: what the producer needs. */
interface StreamTarget {
  kinesis: KinesisClient;
  streamName: string;
  /** Where, for messages. */
  description: string;
}

/** Fails in one sentence unless the stream is there to be written to. */
async function checkStream(kinesis: KinesisClient, streamName: string, where: string, fix: string) {
  let status: string | undefined;
  try {
    const { StreamDescriptionSummary } = await kinesis.send(
      new DescribeStreamSummaryCommand({ StreamName: streamName }),
    );
    status = StreamDescriptionSummary?.StreamStatus;
  } catch (error) {
    const { name } = error as Error;
    // The SDK wraps network errors ("AWS SDK error wrapper for Error: connect ECONNREFUSED ..."): the cause is what counts.
    const message = (error as Error).message.replace(/^AWS SDK error wrapper for (\w*Error: )?/, '');
    if (name === 'ResourceNotFoundException')
      throw new Error(`stream ${streamName} of ${where} does not exist: ${fix}`, { cause: error });
    throw new Error(`cannot reach stream ${streamName} of ${where} (${message}): ${fix}`, { cause: error });
  }
  if (status === 'CREATING' || status === 'DELETING')
    throw new Error(`stream ${streamName} of ${where} is ${status}, not ready to be written to`);
}

interface StreamTargetOptions {
  /** For tests; a client of the default credential chain otherwise. */
  sts?: Pick<STSClient, 'send'>;
  log?: (line: string) => void;
}

/**
 * The stream of the target the flags name, checked before anything is sent: on the local stack,
 * that it answers and has the stream; on a deployed stage, the AWS credentials (STS, saying so with
 * `log`), then the stream (DescribeStreamSummary). Each fails in one sentence saying what to do.
 */
export async function streamTargetFromFlags(
  rootDir: string,
  flags: TargetFlags,
  options: StreamTargetOptions = {},
): Promise<StreamTarget> {
  if (flags.stage === undefined) {
    const { stack, file } = localStackOf(rootDir, flags);
    const kinesis = new KinesisClient(clientConfig({ stack }, 'kinesis'));
    const where = `the local stack (${file}) at ${stack.endpoints.kinesis}`;
    try {
      await checkStream(kinesis, stack.stream, where, `restart it with ${START_STACK_COMMAND}`);
    } catch (error) {
      kinesis.destroy();
      throw error;
    }
    return { kinesis, streamName: stack.stream, description: `${where}: stream ${stack.stream}` };
  }
  const { stage } = flags;
  const region = await stageRegion(rootDir, stage, flags.region);
  (options.log ?? console.log)(`Checking AWS credentials for stage ${stage} ...`);
  const identity = await resolveAwsIdentity(options.sts ?? new STSClient({ region }));
  const { stream } = await stageResources(rootDir, stage, region, identity.account);
  const kinesis = new KinesisClient(clientConfig({ region }, 'kinesis'));
  try {
    await checkStream(
      kinesis,
      stream.name,
      `stage ${stage} in ${region}`,
      `is the stage deployed (npm run deploy -- --stage ${stage})?`,
    );
  } catch (error) {
    kinesis.destroy();
    throw error;
  }
  return {
    kinesis,
    streamName: stream.name,
    description: `stage ${stage}: stream ${stream.name} in ${region} (account ${identity.account})`,
  };
}
