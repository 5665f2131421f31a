/**
 * Where status reads from, for the stack a tool targets (the local stack or a deployed stage):
 * the target's clients and names (@event-pipeline/cli), the stage's parameters
 * (config/stages.yml: the iterator-age threshold, the alarm names' prefix) and the compact
 * service's dead-letter queue, named in its compiled template (that stack is deployed on its
 * own, after the others, and the local stack may not create it).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StackTarget } from '@event-pipeline/cli';
import { type CfnTemplate, loadStageParams, numberParam, stringParam } from '@event-pipeline/infra';
import { compiledStacks } from '@event-pipeline/local';
import type { QueueSource, StatusSources } from './gather.js';

/** The compact service's on-failure queue (services/compact/serverless.yml). */
const COMPACT_DLQ_RESOURCE = 'CompactDlq';

/** The compact DLQ's name in the compact stack's template, if the template has one. */
export function compactDlqName(compactTemplate: CfnTemplate): string | undefined {
  const name = compactTemplate.Resources[COMPACT_DLQ_RESOURCE]?.Properties?.QueueName;
  return typeof name === 'string' ? name : undefined;
}

export interface StatusSourceOptions {
  rootDir: string;
  target: StackTarget;
  /** A deployed stage (CloudWatch is asked), not the local stack. */
  deployed: boolean;
  /** Told when the stacks' templates must be packaged first (seconds; cached afterwards). */
  onPackaging?: () => void;
}

export interface StatusStack {
  sources: StatusSources;
  /** Closes the clients made here (the target's own are the caller's). */
  destroy(): void;
}

export async function statusSources(options: StatusSourceOptions): Promise<StatusStack> {
  const { rootDir, target, deployed } = options;
  const params = await loadStageParams(rootDir, target.stage);
  // compiledStacks tells whether it packaged only once it is done; reading the cache takes
  // milliseconds, so a read still going after a second is a packaging, worth a word to the user.
  const packaging = setTimeout(() => options.onPackaging?.(), 1_000);
  const compiled = await compiledStacks({ rootDir, stage: target.stage, region: target.region }).finally(() =>
    clearTimeout(packaging),
  );
  const compactDlq = compactDlqName(compiled.templates.compact);
  const deadLetterQueues: QueueSource[] = [
    { queue: 'ingest', url: target.dlq.ingest },
    { queue: 'transform', url: target.dlq.transform },
    ...(compactDlq === undefined ? [] : [{ queue: 'compact' as const, name: compactDlq }]),
  ];
  const cloudWatch = deployed ? new CloudWatchClient({ region: target.region }) : undefined;
  const dynamodb = DynamoDBDocumentClient.from(target.clients.dynamodb);
  return {
    sources: {
      target: { description: target.description, stage: target.stage, region: target.region, deployed },
      clients: {
        kinesis: target.clients.kinesis,
        dynamodb,
        s3: target.clients.s3,
        sqs: target.clients.sqs,
        ...(cloudWatch === undefined ? {} : { cloudWatch }),
      },
      stream: target.stream.name,
      ledger: target.ledger,
      buckets: { raw: target.rawBucket, processed: target.processedBucket },
      deadLetterQueues,
      // resources/alarms.yml and the services name every alarm `${param:app}-${sls:stage}-<what>`.
      alarmNamePrefix: `${stringParam(params, 'app')}-${target.stage}-`,
      ingestFunctionName: target.functions.ingest.name,
      iteratorAgeThresholdMs: numberParam(params, 'alarmIteratorAgeThresholdMs'),
      getRecordsIntervalMs: target.reader.getRecordsIntervalMs,
    },
    destroy: () => cloudWatch?.destroy(),
  };
}
