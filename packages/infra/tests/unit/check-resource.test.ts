// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation ${...} placeholders, not JavaScript templates
import { beforeAll, describe, expect, it } from '@jest/globals';
import { checkResourceAgainstSpec } from '../../src/spec/check-resource.js';
import { loadResourceSpec, type ResourceSpec } from '../../src/spec/resource-spec.js';
import type { CfnResource } from '../../src/template.js';

let spec: ResourceSpec;
beforeAll(async () => {
  spec = await loadResourceSpec();
});

const check = (resource: CfnResource) => checkResourceAgainstSpec('test', 'Thing', resource, spec);
const stream = (properties: Record<string, unknown>): CfnResource => ({
  Type: 'AWS::Kinesis::Stream',
  Properties: { ShardCount: 2, ...properties },
});

describe('checkResourceAgainstSpec', () => {
  it('accepts a resource that matches the specification, at every depth', () => {
    expect(
      check({
        Type: 'AWS::S3::Bucket',
        DeletionPolicy: 'Retain',
        Properties: {
          BucketName: { 'Fn::Sub': 'x-${AWS::AccountId}' },
          VersioningConfiguration: { Status: 'Enabled' },
          LifecycleConfiguration: {
            Rules: [{ Status: 'Enabled', Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 90 }] }],
          },
          Tags: [{ Key: 'stage', Value: 'dev' }],
        },
      }),
    ).toEqual([]);
  });

  it('names a misspelled property, with the property it probably meant', () => {
    expect(
      check({ Type: 'AWS::S3::Bucket', Properties: { VersioningConfig: { Status: 'Enabled' } } }),
    ).toEqual([
      {
        stack: 'test',
        resource: 'Thing',
        property: 'VersioningConfig',
        rule: 'cfn-spec',
        message:
          'unknown property VersioningConfig of AWS::S3::Bucket; did you mean VersioningConfiguration?',
      },
    ]);
  });

  it('finds unknown properties inside nested property types, with their path', () => {
    const findings = check({
      Type: 'AWS::S3::Bucket',
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefaults: { SSEAlgorithm: 'AES256' } }],
        },
      },
    });
    expect(findings.map((f) => [f.property, f.message])).toEqual([
      [
        'BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefaults',
        'unknown property ServerSideEncryptionByDefaults of ServerSideEncryptionRule; did you mean ServerSideEncryptionByDefault?',
      ],
    ]);
  });

  it('reports a missing required property, at the top and nested', () => {
    const table = check({
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      },
    });
    expect(table.map((f) => [f.property, f.message])).toEqual([
      ['KeySchema', 'required property KeySchema of AWS::DynamoDB::Table is missing'],
    ]);
    const rule = check({
      Type: 'AWS::S3::Bucket',
      Properties: {
        LifecycleConfiguration: {
          Rules: [{ Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 90 }] }],
        },
      },
    });
    expect(rule.map((f) => f.property)).toEqual(['LifecycleConfiguration.Rules[0].Status']);
  });

  it('checks primitive types, accepting the conversions CloudFormation makes', () => {
    expect(check(stream({ ShardCount: 'two' }))[0]?.message).toBe('expected integer, got "two" (string)');
    expect(check(stream({ ShardCount: 2.5 }))[0]?.property).toBe('ShardCount');
    expect(check(stream({ ShardCount: '2', RetentionPeriodHours: 24 }))).toEqual([]);
    expect(check({ Type: 'AWS::SQS::Queue', Properties: { SqsManagedSseEnabled: 'yes' } })[0]?.message).toBe(
      'expected boolean, got "yes" (string)',
    );
    expect(check({ Type: 'AWS::SQS::Queue', Properties: { SqsManagedSseEnabled: 'true' } })).toEqual([]);
    expect(check(stream({ Name: { nested: 'object' } }))[0]?.message).toMatch(/^expected string/);
    expect(check(stream({ DesiredShardLevelMetrics: 'ALL' }))[0]?.message).toMatch(
      /^expected a list of string/,
    );
  });

  it('rejects a value outside the allowed values the specification lists', () => {
    const findings = check(stream({ StreamModeDetails: { StreamMode: 'FAST' } }));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.property).toBe('StreamModeDetails.StreamMode');
    expect(findings[0]?.message).toMatch(/^"FAST" is not one of .*PROVISIONED/);
  });

  it('does not type-check values computed by intrinsic functions', () => {
    expect(
      check(stream({ ShardCount: { Ref: 'Shards' }, Name: { 'Fn::Sub': '${AWS::StackName}' } })),
    ).toEqual([]);
  });

  it('checks both branches of Fn::If (either may be deployed), AWS::NoValue being no value', () => {
    const encryption = { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' };
    const noValue = { Ref: 'AWS::NoValue' };
    expect(check(stream({ StreamEncryption: { 'Fn::If': ['c', encryption, noValue] } }))).toEqual([]);
    const findings = check(
      stream({
        StreamEncryption: { 'Fn::If': ['c', noValue, { 'Fn::If': ['d', encryption, { KeyId: 'k' }] }] },
      }),
    );
    expect(findings.map((f) => `${f.property}: ${f.message}`)).toEqual([
      'StreamEncryption.EncryptionType: required property EncryptionType of StreamEncryption is missing',
    ]);
  });

  it('prefers the structured alternative of a union over json (DynamoDB KeySchema)', () => {
    const findings = check({
      Type: 'AWS::DynamoDB::Table',
      Properties: { KeySchema: [{ AttributeNam: 'id', KeyType: 'HASH' }] },
    });
    expect(findings.map((f) => f.property)).toEqual([
      'KeySchema[0].AttributeNam',
      'KeySchema[0].AttributeName',
    ]);
  });

  it('rejects unknown resource types, resource attributes and deletion policies', () => {
    expect(check({ Type: 'AWS::S3::Bukket', Properties: {} })[0]?.message).toBe(
      'unknown resource type AWS::S3::Bukket',
    );
    const findings = check({ Type: 'AWS::SQS::Queue', Propertes: {}, DeletionPolicy: 'Keep' });
    expect(findings.map((f) => f.message)).toEqual([
      'unknown resource attribute Propertes',
      '"Keep" is not a DeletionPolicy',
    ]);
  });

  it('lets custom resources carry any property but requires their ServiceToken', () => {
    expect(
      check({ Type: 'Custom::S3', Version: '1.0', Properties: { ServiceToken: 'arn', Anything: 1 } }),
    ).toEqual([]);
    expect(check({ Type: 'Custom::S3', Properties: { Anything: 1 } })[0]?.property).toBe('ServiceToken');
  });
});
