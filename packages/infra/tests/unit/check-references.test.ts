// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation ${...} placeholders, not JavaScript templates
import { beforeAll, describe, expect, it } from '@jest/globals';
import { checkReferences } from '../../src/spec/check-references.js';
import { loadResourceSpec, type ResourceSpec } from '../../src/spec/resource-spec.js';
import { secureQueue, template } from '../helpers/factories.js';

let spec: ResourceSpec;
beforeAll(async () => {
  spec = await loadResourceSpec();
});

describe('checkReferences', () => {
  it('accepts references to resources, attributes they have, parameters and pseudo parameters', () => {
    const t = template(
      {
        ...secureQueue('Dlq'),
        Alarm: {
          Type: 'AWS::CloudWatch::Alarm',
          DependsOn: ['Dlq'],
          Properties: {
            AlarmName: { 'Fn::Sub': ['${Prefix}-alarm', { Prefix: { Ref: 'AWS::StackName' } }] },
            AlarmDescription: { 'Fn::Sub': '${Dlq.Arn} in ${AWS::Region} for ${Stage} ${!Literal}' },
            Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['Dlq', 'QueueName'] } }],
            AlarmActions: [{ Ref: 'Topic' }],
          },
        },
      },
      { Parameters: { Stage: { Type: 'String' }, Topic: { Type: 'String' } } },
    );
    expect(checkReferences('test', t, spec)).toEqual([]);
  });

  it('names each dangling Ref, GetAtt, Sub placeholder and DependsOn with its path', () => {
    const t = template({
      ...secureQueue('Dlq'),
      Alarm: {
        Type: 'AWS::CloudWatch::Alarm',
        DependsOn: 'Gone',
        Properties: {
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['Dlq', 'Name'] } }],
          AlarmActions: [{ Ref: 'Topik' }],
          AlarmDescription: { 'Fn::Sub': '${Missing} and ${Dlq.Url}' },
        },
      },
      Output: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::GetAtt': ['Nothing', 'Arn'] } } },
    });
    expect(checkReferences('test', t, spec).map((f) => `${f.resource} ${f.property}: ${f.message}`)).toEqual([
      'Alarm Dimensions[0].Value: AWS::SQS::Queue has no attribute Name (it has Arn, QueueName, QueueUrl)',
      'Alarm AlarmActions[0]: Ref Topik names no resource, parameter or pseudo parameter',
      'Alarm AlarmDescription: Fn::Sub ${Missing} names nothing in this template',
      'Alarm AlarmDescription: Fn::Sub ${Dlq.Url}: AWS::SQS::Queue has no attribute Url (it has Arn, QueueName, QueueUrl)',
      'Alarm DependsOn: DependsOn Gone, which is not a resource of this template',
      'Output QueueName: Fn::GetAtt names Nothing, which is not a resource of this template',
    ]);
  });

  it('checks the references of outputs', () => {
    const t = template(secureQueue('Dlq'), {
      Outputs: { DlqArn: { Value: { 'Fn::GetAtt': ['Dlk', 'Arn'] } } },
    });
    expect(checkReferences('test', t, spec)).toEqual([
      expect.objectContaining({ resource: 'Outputs.DlqArn', property: 'Value', rule: 'cfn-reference' }),
    ]);
  });
});
