// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation ${...} placeholders, not JavaScript templates
import { describe, expect, it } from '@jest/globals';
import { carriesRegion, nameProperties, regionScopedNames } from '../../src/rules/region-scoped-names.js';
import { role, template } from '../helpers/factories.js';

const where = (findings: Array<{ resource: string; property: string }>) =>
  findings.map((f) => `${f.resource}.${f.property}`);

describe('carriesRegion', () => {
  it('sees ${AWS::Region} or a region code, and nothing else', () => {
    for (const name of [
      'app-dev-${AWS::Region}',
      'app-dev-eu-central-1',
      'x-us-gov-west-1-y',
      'ap-southeast-2',
    ])
      expect(carriesRegion(name)).toBe(true);
    for (const name of ['app-dev-transformer', 'app-dev-us-east', 'app-prod-2024', '${AWS::AccountId}'])
      expect(carriesRegion(name)).toBe(false);
  });
});

describe('regionScopedNames', () => {
  it('accepts account-wide names with the region, and resources CloudFormation names', () => {
    const t = template({
      Role: role([], {
        RoleName: { 'Fn::Join': ['-', ['app', 'dev', 'fn', { Ref: 'AWS::Region' }, 'lambdaRole']] },
      }),
      Unnamed: role([]),
      Dashboard: {
        Type: 'AWS::CloudWatch::Dashboard',
        Properties: { DashboardName: { 'Fn::Sub': 'app-dev-${AWS::Region}' }, DashboardBody: '{}' },
      },
      Policy: {
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: { ManagedPolicyName: 'app-dev-operator-us-west-2', PolicyDocument: {} },
      },
      // Regional: the same name in another region is another queue.
      Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'app-dev-dlq' } },
      Trail: {
        Type: 'AWS::CloudTrail::Trail',
        Properties: { TrailName: 'app-dev-data-events', IsMultiRegionTrail: false },
      },
    });
    expect(regionScopedNames('infra', t)).toEqual([]);
  });

  it('flags each account-wide name that would collide in a second region', () => {
    const t = template({
      Role: role([], { RoleName: 'app-transform-dev-transformer' }),
      Dashboard: {
        Type: 'AWS::CloudWatch::Dashboard',
        Properties: { DashboardName: 'app-dev', DashboardBody: '{}' },
      },
      Policy: {
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: { ManagedPolicyName: 'app-dev-operator', PolicyDocument: {} },
      },
      Bucket: {
        Type: 'AWS::S3::Bucket',
        Properties: { BucketName: { 'Fn::Sub': 'app-dev-raw-${AWS::AccountId}' } },
      },
      Trail: {
        Type: 'AWS::CloudTrail::Trail',
        Properties: { TrailName: 'app-dev-all', IsMultiRegionTrail: true },
      },
      Budget: { Type: 'AWS::Budgets::Budget', Properties: { Budget: { BudgetName: 'app-dev' } } },
    });
    const findings = regionScopedNames('infra', t);
    expect(where(findings)).toEqual([
      'Role.RoleName',
      'Dashboard.DashboardName',
      'Policy.ManagedPolicyName',
      'Bucket.BucketName',
      'Trail.TrailName',
      'Budget.Budget.BudgetName',
    ]);
    expect(findings[0]!.message).toBe(
      'RoleName app-transform-dev-transformer is account-wide but does not carry the region: the stage deployed to a second region would collide with it',
    );
  });
});

describe('nameProperties', () => {
  it('lists the top-level name properties of every resource', () => {
    const t = template({
      Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'q', DelaySeconds: 1 } },
      Stream: { Type: 'AWS::Kinesis::Stream', Properties: { Name: 's' } },
    });
    expect(nameProperties(t)).toEqual([
      { id: 'Queue', type: 'AWS::SQS::Queue', property: 'QueueName' },
      { id: 'Stream', type: 'AWS::Kinesis::Stream', property: 'Name' },
    ]);
  });
});
