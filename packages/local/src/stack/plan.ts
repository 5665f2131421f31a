/**
 * What the local stack creates from the infrastructure stack's template: the Kinesis streams,
 * S3 buckets, DynamoDB tables and SQS queues with the names and settings the template gives
 * them, one planner per kind. Every other resource type (alarms, dashboards, SNS, KMS,
 * policies, ...) has no local meaning and is skipped with a note.
 */
import {
  type NamedTemplate,
  type StackLocation,
  type StackResolver,
  stackResolver,
} from './stack-resolver.js';

export interface StreamSpec {
  logicalId: string;
  name: string;
  shardCount: number;
  retentionHours?: number;
}
interface BucketSpec {
  logicalId: string;
  name: string;
}
export interface TableSpec {
  logicalId: string;
  name: string;
  billingMode: string;
  attributeDefinitions: Array<{ AttributeName: string; AttributeType: string }>;
  keySchema: Array<{ AttributeName: string; KeyType: string }>;
  globalSecondaryIndexes: Array<{
    IndexName: string;
    KeySchema: Array<{ AttributeName: string; KeyType: string }>;
    Projection: { ProjectionType?: string; NonKeyAttributes?: string[] };
    ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number };
  }>;
  ttlAttribute?: string;
}
interface QueueSpec {
  logicalId: string;
  name: string;
  attributes: Record<string, string>;
}

export interface StackPlan {
  stackName: string;
  region: string;
  accountId: string;
  streams: StreamSpec[];
  buckets: BucketSpec[];
  tables: TableSpec[];
  queues: QueueSpec[];
  /** One line per resource that is not created locally. */
  notes: string[];
  /** The exports (`Outputs.*.Export.Name` -> value), given the queues' real URLs once they exist. */
  exports(queueUrls?: Record<string, string>): Record<string, unknown>;
}

// ON_DEMAND streams start with 4 shards in AWS.
const ON_DEMAND_SHARDS = 4;
// Queue attributes the SQS emulator honours; encryption settings have no local meaning.
const QUEUE_ATTRIBUTES = [
  'DelaySeconds',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ReceiveMessageWaitTimeSeconds',
  'VisibilityTimeout',
  'FifoQueue',
  'ContentBasedDeduplication',
];
/** The artifact bucket Serverless adds to every stack it compiles: only `sls deploy` uploads there. */
const FRAMEWORK_BUCKET = 'ServerlessDeploymentBucket';

/** One property of the resource being planned, evaluated. */
type Property = (key: string) => unknown;

function planStream(logicalId: string, property: Property, r: StackResolver): StreamSpec {
  const mode = (property('StreamModeDetails') as { StreamMode?: string } | undefined)?.StreamMode;
  const retention = property('RetentionPeriodHours');
  return {
    logicalId,
    name: r.physicalName(logicalId, logicalId),
    shardCount: mode === 'ON_DEMAND' ? ON_DEMAND_SHARDS : Number(property('ShardCount') ?? 1),
    ...(retention === undefined ? {} : { retentionHours: Number(retention) }),
  };
}

function planBucket(logicalId: string, r: StackResolver): BucketSpec {
  return { logicalId, name: r.physicalName(logicalId, logicalId) };
}

function planTable(logicalId: string, property: Property, r: StackResolver): TableSpec {
  const ttl = property('TimeToLiveSpecification') as
    | { AttributeName?: string; Enabled?: boolean }
    | undefined;
  return {
    logicalId,
    name: r.physicalName(logicalId, logicalId),
    billingMode: String(property('BillingMode') ?? 'PROVISIONED'),
    attributeDefinitions: property('AttributeDefinitions') as TableSpec['attributeDefinitions'],
    keySchema: property('KeySchema') as TableSpec['keySchema'],
    globalSecondaryIndexes: (property('GlobalSecondaryIndexes') ?? []) as TableSpec['globalSecondaryIndexes'],
    ...(ttl?.Enabled && ttl.AttributeName ? { ttlAttribute: ttl.AttributeName } : {}),
  };
}

function planQueue(logicalId: string, property: Property, r: StackResolver): QueueSpec {
  const attributes: Record<string, string> = {};
  for (const key of QUEUE_ATTRIBUTES) {
    const value = property(key);
    if (value !== undefined) attributes[key] = String(value);
  }
  return { logicalId, name: r.physicalName(logicalId, logicalId), attributes };
}

/** `exports` of the stack once evaluated: every output with an `Export` whose condition holds. */
function stackExports(r: StackResolver, outputs: NonNullable<NamedTemplate['template']['Outputs']>) {
  const exported: Record<string, unknown> = {};
  for (const [key, output] of Object.entries(outputs)) {
    if (output.Export === undefined || !r.holds(output.Condition, `Outputs.${key}`)) continue;
    const name = String(r.evaluate(output.Export.Name, `Outputs.${key}.Export.Name`));
    exported[name] = r.evaluate(output.Value, `Outputs.${key}.Value`);
  }
  return exported;
}

export function planStack(stack: NamedTemplate, location: StackLocation): StackPlan {
  const { stackName, template } = stack;
  const r = stackResolver(stack, location);
  const plan: StackPlan = {
    stackName,
    ...location,
    streams: [],
    buckets: [],
    tables: [],
    queues: [],
    notes: [],
    exports: (queueUrls = {}) =>
      stackExports(stackResolver(stack, location, { queueUrls }), template.Outputs ?? {}),
  };
  for (const [logicalId, { Type, Condition, Properties = {} }] of Object.entries(template.Resources)) {
    const skipped = (reason: string) => plan.notes.push(`${logicalId} (${Type}): skipped, ${reason}`);
    if (!r.holds(Condition, logicalId)) {
      skipped(`condition ${Condition} is false`);
      continue;
    }
    const property: Property = (key) => r.evaluate(Properties[key], `${logicalId}.${key}`);
    if (logicalId === FRAMEWORK_BUCKET) skipped('the framework deploys its artifacts there');
    else if (Type === 'AWS::Kinesis::Stream') plan.streams.push(planStream(logicalId, property, r));
    else if (Type === 'AWS::S3::Bucket') plan.buckets.push(planBucket(logicalId, r));
    else if (Type === 'AWS::DynamoDB::Table') plan.tables.push(planTable(logicalId, property, r));
    else if (Type === 'AWS::SQS::Queue') plan.queues.push(planQueue(logicalId, property, r));
    else skipped('no local emulator for it');
  }
  return plan;
}

/** The value of the one export whose name ends with `-<suffix>` (`<app>-<stage>-<Name>`). */
export function exportEndingWith(exports: Record<string, unknown>, suffix: string): string {
  const found = Object.entries(exports).filter(([name]) => name.endsWith(`-${suffix}`));
  if (found.length !== 1)
    throw new Error(`the stack must export exactly one *-${suffix}, found ${found.length}`);
  return String(found[0]![1]);
}
