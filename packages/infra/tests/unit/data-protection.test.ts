import { describe, expect, it } from '@jest/globals';
import { encryptionAtRest } from '../../src/rules/encryption-at-rest.js';
import { noPublicAccess } from '../../src/rules/public-access.js';
import { tlsOnly } from '../../src/rules/tls-only.js';
import type { CfnTemplate } from '../../src/template.js';
import { secureBucket, secureQueue, template, tlsOnlyStatement } from '../helpers/factories.js';

const where = (findings: Array<{ resource: string; property: string }>) =>
  findings.map((f) => `${f.resource}.${f.property}`);

describe('noPublicAccess', () => {
  it('accepts a bucket that blocks all public access', () => {
    expect(noPublicAccess('infra', template(secureBucket()))).toEqual([]);
  });

  it('flags a bucket without a public access block, or with any of its settings off', () => {
    const open = secureBucket('Open');
    delete open.Open!.Properties!.PublicAccessBlockConfiguration;
    const leaky = secureBucket('Leaky', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: false,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    const findings = noPublicAccess('infra', template({ ...open, ...leaky }));
    expect(findings.map((f) => `${f.resource}.${f.property}: ${f.message}`)).toEqual([
      'Open.PublicAccessBlockConfiguration: bucket does not block public access (all four settings true)',
      'Leaky.PublicAccessBlockConfiguration.BlockPublicPolicy: BlockPublicPolicy must be true, is false',
    ]);
  });

  it('flags public canned ACLs, policies that allow anyone, and open Lambda permissions', () => {
    const t = template({
      ...secureBucket('Site', { AccessControl: 'PublicRead' }),
      Permission: {
        Type: 'AWS::Lambda::Permission',
        Properties: { Action: 'lambda:InvokeFunction', FunctionName: 'fn', Principal: '*' },
      },
    });
    const policy = t.Resources.SitePolicy!.Properties!.PolicyDocument as { Statement: unknown[] };
    policy.Statement.push({
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::site/*',
    });
    // An Allow to * narrowed by a condition (e.g. to one account's alarms) is not public.
    policy.Statement.push({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::site/*',
      Condition: { StringEquals: { 'aws:PrincipalAccount': '123456789012' } },
    });
    expect(where(noPublicAccess('infra', t))).toEqual([
      'Site.AccessControl',
      'SitePolicy.PolicyDocument.Statement[2].Principal',
      'Permission.Principal',
    ]);
  });
});

describe('encryptionAtRest', () => {
  const encrypted: CfnTemplate = template({
    ...secureBucket(),
    ...secureQueue(),
    Topic: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: { Ref: 'Key' } } },
    Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true, KeyPolicy: {} } },
    Table: {
      Type: 'AWS::DynamoDB::Table',
      Properties: { KeySchema: [], SSESpecification: { SSEEnabled: true } },
    },
    Stream: {
      Type: 'AWS::Kinesis::Stream',
      Properties: { StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' } },
    },
  });

  it('accepts explicitly encrypted buckets, queues, topics, tables and streams', () => {
    expect(encryptionAtRest('infra', encrypted)).toEqual([]);
  });

  it('flags each store that leaves encryption to a default, naming the property', () => {
    const t = structuredClone(encrypted);
    delete t.Resources.Bucket!.Properties!.BucketEncryption;
    delete t.Resources.Queue!.Properties!.SqsManagedSseEnabled;
    delete t.Resources.Topic!.Properties!.KmsMasterKeyId;
    t.Resources.Key!.Properties!.EnableKeyRotation = false;
    t.Resources.Table!.Properties!.SSESpecification = { SSEEnabled: false };
    delete t.Resources.Stream!.Properties!.StreamEncryption;
    expect(where(encryptionAtRest('infra', t))).toEqual([
      'Bucket.BucketEncryption',
      'Queue.SqsManagedSseEnabled',
      'Topic.KmsMasterKeyId',
      'Table.SSESpecification.SSEEnabled',
      'Stream.StreamEncryption',
      'Key.EnableKeyRotation',
    ]);
  });
});

describe('tlsOnly', () => {
  it('accepts buckets, queues and topics whose policy denies requests without TLS', () => {
    const t = template({
      ...secureBucket(),
      ...secureQueue(),
      Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
      TopicPolicy: {
        Type: 'AWS::SNS::TopicPolicy',
        Properties: {
          Topics: [{ Ref: 'Topic' }],
          PolicyDocument: { Statement: [tlsOnlyStatement('sns', { Ref: 'Topic' })] },
        },
      },
    });
    expect(tlsOnly('infra', t)).toEqual([]);
  });

  it('flags a resource with no policy, or a policy without the TLS condition', () => {
    const t = template({
      ...secureBucket('Lake'),
      ...secureQueue('Dlq'),
      Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
    });
    const statement = (
      t.Resources.LakePolicy!.Properties!.PolicyDocument as { Statement: Array<Record<string, unknown>> }
    ).Statement[0]!;
    statement.Condition = { Bool: { 'aws:SecureTransport': true } };
    expect(tlsOnly('infra', t).map((f) => `${f.resource}: ${f.message}`)).toEqual([
      'Lake: no AWS::S3::BucketPolicy denies s3:* when aws:SecureTransport is false',
      'Topic: no AWS::SNS::TopicPolicy denies sns:* when aws:SecureTransport is false',
    ]);
  });
});
