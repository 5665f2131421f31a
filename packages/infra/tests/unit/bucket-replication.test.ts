// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation ${...} placeholders, not JavaScript templates
import { describe, expect, it } from '@jest/globals';
import { bucketReplication } from '../../src/rules/bucket-replication.js';
import type { CfnResource } from '../../src/template.js';
import { role, template } from '../helpers/factories.js';

const REPLICA = 'arn:${AWS::Partition}:s3:::lake-us-west-2';

function replicationRole(
  statements: unknown[] = [
    { Effect: 'Allow', Action: ['s3:GetObjectVersionForReplication'], Resource: ['${Lake.Arn}/*'] },
    { Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateDelete'], Resource: [`${REPLICA}/*`] },
  ],
): CfnResource {
  return role(statements);
}

function lake(rule: Record<string, unknown> = {}, properties: Record<string, unknown> = {}): CfnResource {
  return {
    Type: 'AWS::S3::Bucket',
    Properties: {
      BucketName: { 'Fn::Sub': 'lake-${AWS::Region}' },
      VersioningConfiguration: { Status: 'Enabled' },
      ReplicationConfiguration: {
        'Fn::If': [
          'Replicates',
          {
            Role: { 'Fn::GetAtt': ['ReplicationRole', 'Arn'] },
            Rules: [
              {
                Status: 'Enabled',
                Priority: 1,
                Filter: { Prefix: '' },
                DeleteMarkerReplication: { Status: 'Enabled' },
                Destination: { Bucket: { 'Fn::Sub': REPLICA } },
                ...rule,
              },
            ],
          },
          { Ref: 'AWS::NoValue' },
        ],
      },
      ...properties,
    },
  };
}

const messages = (t: ReturnType<typeof template>) =>
  bucketReplication('infra', t).map((f) => `${f.resource}.${f.property}: ${f.message}`);

describe('bucketReplication', () => {
  it('accepts a versioned bucket replicating delete markers to another bucket through a role that may', () => {
    expect(messages(template({ Lake: lake(), ReplicationRole: replicationRole() }))).toEqual([]);
  });

  it('looks into both branches of a condition, and ignores buckets that do not replicate', () => {
    const t = template({
      Lake: lake({}, { VersioningConfiguration: { Status: 'Suspended' } }),
      Plain: { Type: 'AWS::S3::Bucket', Properties: {} },
      ReplicationRole: replicationRole(),
    });
    expect(messages(t)).toEqual(['Lake.VersioningConfiguration.Status: replicates but is not versioned']);
  });

  it('flags delete markers left behind, KMS objects skipped, a bucket replicating to itself', () => {
    const t = template({
      Lake: lake(
        { DeleteMarkerReplication: { Status: 'Disabled' } },
        {
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } },
            ],
          },
        },
      ),
      Self: lake({ Destination: { Bucket: { 'Fn::GetAtt': ['Self', 'Arn'] } } }),
      ReplicationRole: replicationRole(),
    });
    expect(messages(t)).toEqual([
      'Lake.ReplicationConfiguration.Rules[0].DeleteMarkerReplication: delete markers do not replicate: the replica keeps deleted objects',
      'Lake.ReplicationConfiguration.Rules[0].SourceSelectionCriteria: KMS-encrypted objects are not selected: S3 skips them',
      'Lake.ReplicationConfiguration.Rules[0].Destination.EncryptionConfiguration: names no KMS key for the replicas',
      'Self.ReplicationConfiguration.Rules[0].Destination.Bucket: replicates to itself',
    ]);
  });

  it('flags a role that is missing or may not read the versions or write the replicas', () => {
    expect(messages(template({ Lake: lake() }))).toEqual([
      'Lake.ReplicationConfiguration.Role: names no replication role of this stack',
    ]);
    const narrow = replicationRole([
      { Effect: 'Allow', Action: ['s3:ReplicateObject'], Resource: [`${REPLICA}/*`] },
    ]);
    expect(messages(template({ Lake: lake(), ReplicationRole: narrow }))).toEqual([
      'ReplicationRole.Policies: does not allow s3:GetObjectVersionForReplication on ${Lake.Arn}/* (replication of Lake)',
      `ReplicationRole.Policies: does not allow s3:ReplicateDelete on ${REPLICA}/* (replication of Lake)`,
    ]);
  });
});
