// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation ${...} placeholders, not JavaScript templates
import { describe, expect, it } from '@jest/globals';
import { functionLogsWritable } from '../../src/rules/function-logs.js';
import { role, template, tracedFunction } from '../helpers/factories.js';

const withRole = (roleId: string) => ({ Role: { 'Fn::GetAtt': [roleId, 'Arn'] } });
const messages = (t: ReturnType<typeof template>) =>
  functionLogsWritable('infra', t).map((f) => `${f.resource}.${f.property}: ${f.message}`);

describe('functionLogsWritable', () => {
  it("accepts Serverless' per-function statement, the log group's own ARN, and the basic execution policy", () => {
    const t = template({
      ...tracedFunction('Fn', 'app-dev-fn', withRole('FnRole')),
      FnRole: role([
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:CreateLogGroup', 'logs:PutLogEvents'],
          Resource: [
            {
              'Fn::Sub':
                'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/app-dev-fn:*:*',
            },
          ],
        },
      ]),
      ...tracedFunction('Helper', 'app-dev-helper', withRole('HelperRole')),
      HelperRole: role([
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': ['HelperLogGroup', 'Arn'] },
        },
      ]),
      ...tracedFunction('Basic', 'app-dev-basic', withRole('BasicRole')),
      BasicRole: role([], {
        ManagedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      }),
      // A role from elsewhere cannot be checked here.
      ...tracedFunction('External', 'app-dev-external'),
    });
    expect(messages(t)).toEqual([]);
  });

  it("flags a role that cannot write its function's logs (the narrowed Custom::S3 role) or only some of them", () => {
    const t = template({
      ...tracedFunction('Custom', 'app-dev-custom-resource-existing-s3', withRole('CustomRole')),
      CustomRole: role([
        { Effect: 'Allow', Action: ['s3:PutBucketNotification'], Resource: 'arn:aws:s3:::raw' },
      ]),
      ...tracedFunction('Other', 'app-dev-other', withRole('OtherRole')),
      OtherRole: role([
        {
          Effect: 'Allow',
          Action: 'logs:CreateLogStream',
          Resource: { 'Fn::GetAtt': ['OtherLogGroup', 'Arn'] },
        },
        // Another function's group does not count.
        {
          Effect: 'Allow',
          Action: 'logs:PutLogEvents',
          Resource: { 'Fn::GetAtt': ['CustomLogGroup', 'Arn'] },
        },
      ]),
    });
    expect(messages(t)).toEqual([
      'CustomRole.Policies: runs Custom but does not allow logs:CreateLogStream and logs:PutLogEvents on its log group /aws/lambda/app-dev-custom-resource-existing-s3: its logs are lost',
      'OtherRole.Policies: runs Other but does not allow logs:PutLogEvents on its log group /aws/lambda/app-dev-other: its logs are lost',
    ]);
  });
});
