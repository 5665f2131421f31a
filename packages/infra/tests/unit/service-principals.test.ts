// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation ${...} placeholders, not JavaScript templates
import { describe, expect, it } from '@jest/globals';
import { servicePrincipalConditions } from '../../src/rules/service-principals.js';
import { role, template } from '../helpers/factories.js';

function key(condition?: Record<string, unknown>) {
  return {
    Type: 'AWS::KMS::Key',
    Properties: {
      KeyPolicy: {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::123456789012:root' },
            Action: 'kms:*',
            Resource: '*',
          },
          {
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Resource: '*',
            ...(condition ? { Condition: condition } : {}),
          },
        ],
      },
    },
  };
}

describe('servicePrincipalConditions', () => {
  it('accepts a service narrowed to this account or to a source ARN, and leaves role trust policies alone', () => {
    const t = template({
      ByAccount: key({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
      ByArn: key({
        ArnLike: { 'aws:SourceArn': { 'Fn::Sub': 'arn:aws:cloudwatch:${AWS::Region}:1:alarm:app-*' } },
      }),
      Role: role([]),
      Permission: {
        Type: 'AWS::Lambda::Permission',
        Properties: {
          Action: 'lambda:InvokeFunction',
          FunctionName: 'fn',
          Principal: 's3.amazonaws.com',
          SourceAccount: '1',
        },
      },
    });
    expect(servicePrincipalConditions('infra', t)).toEqual([]);
  });

  it('flags a service allowed without a source condition (the alarm key before the fix), and an open permission', () => {
    const t = template({
      AlarmTopicKey: key(),
      Narrowed: key({ StringEquals: { 'kms:ViaService': 'sns.us-east-1.amazonaws.com' } }),
      Permission: {
        Type: 'AWS::Lambda::Permission',
        Properties: { Action: 'lambda:InvokeFunction', FunctionName: 'fn', Principal: 's3.amazonaws.com' },
      },
    });
    expect(
      servicePrincipalConditions('infra', t).map((f) => `${f.resource}.${f.property}: ${f.message}`),
    ).toEqual([
      'AlarmTopicKey.KeyPolicy.Statement[1].Condition: lets cloudwatch.amazonaws.com act without aws:SourceAccount or aws:SourceArn: on behalf of any account',
      'Narrowed.KeyPolicy.Statement[1].Condition: lets cloudwatch.amazonaws.com act without aws:SourceAccount or aws:SourceArn: on behalf of any account',
      'Permission.SourceArn: lets s3.amazonaws.com invoke the function without SourceArn or SourceAccount',
    ]);
  });
});
