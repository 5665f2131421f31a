/**
 * The Lambda side of a service stack's template: its functions (name, role, timeout, memory,
 * environment) and what invokes them: Kinesis event source mappings, asynchronous invocation
 * settings (`AWS::Lambda::EventInvokeConfig`) and S3 bucket notifications, CloudFormation's own
 * (a bucket's `NotificationConfiguration`) or the framework's `Custom::S3` resource, which adds
 * one to a bucket of another stack (`existing: true`). Values are evaluated, imports answered
 * by the stacks deployed before.
 */
import { isPlainObject } from '@event-pipeline/schema';
import type { NotificationFilter } from '../s3/notifications.js';
import {
  type NamedTemplate,
  type StackLocation,
  type StackResolver,
  stackResolver,
} from './stack-resolver.js';

export interface FunctionSpec {
  logicalId: string;
  name: string;
  arn: string;
  /** The execution role, the `invokeIdentityArn` of the Kinesis records it is given. */
  roleArn: string;
  timeoutSeconds: number;
  memoryMb: number;
  environment: Record<string, string>;
}

/** A resource that configures how a function is invoked: the function it names, its properties evaluated. */
interface InvocationSpec {
  logicalId: string;
  /** `FunctionName` as given: a name or an ARN. */
  functionName: string;
  properties: Record<string, unknown>;
}

interface BucketNotificationSpec {
  logicalId: string;
  bucket: string;
  /** A name or an ARN. */
  functionName: string;
  filter: NotificationFilter;
}

export interface ServicePlan {
  stackName: string;
  functions: FunctionSpec[];
  eventSourceMappings: InvocationSpec[];
  eventInvokeConfigs: InvocationSpec[];
  bucketNotifications: BucketNotificationSpec[];
}

// CloudFormation's defaults for a function.
const DEFAULT_TIMEOUT_SECONDS = 3;
const DEFAULT_MEMORY_MB = 128;
/** The framework's custom resource adding a notification to a bucket it does not create. */
const FRAMEWORK_S3_NOTIFICATION = 'Custom::S3';

type Properties = Record<string, unknown>;

function planFunction(logicalId: string, properties: Properties, r: StackResolver): FunctionSpec {
  const at = (key: string) => `${logicalId}.${key}`;
  const variables = r.evaluate(
    (properties.Environment as { Variables?: unknown } | undefined)?.Variables,
    at('Environment.Variables'),
  );
  return {
    logicalId,
    name: r.physicalName(logicalId, logicalId),
    arn: r.arn(logicalId, logicalId),
    roleArn: String(r.evaluate(properties.Role, at('Role'))),
    timeoutSeconds: Number(r.evaluate(properties.Timeout, at('Timeout')) ?? DEFAULT_TIMEOUT_SECONDS),
    memoryMb: Number(r.evaluate(properties.MemorySize, at('MemorySize')) ?? DEFAULT_MEMORY_MB),
    environment: Object.fromEntries(
      Object.entries(isPlainObject(variables) ? variables : {}).map(([key, value]) => [key, String(value)]),
    ),
  };
}

function planInvocation(logicalId: string, properties: Properties, r: StackResolver): InvocationSpec {
  const evaluated = r.evaluate(properties, logicalId) as Properties;
  return { logicalId, functionName: String(evaluated.FunctionName), properties: evaluated };
}

/** Filter rules as S3 notifications give them (`{Name: prefix|suffix, Value}`) or `Custom::S3` does (`{Prefix}`, `{Suffix}`). */
function keyFilter(event: unknown, rules: unknown): NotificationFilter {
  const filter: NotificationFilter = { event: String(event) };
  for (const rule of Array.isArray(rules) ? (rules as Properties[]) : []) {
    const name = String(rule.Name ?? '').toLowerCase();
    const prefix = rule.Prefix ?? (name === 'prefix' ? rule.Value : undefined);
    const suffix = rule.Suffix ?? (name === 'suffix' ? rule.Value : undefined);
    if (prefix !== undefined) filter.prefix = String(prefix);
    if (suffix !== undefined) filter.suffix = String(suffix);
  }
  return filter;
}

function bucketNotifications(
  logicalId: string,
  properties: Properties,
  r: StackResolver,
): BucketNotificationSpec[] {
  const evaluated = r.evaluate(
    properties.NotificationConfiguration,
    `${logicalId}.NotificationConfiguration`,
  );
  const configurations = (evaluated as { LambdaConfigurations?: Properties[] } | undefined)
    ?.LambdaConfigurations;
  return (configurations ?? []).map((configuration) => ({
    logicalId,
    bucket: r.physicalName(logicalId, logicalId),
    functionName: String(configuration.Function),
    filter: keyFilter(
      configuration.Event,
      (configuration.Filter as { S3Key?: Properties } | undefined)?.S3Key?.Rules,
    ),
  }));
}

function frameworkNotifications(
  logicalId: string,
  properties: Properties,
  r: StackResolver,
): BucketNotificationSpec[] {
  const evaluated = r.evaluate(properties, logicalId) as Properties;
  const configurations = (evaluated.BucketConfigs ?? []) as Properties[];
  return configurations.map((configuration) => ({
    logicalId,
    bucket: String(evaluated.BucketName),
    functionName: String(evaluated.FunctionName),
    filter: keyFilter(configuration.Event, configuration.Rules),
  }));
}

export function planService(
  stack: NamedTemplate,
  location: StackLocation,
  imports: Readonly<Record<string, unknown>>,
): ServicePlan {
  const r = stackResolver(stack, location, { imports });
  const plan: ServicePlan = {
    stackName: stack.stackName,
    functions: [],
    eventSourceMappings: [],
    eventInvokeConfigs: [],
    bucketNotifications: [],
  };
  for (const [logicalId, { Type, Condition, Properties = {} }] of Object.entries(stack.template.Resources)) {
    if (!r.holds(Condition, logicalId)) continue;
    if (Type === 'AWS::Lambda::Function') plan.functions.push(planFunction(logicalId, Properties, r));
    else if (Type === 'AWS::Lambda::EventSourceMapping')
      plan.eventSourceMappings.push(planInvocation(logicalId, Properties, r));
    else if (Type === 'AWS::Lambda::EventInvokeConfig')
      plan.eventInvokeConfigs.push(planInvocation(logicalId, Properties, r));
    else if (Type === 'AWS::S3::Bucket')
      plan.bucketNotifications.push(...bucketNotifications(logicalId, Properties, r));
    else if (Type === FRAMEWORK_S3_NOTIFICATION)
      plan.bucketNotifications.push(...frameworkNotifications(logicalId, Properties, r));
  }
  return plan;
}

/** The function `reference` names: its name or ARN, as `FunctionName` takes either. */
export function functionNamed(service: ServicePlan, reference: string, where: string): FunctionSpec {
  const found = service.functions.find((fn) => fn.name === reference || fn.arn === reference);
  if (found === undefined) throw new Error(`${where}: ${service.stackName} has no function ${reference}`);
  return found;
}
