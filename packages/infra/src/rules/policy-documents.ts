/** IAM policy documents of a template: identity policies (what a role may do) and resource policies. */
import { isPlainObject } from '@event-pipeline/schema';
import { renderString } from '../intrinsics.js';
import type { CfnTemplate } from '../template.js';

export interface PolicyStatement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: unknown;
}

/** A policy document found in a template: where it is, and its statements. */
export interface LocatedPolicy {
  resource: string;
  property: string;
  statements: PolicyStatement[];
}

export function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function statementsOf(document: unknown): PolicyStatement[] {
  if (typeof document === 'string') {
    try {
      return statementsOf(JSON.parse(document));
    } catch {
      return [];
    }
  }
  if (!isPlainObject(document)) return [];
  return asList(document.Statement).filter(isPlainObject) as PolicyStatement[];
}

/** Inline policies of roles, standalone and managed policies: what principals of this stack may do. */
export function identityPolicies(template: CfnTemplate): LocatedPolicy[] {
  const found: LocatedPolicy[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    const props = resource.Properties ?? {};
    if (
      resource.Type === 'AWS::IAM::Role' ||
      resource.Type === 'AWS::IAM::User' ||
      resource.Type === 'AWS::IAM::Group'
    ) {
      asList(props.Policies).forEach((policy, i) => {
        if (isPlainObject(policy)) {
          found.push({
            resource: id,
            property: `Policies[${i}].PolicyDocument`,
            statements: statementsOf(policy.PolicyDocument),
          });
        }
      });
    } else if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      found.push({
        resource: id,
        property: 'PolicyDocument',
        statements: statementsOf(props.PolicyDocument),
      });
    }
  }
  return found;
}

const RESOURCE_POLICY_PROPERTY: Record<string, string> = {
  'AWS::S3::BucketPolicy': 'PolicyDocument',
  'AWS::SQS::QueuePolicy': 'PolicyDocument',
  'AWS::SNS::TopicPolicy': 'PolicyDocument',
  'AWS::KMS::Key': 'KeyPolicy',
  'AWS::IAM::Role': 'AssumeRolePolicyDocument',
  'AWS::Kinesis::ResourcePolicy': 'ResourcePolicy',
  'AWS::DynamoDB::Table': 'ResourcePolicy.PolicyDocument',
};

/** Policies attached to resources (and role trust policies): who may act on them. */
export function resourcePolicies(template: CfnTemplate): LocatedPolicy[] {
  const found: LocatedPolicy[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    const path = RESOURCE_POLICY_PROPERTY[resource.Type];
    if (!path) continue;
    let document: unknown = resource.Properties;
    for (const key of path.split('.')) document = isPlainObject(document) ? document[key] : undefined;
    if (document !== undefined)
      found.push({ resource: id, property: path, statements: statementsOf(document) });
  }
  return found;
}

/** `*`, `{AWS: '*'}` or `{AWS: ['*']}`: anyone, including other accounts and anonymous callers. */
export function isAnyPrincipal(principal: unknown): boolean {
  if (principal === '*') return true;
  if (!isPlainObject(principal)) return false;
  return asList(principal.AWS).some((p) => p === '*');
}

/** A Deny of every action of the service unless the request came over TLS. */
export function isTlsOnlyStatement(statement: PolicyStatement, service: string): boolean {
  if (statement.Effect !== 'Deny' || !isAnyPrincipal(statement.Principal)) return false;
  const actions = asList(statement.Action).map(renderString);
  if (!actions.some((a) => a === '*' || a === `${service}:*`)) return false;
  const bool = isPlainObject(statement.Condition) ? statement.Condition.Bool : undefined;
  const secure = isPlainObject(bool) ? bool['aws:SecureTransport'] : undefined;
  return secure === false || secure === 'false';
}

/** Every condition key a statement tests, whatever the operator (`aws:SourceArn`, `s3:TlsVersion`, ...). */
export function conditionKeys(statement: PolicyStatement): string[] {
  if (!isPlainObject(statement.Condition)) return [];
  return Object.values(statement.Condition).flatMap((block) =>
    isPlainObject(block) ? Object.keys(block) : [],
  );
}

/** A Deny of every S3 action, for anyone, of requests whose TLS version is below `minimum` (or higher). */
export function isOutdatedTlsDenial(statement: PolicyStatement, minimum: number): boolean {
  if (statement.Effect !== 'Deny' || !isAnyPrincipal(statement.Principal)) return false;
  const actions = asList(statement.Action).map(renderString);
  if (!actions.some((a) => a === '*' || a === 's3:*')) return false;
  const below = isPlainObject(statement.Condition) ? statement.Condition.NumericLessThan : undefined;
  const version = isPlainObject(below) ? Number(below['s3:TlsVersion']) : Number.NaN;
  return version >= minimum;
}
