// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation ${...} placeholders, not JavaScript templates
import { describe, expect, it } from '@jest/globals';
import { iamLeastPrivilege, isUnscopedResource } from '../../src/rules/iam-least-privilege.js';
import { role, template } from '../helpers/factories.js';

const allow = (Action: unknown, Resource: unknown, extra: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});
const findingsFor = (...statements: unknown[]) =>
  iamLeastPrivilege('ingest', template({ Role: role(statements) }));

describe('isUnscopedResource', () => {
  it.each([
    ['*', true],
    ['arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:*', true],
    ['arn:aws:dynamodb:us-east-1:123456789012:table/*', true],
    ['arn:aws:s3:::*', true],
    ['arn:aws:s3:::my-bucket/*', false],
    ['arn:aws:s3:::my-bucket/raw/*', false],
    ['arn:aws:dynamodb:us-east-1:123456789012:table/ledger', false],
    ['arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/fn*:*', false],
    ['${Import:event-pipeline-dev-RawBucketArn}/raw/*', false],
  ])('%s -> %s', (resource, unscoped) => {
    expect(isUnscopedResource(resource)).toBe(unscoped);
  });
});

describe('iamLeastPrivilege', () => {
  it('accepts exact ARNs, key prefixes, and * for actions AWS authorizes only on *', () => {
    expect(
      findingsFor(
        allow(['s3:PutObject'], {
          'Fn::Join': ['', [{ 'Fn::ImportValue': 'app-dev-RawBucketArn' }, '/raw/*']],
        }),
        allow('dynamodb:PutItem', { 'Fn::GetAtt': ['Table', 'Arn'] }),
        allow(['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], ['*']),
        { Effect: 'Deny', Action: '*', Resource: '*' },
      ),
    ).toEqual([]);
  });

  it('flags Action "*" and whole-service wildcards, naming the role and statement', () => {
    expect(
      findingsFor(allow('*', 'arn:aws:s3:::b/*'), allow(['s3:*'], 'arn:aws:s3:::b/*', { Sid: 'Lake' })),
    ).toEqual([
      {
        stack: 'ingest',
        resource: 'Role',
        property: 'Policies[0].PolicyDocument.Statement[0].Action',
        rule: 'iam-least-privilege',
        message: 'grants Action "*"',
      },
      {
        stack: 'ingest',
        resource: 'Role',
        property: 'Policies[0].PolicyDocument.Statement[1].Action',
        rule: 'iam-least-privilege',
        message: 'grants Action "s3:*" (Lake)',
      },
    ]);
  });

  it('flags Resource "*" for actions that accept a narrower resource, listing them', () => {
    const findings = findingsFor(allow(['xray:PutTraceSegments', 's3:GetObject', 'sqs:SendMessage'], '*'));
    expect(findings.map((f) => [f.property, f.message])).toEqual([
      [
        'Policies[0].PolicyDocument.Statement[0].Resource',
        'grants s3:GetObject, sqs:SendMessage on Resource "*"; name the exact ARNs',
      ],
    ]);
  });

  it('flags a wildcard resource part built with Fn::Join (Serverless custom resource roles)', () => {
    const functionStar = {
      'Fn::Join': [
        ':',
        [
          'arn',
          { Ref: 'AWS::Partition' },
          'lambda',
          { Ref: 'AWS::Region' },
          { Ref: 'AWS::AccountId' },
          'function',
          '*',
        ],
      ],
    };
    expect(findingsFor(allow(['lambda:AddPermission'], functionStar))[0]?.message).toMatch(
      /^grants lambda:AddPermission on Resource "arn:\$\{AWS::Partition\}:lambda:.*:function:\*"/,
    );
  });

  it('flags NotAction, NotResource and broad managed policies', () => {
    const t = template({
      Role: role([{ Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::b' }], {
        ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
      }),
      Policy: {
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: { PolicyDocument: { Statement: [allow('dynamodb:*', 'arn:aws:dynamodb:r:1:table/t')] } },
      },
    });
    expect(iamLeastPrivilege('x', t).map((f) => `${f.resource}.${f.property}`)).toEqual([
      'Role.Policies[0].PolicyDocument.Statement[0].NotAction',
      'Role.Policies[0].PolicyDocument.Statement[0].NotResource',
      'Policy.PolicyDocument.Statement[0].Action',
      'Role.ManagedPolicyArns[0]',
    ]);
  });
});
