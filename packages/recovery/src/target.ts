/**
 * What the recovery tools work on: the running local stack (`.local/stack.json`) or a deployed
 * stage. Either way the names come from the same CloudFormation fragments and stage parameters
 * that create them (resolved by packages/local), and the ingest and transform functions get the
 * settings their serverless.yml deploys them with, so a redriven or replayed record is
 * processed exactly as the pipeline would have processed it.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { resolveAwsIdentity } from '@event-pipeline/infra';
import {
  type FunctionDefinition,
  LOCAL_ACCOUNT_ID,
  loadFunctionDefinition,
  loadStackTemplate,
  planStack,
  type StackFile,
  type StackPlan,
  streamTrigger,
} from '@event-pipeline/local';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { ReaderSettings } from './stream-reader.js';

export interface RecoveryClients {
  kinesis: KinesisClient;
  s3: S3Client;
  dynamodb: DynamoDBClient;
  sqs: SQSClient;
}

export interface RecoveryTarget {
  /** Where, for messages. */
  description: string;
  stage: string;
  region: string;
  accountId: string;
  /** Who runs the tool: the `invokeIdentityArn` of the Kinesis events it builds. */
  identityArn: string;
  clients: RecoveryClients;
  stream: { name: string; arn: string };
  rawBucket: string;
  processedBucket: string;
  ledger: { table: string; shardIndex: string };
  /** Queue URLs. */
  dlq: { ingest: string; transform: string };
  functions: { ingest: FunctionDefinition; transform: FunctionDefinition };
  /** The most records the ingest mapping hands the function at once: the size of replayed groups. */
  ingestBatchSize: number;
  reader: ReaderSettings;
  /** Long-poll wait of a DLQ receive: an empty answer then means the queue is drained. */
  receiveWaitSeconds: number;
  destroy(): void;
}

interface StackNames {
  stream: { name: string; arn: string };
  rawBucket: string;
  processedBucket: string;
  ledger: { table: string; shardIndex: string };
  dlqNames: { ingest: string; transform: string };
  functions: { ingest: FunctionDefinition; transform: FunctionDefinition };
  ingestBatchSize: number;
}

function exportNamed(exports: Record<string, unknown>, suffix: string): string {
  const found = Object.entries(exports).filter(([name]) => name.endsWith(`-${suffix}`));
  if (found.length !== 1)
    throw new Error(`the infrastructure stack must export exactly one *-${suffix}, found ${found.length}`);
  return String(found[0]![1]);
}

/** The GSI of the ledger table keyed by shard id: where each shard's ingest batches are found. */
function shardIndexOf(plan: StackPlan, table: string): string {
  const spec = plan.tables.find((candidate) => candidate.name === table);
  const index = spec?.globalSecondaryIndexes.find((gsi) =>
    gsi.KeySchema.some((key) => key.AttributeName === 'shard_id' && key.KeyType === 'HASH'),
  );
  if (index === undefined)
    throw new Error(`the ledger table ${table} has no global secondary index with the hash key shard_id`);
  return index.IndexName;
}

/** Every name the tools need, for one stage, from resources/*.yml and the services' serverless.yml. */
export function stackNames(rootDir: string, stage: string, region: string, accountId: string): StackNames {
  const plan = planStack(loadStackTemplate({ rootDir, stage, region, accountId }), { region, accountId });
  const exports = plan.exports();
  const fn = (service: string, functionName: string) =>
    loadFunctionDefinition({
      serviceDir: `${rootDir}/services/${service}`,
      functionName,
      stage,
      region,
      accountId,
      exports,
    });
  const ingest = fn('ingest', 'processor');
  const table = exportNamed(exports, 'LedgerTableName');
  const queueName = (arn: string) => arn.split(':').pop()!;
  return {
    stream: { name: exportNamed(exports, 'StreamName'), arn: exportNamed(exports, 'StreamArn') },
    rawBucket: exportNamed(exports, 'RawBucketName'),
    processedBucket: exportNamed(exports, 'ProcessedBucketName'),
    ledger: { table, shardIndex: shardIndexOf(plan, table) },
    dlqNames: {
      ingest: queueName(exportNamed(exports, 'IngestDlqArn')),
      transform: queueName(exportNamed(exports, 'TransformDlqArn')),
    },
    functions: { ingest, transform: fn('transform', 'transformer') },
    ingestBatchSize: streamTrigger(ingest).settings.batchSize,
  };
}

export interface LocalTargetOptions {
  rootDir: string;
  stack: StackFile;
  /** Where the stack came from, for messages. */
  source?: string;
}

/** The local stack a `npm start` (or a test's pipeline) runs, as its stack file describes it. */
export function localTarget({
  rootDir,
  stack,
  source = 'the local stack',
}: LocalTargetOptions): RecoveryTarget {
  const stage = stack.stage ?? 'dev';
  const names = stackNames(rootDir, stage, stack.region, LOCAL_ACCOUNT_ID);
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
  // The emulators speak HTTP/1.1 and address buckets by path.
  const requestHandler = new NodeHttpHandler({ connectionTimeout: 2_000, requestTimeout: 60_000 });
  const settings = (endpoint: string) => ({
    region: stack.region,
    endpoint,
    credentials: stack.credentials,
    requestHandler,
  });
  const clients: RecoveryClients = {
    kinesis: new KinesisClient(settings(stack.endpoints.kinesis)),
    s3: new S3Client({ ...settings(stack.endpoints.s3), forcePathStyle: true }),
    dynamodb: new DynamoDBClient(settings(stack.endpoints.dynamodb)),
    sqs: new SQSClient(settings(stack.endpoints.sqs)),
  };
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
    destroy() {
      for (const client of Object.values(clients)) client.destroy();
      requestHandler.destroy();
    },
  };
}

export interface StageTargetOptions {
  rootDir: string;
  stage: string;
  /** The stage parameter `region` when omitted. */
  region?: string;
  /** For tests; a client of the default credential chain otherwise. */
  sts?: Pick<STSClient, 'send'>;
}

/**
 * A deployed stage. AWS credentials come from the SDK's default chain; they are checked (and
 * the account id, part of the bucket names, found) with STS before anything else is done.
 */
export async function stageTarget(options: StageTargetOptions): Promise<RecoveryTarget> {
  const { rootDir, stage } = options;
  const params = loadStackTemplate({
    rootDir,
    stage,
    region: 'us-east-1',
    accountId: LOCAL_ACCOUNT_ID,
  }).params;
  const region = options.region ?? String(params.region ?? 'us-east-1');
  const sts = options.sts ?? new STSClient({ region });
  const identity = await resolveAwsIdentity(sts);
  const names = stackNames(rootDir, stage, region, identity.account);
  const clients: RecoveryClients = {
    kinesis: new KinesisClient({ region }),
    s3: new S3Client({ region }),
    dynamodb: new DynamoDBClient({ region }),
    sqs: new SQSClient({ region }),
  };
  try {
    const queueUrl = async (name: string) => {
      try {
        const { QueueUrl } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: name }));
        return QueueUrl!;
      } catch (error) {
        throw new Error(
          `queue ${name} of stage ${stage} in ${region} is not reachable (${(error as Error).message}): ` +
            `is the stage deployed (npm run deploy -- --stage ${stage})?`,
        );
      }
    };
    const dlq = {
      ingest: await queueUrl(names.dlqNames.ingest),
      transform: await queueUrl(names.dlqNames.transform),
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
      destroy() {
        for (const client of Object.values(clients)) client.destroy();
      },
    };
  } catch (error) {
    for (const client of Object.values(clients)) client.destroy();
    throw error;
  }
}
