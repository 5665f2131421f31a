/** Small, valid-by-default template parts; each test changes only what it is about. */
import type { CfnResource, CfnTemplate } from '../../src/template.js';

export function template(
  resources: Record<string, CfnResource>,
  extra: Partial<CfnTemplate> = {},
): CfnTemplate {
  return { AWSTemplateFormatVersion: '2010-09-09', Resources: resources, ...extra };
}

export function tlsOnlyStatement(service: string, resource: unknown) {
  return {
    Effect: 'Deny',
    Principal: '*',
    Action: `${service}:*`,
    Resource: resource,
    Condition: { Bool: { 'aws:SecureTransport': false } },
  };
}

export function outdatedTlsStatement(resource: unknown) {
  return {
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: resource,
    Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
  };
}

/** A bucket and its TLS 1.2-only policy that pass every rule. */
export function secureBucket(
  id = 'Bucket',
  properties: Record<string, unknown> = {},
): Record<string, CfnResource> {
  return {
    [id]: {
      Type: 'AWS::S3::Bucket',
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        ...properties,
      },
    },
    [`${id}Policy`]: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: { Ref: id },
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            tlsOnlyStatement('s3', [{ 'Fn::GetAtt': [id, 'Arn'] }, { 'Fn::Sub': `\${${id}.Arn}/*` }]),
            outdatedTlsStatement([{ 'Fn::GetAtt': [id, 'Arn'] }, { 'Fn::Sub': `\${${id}.Arn}/*` }]),
          ],
        },
      },
    },
  };
}

export function secureQueue(
  id = 'Queue',
  properties: Record<string, unknown> = {},
): Record<string, CfnResource> {
  return {
    [id]: { Type: 'AWS::SQS::Queue', Properties: { SqsManagedSseEnabled: true, ...properties } },
    [`${id}Policy`]: {
      Type: 'AWS::SQS::QueuePolicy',
      Properties: {
        Queues: [{ Ref: id }],
        PolicyDocument: { Statement: [tlsOnlyStatement('sqs', { 'Fn::GetAtt': [id, 'Arn'] })] },
      },
    },
  };
}

/** A Lambda execution role whose inline policy holds `statements`. */
export function role(statements: unknown[], properties: Record<string, unknown> = {}): CfnResource {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] },
        ],
      },
      Policies: [{ PolicyName: 'lambda', PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
      ...properties,
    },
  };
}

/** A traced function with its log group (as Serverless generates them). */
export function tracedFunction(
  id: string,
  name: string,
  properties: Record<string, unknown> = {},
): Record<string, CfnResource> {
  return {
    [`${id}LogGroup`]: {
      Type: 'AWS::Logs::LogGroup',
      Properties: { LogGroupName: `/aws/lambda/${name}`, RetentionInDays: 7 },
    },
    [id]: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        FunctionName: name,
        Handler: 'index.handler',
        Runtime: 'nodejs22.x',
        Role: 'arn:aws:iam::123456789012:role/fn',
        Code: { S3Bucket: 'b', S3Key: 'k' },
        TracingConfig: { Mode: 'Active' },
        ...properties,
      },
    },
  };
}
