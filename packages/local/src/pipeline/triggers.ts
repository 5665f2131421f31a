/**
 * The event sources of the three functions, as their stacks deploy them: the ingest function's
 * Kinesis event source mapping (batch size, window, retries, bisect, partial batch responses,
 * on-failure destination), the transformer's S3 notification (bucket, event, prefix/suffix
 * rules) with its asynchronous invocation settings (retries, on-failure destination), and the
 * compactor's EventBridge schedule. What a template leaves out takes Lambda's default.
 */
import type { KinesisMappingSettings } from '../kinesis/event-source-mapping.js';
import type { NotificationFilter } from '../s3/notifications.js';
import { type FunctionSpec, functionNamed, type ServicePlan } from '../stack/service-plan.js';
import type { Template } from '../stack/stack-resolver.js';

// Lambda's defaults for a Kinesis event source mapping.
const KINESIS_DEFAULTS = {
  BatchSize: 100,
  MaximumBatchingWindowInSeconds: 0,
  MaximumRetryAttempts: -1,
  MaximumRecordAgeInSeconds: -1,
  ParallelizationFactor: 1,
} as const;
// Lambda's default for asynchronous invocations.
const ASYNC_RETRY_DEFAULT = 2;

function onFailureArn(properties: Record<string, unknown>): { onFailureArn?: string } {
  const config = properties.DestinationConfig as { OnFailure?: { Destination?: unknown } } | undefined;
  const destination = config?.OnFailure?.Destination;
  return typeof destination === 'string' ? { onFailureArn: destination } : {};
}

export interface StreamTrigger {
  fn: FunctionSpec;
  streamArn: string;
  streamName: string;
  settings: KinesisMappingSettings;
  parallelizationFactor: number;
  onFailureArn?: string;
}

export function kinesisTrigger(service: ServicePlan): StreamTrigger {
  const mappings = service.eventSourceMappings.filter((mapping) =>
    String(mapping.properties.EventSourceArn).startsWith('arn:aws:kinesis:'),
  );
  if (mappings.length !== 1)
    throw new Error(
      `${service.stackName}: expected one Kinesis event source mapping, found ${mappings.length}`,
    );
  const { logicalId, functionName, properties } = mappings[0]!;
  const streamArn = String(properties.EventSourceArn);
  const number = (key: keyof typeof KINESIS_DEFAULTS) => Number(properties[key] ?? KINESIS_DEFAULTS[key]);
  const position = String(properties.StartingPosition);
  if (position !== 'LATEST' && position !== 'TRIM_HORIZON')
    throw new Error(`${logicalId}: StartingPosition ${position} is not emulated (LATEST or TRIM_HORIZON)`);
  const responseTypes = (properties.FunctionResponseTypes ?? []) as unknown[];
  return {
    fn: functionNamed(service, functionName, logicalId),
    streamArn,
    streamName: streamArn.split('/').pop()!,
    parallelizationFactor: number('ParallelizationFactor'),
    settings: {
      batchSize: number('BatchSize'),
      batchWindowSeconds: number('MaximumBatchingWindowInSeconds'),
      maximumRetryAttempts: number('MaximumRetryAttempts'),
      maximumRecordAgeSeconds: number('MaximumRecordAgeInSeconds'),
      bisectBatchOnFunctionError: properties.BisectBatchOnFunctionError === true,
      reportBatchItemFailures: responseTypes.includes('ReportBatchItemFailures'),
      startingPosition: position,
    },
    ...onFailureArn(properties),
  };
}

export interface BucketTrigger {
  fn: FunctionSpec;
  bucket: string;
  filter: NotificationFilter;
  maximumRetryAttempts: number;
  onFailureArn?: string;
}

export function s3Trigger(service: ServicePlan): BucketTrigger {
  const notifications = service.bucketNotifications;
  if (notifications.length !== 1)
    throw new Error(`${service.stackName}: expected one S3 notification, found ${notifications.length}`);
  const { logicalId, bucket, functionName, filter } = notifications[0]!;
  const fn = functionNamed(service, functionName, logicalId);
  // The settings of the unqualified function, which S3 invokes.
  const config = service.eventInvokeConfigs.find(
    ({ functionName: target, properties }) =>
      (target === fn.name || target === fn.arn) && (properties.Qualifier ?? '$LATEST') === '$LATEST',
  )?.properties;
  return {
    fn,
    bucket,
    filter,
    maximumRetryAttempts: Number(config?.MaximumRetryAttempts ?? ASYNC_RETRY_DEFAULT),
    ...(config === undefined ? {} : onFailureArn(config)),
  };
}

export interface ScheduleTrigger {
  fn: FunctionSpec;
  /** As the rule gives it: `rate(15 minutes)`, `cron(...)`. */
  scheduleExpression: string;
}

/** The logical id an EventBridge target's `Arn` names (`Fn::GetAtt: [<id>, Arn]`), if any. */
function targetLogicalId(arn: unknown): string | undefined {
  const getAtt = (arn as { 'Fn::GetAtt'?: unknown } | undefined)?.['Fn::GetAtt'];
  if (Array.isArray(getAtt) && getAtt[1] === 'Arn') return String(getAtt[0]);
  if (typeof getAtt === 'string' && getAtt.endsWith('.Arn')) return getAtt.slice(0, -'.Arn'.length);
  return undefined;
}

/** The one schedule rule of a service's template that targets one of its functions. */
export function scheduleTrigger(service: ServicePlan, template: Template): ScheduleTrigger {
  const found: ScheduleTrigger[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const expression = resource.Properties?.ScheduleExpression;
    if (resource.Type !== 'AWS::Events::Rule' || typeof expression !== 'string') continue;
    for (const target of (resource.Properties?.Targets ?? []) as Array<{ Arn?: unknown }>) {
      const fn = service.functions.find((candidate) => candidate.logicalId === targetLogicalId(target.Arn));
      if (fn === undefined)
        throw new Error(`${service.stackName}: ${logicalId} targets no function of the stack`);
      found.push({ fn, scheduleExpression: expression });
    }
  }
  if (found.length !== 1)
    throw new Error(`${service.stackName}: expected one scheduled function, found ${found.length}`);
  return found[0]!;
}
