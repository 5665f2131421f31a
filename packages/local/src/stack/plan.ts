/**
 * What the local stack creates from a template: the Kinesis streams, S3 buckets, DynamoDB
 * tables and SQS queues with the names and settings the template gives them. Every other
 * resource type (alarms, dashboards, SNS, KMS, policies, ...) has no local meaning and is
 * skipped with a note. `Ref`/`Fn::GetAtt` answer what CloudFormation would answer.
 */
import { evaluate, IntrinsicError, type IntrinsicResolver } from './intrinsics.js';
import type { CloudFormationResource, LoadedStack } from './template.js';

export interface StreamSpec {
  logicalId: string;
  name: string;
  shardCount: number;
  retentionHours?: number;
}
export interface BucketSpec {
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
export interface QueueSpec {
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

/** The name property CloudFormation uses for each type (others get a generated name). */
const NAME_PROPERTY: Record<string, string> = {
  'AWS::Kinesis::Stream': 'Name',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::CloudWatch::Alarm': 'AlarmName',
  'AWS::CloudWatch::Dashboard': 'DashboardName',
};

export function planStack(loaded: LoadedStack, options: { region: string; accountId: string }): StackPlan {
  const { template, stackName } = loaded;
  const { region, accountId } = options;
  const resources = template.Resources;
  const names = new Map<string, string>();
  const naming = new Set<string>();
  const conditions = new Map<string, boolean>();
  let queueUrls: Record<string, string> = {};

  const pseudo: Record<string, string> = {
    'AWS::AccountId': accountId,
    'AWS::Region': region,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': stackName,
    'AWS::StackId': `arn:aws:cloudformation:${region}:${accountId}:stack/${stackName}/local`,
  };

  const resource = (logicalId: string, where: string): CloudFormationResource => {
    const found = resources[logicalId];
    if (found === undefined)
      throw new IntrinsicError(`${where}: no resource or parameter named ${logicalId}`);
    return found;
  };

  const physicalName = (logicalId: string, where: string): string => {
    const known = names.get(logicalId);
    if (known !== undefined) return known;
    const { Type, Properties = {} } = resource(logicalId, where);
    const property = NAME_PROPERTY[Type];
    if (naming.has(logicalId))
      throw new IntrinsicError(`${where}: the name of ${logicalId} refers to itself`);
    naming.add(logicalId);
    const given =
      property === undefined
        ? undefined
        : evaluate(Properties[property], resolver, `${logicalId}.${property}`);
    naming.delete(logicalId);
    const name = given === undefined ? `${stackName}-${logicalId}` : String(given);
    names.set(logicalId, name);
    return name;
  };

  const arn = (logicalId: string, where: string): string => {
    const { Type } = resource(logicalId, where);
    const name = physicalName(logicalId, where);
    switch (Type) {
      case 'AWS::Kinesis::Stream':
        return `arn:aws:kinesis:${region}:${accountId}:stream/${name}`;
      case 'AWS::S3::Bucket':
        return `arn:aws:s3:::${name}`;
      case 'AWS::DynamoDB::Table':
        return `arn:aws:dynamodb:${region}:${accountId}:table/${name}`;
      case 'AWS::SQS::Queue':
        return `arn:aws:sqs:${region}:${accountId}:${name}`;
      case 'AWS::SNS::Topic':
        return `arn:aws:sns:${region}:${accountId}:${name}`;
      default:
        return `arn:aws:local:${region}:${accountId}:${logicalId}/${name}`;
    }
  };

  const resolver: IntrinsicResolver = {
    ref(name, where) {
      if (name in pseudo) return pseudo[name];
      const parameter = template.Parameters[name];
      if (parameter !== undefined) {
        if (parameter.Default === undefined)
          throw new IntrinsicError(`${where}: parameter ${name} has no Default`);
        return parameter.Default;
      }
      const { Type } = resource(name, where);
      if (Type === 'AWS::SQS::Queue')
        return queueUrls[name] ?? `http://sqs.local/${accountId}/${physicalName(name, where)}`;
      if (Type === 'AWS::SNS::Topic') return arn(name, where);
      return physicalName(name, where);
    },
    getAtt(logicalId, attribute, where) {
      const { Type } = resource(logicalId, where);
      if (attribute === 'Arn' || attribute === 'TopicArn') return arn(logicalId, where);
      if (Type === 'AWS::SQS::Queue' && attribute === 'QueueUrl') return resolver.ref(logicalId, where);
      if (attribute.endsWith('Name')) return physicalName(logicalId, where);
      if (Type === 'AWS::S3::Bucket' && attribute.endsWith('DomainName'))
        return `${physicalName(logicalId, where)}.s3.${region}.amazonaws.com`;
      return `${logicalId}.${attribute}`;
    },
    condition(name, where) {
      const known = conditions.get(name);
      if (known !== undefined) return known;
      if (!(name in template.Conditions)) throw new IntrinsicError(`${where}: no condition named ${name}`);
      const value = evaluate(template.Conditions[name], resolver, `Conditions.${name}`) === true;
      conditions.set(name, value);
      return value;
    },
    importValue(name, where) {
      throw new IntrinsicError(
        `${where}: Fn::ImportValue ${name} cannot be resolved inside the stack that exports it`,
      );
    },
    findInMap(map, top, second, where) {
      const value = template.Mappings[map]?.[top]?.[second];
      if (value === undefined) throw new IntrinsicError(`${where}: no mapping ${map}.${top}.${second}`);
      return value;
    },
  };

  const plan: StackPlan = {
    stackName,
    region,
    accountId,
    streams: [],
    buckets: [],
    tables: [],
    queues: [],
    notes: [],
    exports(urls = {}) {
      queueUrls = urls;
      const out: Record<string, unknown> = {};
      for (const [key, output] of Object.entries(template.Outputs)) {
        if (output.Condition !== undefined && !resolver.condition(output.Condition, `Outputs.${key}`))
          continue;
        if (output.Export === undefined) continue;
        const name = String(evaluate(output.Export.Name, resolver, `Outputs.${key}.Export.Name`));
        out[name] = evaluate(output.Value, resolver, `Outputs.${key}.Value`);
      }
      return out;
    },
  };

  for (const [logicalId, definition] of Object.entries(resources)) {
    if (definition.Condition !== undefined && !resolver.condition(definition.Condition, logicalId)) {
      plan.notes.push(
        `${logicalId} (${definition.Type}): skipped, condition ${definition.Condition} is false`,
      );
      continue;
    }
    const properties = (definition.Properties ?? {}) as Record<string, unknown>;
    const property = (key: string) => evaluate(properties[key], resolver, `${logicalId}.${key}`);
    switch (definition.Type) {
      case 'AWS::Kinesis::Stream': {
        const mode = (property('StreamModeDetails') as { StreamMode?: string } | undefined)?.StreamMode;
        const retention = property('RetentionPeriodHours');
        plan.streams.push({
          logicalId,
          name: physicalName(logicalId, logicalId),
          shardCount: mode === 'ON_DEMAND' ? ON_DEMAND_SHARDS : Number(property('ShardCount') ?? 1),
          ...(retention === undefined ? {} : { retentionHours: Number(retention) }),
        });
        break;
      }
      case 'AWS::S3::Bucket':
        plan.buckets.push({ logicalId, name: physicalName(logicalId, logicalId) });
        break;
      case 'AWS::DynamoDB::Table': {
        const ttl = property('TimeToLiveSpecification') as
          | { AttributeName?: string; Enabled?: boolean }
          | undefined;
        const billingMode = String(property('BillingMode') ?? 'PROVISIONED');
        const indexes = (property('GlobalSecondaryIndexes') ?? []) as TableSpec['globalSecondaryIndexes'];
        plan.tables.push({
          logicalId,
          name: physicalName(logicalId, logicalId),
          billingMode,
          attributeDefinitions: property('AttributeDefinitions') as TableSpec['attributeDefinitions'],
          keySchema: property('KeySchema') as TableSpec['keySchema'],
          globalSecondaryIndexes: indexes,
          ...(ttl?.Enabled && ttl.AttributeName ? { ttlAttribute: ttl.AttributeName } : {}),
        });
        break;
      }
      case 'AWS::SQS::Queue': {
        const attributes: Record<string, string> = {};
        for (const key of QUEUE_ATTRIBUTES) {
          const value = property(key);
          if (value !== undefined) attributes[key] = String(value);
        }
        plan.queues.push({ logicalId, name: physicalName(logicalId, logicalId), attributes });
        break;
      }
      default:
        plan.notes.push(`${logicalId} (${definition.Type}): skipped, no local emulator for it`);
    }
  }
  return plan;
}
