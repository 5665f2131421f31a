/**
 * A stage can be deployed to a second region of the same account: every name that must be unique
 * across the account's regions (IAM, dashboards, a multi-region trail) or across all accounts
 * (buckets) carries the region, as `${AWS::Region}` or a literal region code. A resource without
 * a name property gets a unique one from CloudFormation, and is fine.
 */
import { isPlainObject } from '@event-pipeline/schema';
import { valueAt } from '../expectations/expect.js';
import { placeholder, renderString } from '../intrinsics.js';
import type { CfnTemplate, Finding } from '../template.js';
import { findingsFor, type Rule } from './rule.js';

interface AccountWideName {
  type: string;
  /** Dotted path under Properties. */
  property: string;
  /** When only some settings make the name account-wide. */
  when?: (properties: Record<string, unknown>) => boolean;
}

const isTrue = (value: unknown) => value === true || value === 'true';

/** Name properties that are unique account-wide or globally. */
export const ACCOUNT_WIDE_NAMES: readonly AccountWideName[] = [
  { type: 'AWS::IAM::Role', property: 'RoleName' },
  { type: 'AWS::IAM::ManagedPolicy', property: 'ManagedPolicyName' },
  { type: 'AWS::IAM::User', property: 'UserName' },
  { type: 'AWS::IAM::Group', property: 'GroupName' },
  { type: 'AWS::IAM::InstanceProfile', property: 'InstanceProfileName' },
  { type: 'AWS::CloudWatch::Dashboard', property: 'DashboardName' },
  { type: 'AWS::S3::Bucket', property: 'BucketName' },
  // A multi-region trail exists, under its name, in every region.
  { type: 'AWS::CloudTrail::Trail', property: 'TrailName', when: (p) => isTrue(p.IsMultiRegionTrail) },
  { type: 'AWS::Budgets::Budget', property: 'Budget.BudgetName' },
  { type: 'AWS::CE::AnomalyMonitor', property: 'MonitorName' },
];

/**
 * Name-like properties known not to be account-wide: regional names, names scoped to a parent (an
 * inline policy's name is its role's), names of other resources (references) and labels. With
 * ACCOUNT_WIDE_NAMES, every name property the stacks use is classified (a test keeps it so).
 */
export const OTHER_NAMES: Readonly<Record<string, readonly string[]>> = {
  'AWS::Kinesis::Stream': ['Name'],
  'AWS::DynamoDB::Table': ['TableName'],
  'AWS::SQS::Queue': ['QueueName'],
  'AWS::SNS::Topic': ['TopicName', 'DisplayName'],
  'AWS::KMS::Alias': ['AliasName'],
  'AWS::CloudWatch::Alarm': ['AlarmName', 'MetricName'],
  'AWS::Logs::LogGroup': ['LogGroupName'],
  'AWS::Lambda::Function': ['FunctionName'],
  'AWS::Lambda::Version': ['FunctionName'],
  'AWS::Lambda::Alias': ['Name', 'FunctionName'],
  'AWS::Lambda::EventSourceMapping': ['FunctionName'],
  'AWS::Lambda::EventInvokeConfig': ['FunctionName'],
  'AWS::Lambda::Permission': ['FunctionName'],
  'AWS::IAM::Policy': ['PolicyName'],
  'AWS::CloudTrail::Trail': ['TrailName', 'S3BucketName'],
  'AWS::Events::Rule': ['Name', 'EventBusName'],
  'AWS::Scheduler::Schedule': ['Name', 'GroupName'],
  'Custom::S3': ['FunctionName', 'BucketName'],
  // The Glue Data Catalog and Athena are per region: a database, table or workgroup name is regional.
  'AWS::Glue::Table': ['DatabaseName'],
  'AWS::Athena::WorkGroup': ['Name'],
  'AWS::Athena::NamedQuery': ['Name', 'Database', 'WorkGroup'],
};

/** A region code such as us-east-1, eu-central-2 or us-gov-west-1. */
const REGION_CODE = /(^|[^a-z0-9])[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+($|[^0-9])/;

/** The rendered name carries the region: `${AWS::Region}` or a region code. */
export function carriesRegion(name: string): boolean {
  return name.includes(placeholder('AWS::Region')) || REGION_CODE.test(name);
}

export const regionScopedNames: Rule = (stack: string, template: CfnTemplate) => {
  const finding = findingsFor(stack, 'region-scoped-names');
  const findings: Finding[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    const properties = resource.Properties ?? {};
    for (const name of ACCOUNT_WIDE_NAMES) {
      if (name.type !== resource.Type || (name.when && !name.when(properties))) continue;
      const value = valueAt(properties, name.property);
      if (value === undefined) continue;
      const rendered = renderString(value);
      if (!carriesRegion(rendered)) {
        findings.push(
          finding(
            id,
            name.property,
            `${name.property} ${rendered} is account-wide but does not carry the region: the stage deployed to a second region would collide with it`,
          ),
        );
      }
    }
  }
  return findings;
};

/** Every top-level `*Name`/`Name` property of the template's resources, for classification. */
export function nameProperties(template: CfnTemplate): Array<{ id: string; type: string; property: string }> {
  return Object.entries(template.Resources).flatMap(([id, resource]) =>
    Object.keys(isPlainObject(resource.Properties) ? resource.Properties : {})
      .filter((key) => key === 'Name' || key.endsWith('Name'))
      .map((property) => ({ id, type: resource.Type, property })),
  );
}
