/**
 * The answers a deployed stack gives to its template's intrinsic functions: pseudo parameters,
 * parameter defaults, `Ref` and `Fn::GetAtt` of its resources (the names the template gives
 * them, else names generated as CloudFormation does), conditions, mappings, and
 * `Fn::ImportValue` from the exports of the stacks deployed before it.
 */
import { evaluate, IntrinsicError, type IntrinsicResolver } from './intrinsics.js';

interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Condition?: string;
}

/** The parts of a CloudFormation template (compiled or assembled) read here. */
export interface Template {
  Parameters?: Record<string, unknown>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, TemplateResource>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown }; Condition?: string }>;
}

/** A template and the name of the CloudFormation stack it is deployed as. */
export interface NamedTemplate {
  stackName: string;
  template: Template;
}

export interface StackLocation {
  region: string;
  accountId: string;
}

interface ResolverAnswers {
  /** Other stacks' exports (`Export.Name` -> value), for `Fn::ImportValue`. */
  imports?: Readonly<Record<string, unknown>>;
  /** Queue logical id -> URL, once the queues exist (a placeholder URL before). */
  queueUrls?: Readonly<Record<string, string>>;
}

export interface StackResolver {
  /** `value` with every intrinsic function evaluated; `where` names it in errors. */
  evaluate(value: unknown, where: string): unknown;
  physicalName(logicalId: string, where: string): string;
  arn(logicalId: string, where: string): string;
  /** Whether something guarded by `condition` (none: always) is in the stack. */
  holds(condition: string | undefined, where: string): boolean;
}

/** The name property CloudFormation uses for each type (others get a generated name). */
const NAME_PROPERTY: Record<string, string> = {
  'AWS::Kinesis::Stream': 'Name',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::CloudWatch::Alarm': 'AlarmName',
  'AWS::CloudWatch::Dashboard': 'DashboardName',
};

function arnOf(type: string, name: string, logicalId: string, { region, accountId }: StackLocation): string {
  switch (type) {
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
    case 'AWS::Lambda::Function':
      return `arn:aws:lambda:${region}:${accountId}:function:${name}`;
    case 'AWS::IAM::Role':
      return `arn:aws:iam::${accountId}:role/${name}`;
    default:
      return `arn:aws:local:${region}:${accountId}:${logicalId}/${name}`;
  }
}

/** The name CloudFormation makes up for a resource whose template gives none (without its random suffix). */
function generatedName(stackName: string, logicalId: string, type: string): string {
  const name = `${stackName}-${logicalId}`;
  // Bucket names are lower case; CloudFormation lowercases the ones it generates.
  return type === 'AWS::S3::Bucket' ? name.toLowerCase() : name;
}

export function stackResolver(
  { stackName, template }: NamedTemplate,
  location: StackLocation,
  answers: ResolverAnswers = {},
): StackResolver {
  const { region, accountId } = location;
  const names = new Map<string, string>();
  const naming = new Set<string>();
  const conditions = new Map<string, boolean>();
  const pseudo: Record<string, string> = {
    'AWS::AccountId': accountId,
    'AWS::Region': region,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': stackName,
    'AWS::StackId': `arn:aws:cloudformation:${region}:${accountId}:stack/${stackName}/local`,
  };

  const resource = (logicalId: string, where: string): TemplateResource => {
    const found = template.Resources[logicalId];
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
    const name = given === undefined ? generatedName(stackName, logicalId, Type) : String(given);
    names.set(logicalId, name);
    return name;
  };

  const arn = (logicalId: string, where: string): string =>
    arnOf(resource(logicalId, where).Type, physicalName(logicalId, where), logicalId, location);

  const resolver: IntrinsicResolver = {
    ref(name, where) {
      if (name in pseudo) return pseudo[name];
      const parameter = template.Parameters?.[name] as { Default?: unknown } | undefined;
      if (parameter !== undefined) {
        if (parameter.Default === undefined)
          throw new IntrinsicError(`${where}: parameter ${name} has no Default`);
        return parameter.Default;
      }
      const { Type } = resource(name, where);
      if (Type === 'AWS::SQS::Queue')
        return answers.queueUrls?.[name] ?? `http://sqs.local/${accountId}/${physicalName(name, where)}`;
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
      const conditionsOfTemplate = template.Conditions ?? {};
      if (!(name in conditionsOfTemplate)) throw new IntrinsicError(`${where}: no condition named ${name}`);
      const value = evaluate(conditionsOfTemplate[name], resolver, `Conditions.${name}`) === true;
      conditions.set(name, value);
      return value;
    },
    importValue(name, where) {
      const imports = answers.imports ?? {};
      if (!(name in imports)) throw new IntrinsicError(`${where}: no stack exports ${name}`);
      return imports[name];
    },
    findInMap(map, top, second, where) {
      const value = template.Mappings?.[map]?.[top]?.[second];
      if (value === undefined) throw new IntrinsicError(`${where}: no mapping ${map}.${top}.${second}`);
      return value;
    },
  };

  return {
    evaluate: (value, where) => evaluate(value, resolver, where),
    physicalName,
    arn,
    holds: (condition, where) => condition === undefined || resolver.condition(condition, where),
  };
}
