import { describe, expect, it } from '@jest/globals';
import { functionFailureHandling, functionObservability, tableRecovery } from '../../src/rules/functions.js';
import type { CfnResource } from '../../src/template.js';
import { template, tracedFunction } from '../helpers/factories.js';

const STREAM_ARN = { 'Fn::ImportValue': 'event-pipeline-dev-StreamArn' };
const DLQ_ARN = { 'Fn::ImportValue': 'event-pipeline-dev-IngestDlqArn' };

function streamMapping(overrides: Record<string, unknown> = {}): CfnResource {
  return {
    Type: 'AWS::Lambda::EventSourceMapping',
    Properties: {
      FunctionName: { 'Fn::GetAtt': ['Processor', 'Arn'] },
      EventSourceArn: STREAM_ARN,
      StartingPosition: 'TRIM_HORIZON',
      MaximumRetryAttempts: 3,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: DLQ_ARN } },
      ...overrides,
    },
  };
}

describe('functionObservability', () => {
  it('accepts a traced function whose log group has a retention', () => {
    expect(
      functionObservability('ingest', template(tracedFunction('Processor', 'app-dev-processor'))),
    ).toEqual([]);
  });

  it('flags missing tracing, a log group without retention, and a function without its own log group', () => {
    const t = template({
      ...tracedFunction('Processor', 'app-dev-processor', { TracingConfig: { Mode: 'PassThrough' } }),
      ...tracedFunction('Other', 'app-dev-other'),
    });
    delete t.Resources.ProcessorLogGroup!.Properties!.RetentionInDays;
    delete t.Resources.OtherLogGroup;
    expect(functionObservability('ingest', t).map((f) => `${f.resource}.${f.property}`)).toEqual([
      'ProcessorLogGroup.RetentionInDays',
      'Processor.TracingConfig.Mode',
      'Other.FunctionName',
    ]);
  });

  it('does not require tracing of functions that only provide custom resources, but does require their log retention', () => {
    const t = template({
      ...tracedFunction('Provider', 'app-dev-custom-resource'),
      Custom: { Type: 'Custom::S3', Properties: { ServiceToken: { 'Fn::GetAtt': ['Provider', 'Arn'] } } },
    });
    delete t.Resources.Provider!.Properties!.TracingConfig;
    expect(functionObservability('transform', t)).toEqual([]);
    delete t.Resources.ProviderLogGroup;
    expect(functionObservability('transform', t).map((f) => f.message)).toEqual([
      'no AWS::Logs::LogGroup /aws/lambda/app-dev-custom-resource with a retention in this stack (Lambda would create one that never expires)',
    ]);
  });
});

describe('functionFailureHandling', () => {
  it('accepts a stream mapping that retries a bounded number of times, bisects and ends in a DLQ', () => {
    expect(
      functionFailureHandling(
        'ingest',
        template({ ...tracedFunction('Processor', 'p'), Mapping: streamMapping() }),
      ),
    ).toEqual([]);
  });

  it('flags each missing piece of a stream mapping failure handling', () => {
    const mapping = streamMapping({
      MaximumRetryAttempts: undefined,
      BisectBatchOnFunctionError: false,
      FunctionResponseTypes: undefined,
      DestinationConfig: undefined,
    });
    const findings = functionFailureHandling(
      'ingest',
      template({ ...tracedFunction('Processor', 'p'), Mapping: mapping }),
    );
    expect(findings.map((f) => f.property)).toEqual([
      'DestinationConfig.OnFailure',
      'MaximumRetryAttempts',
      'BisectBatchOnFunctionError',
      'FunctionResponseTypes',
    ]);
  });

  it('requires an on-failure destination for functions S3 invokes asynchronously', () => {
    const subscribed = {
      ...tracedFunction('Transformer', 'app-dev-transformer'),
      Subscription: {
        Type: 'Custom::S3',
        Properties: { ServiceToken: 'arn', FunctionName: 'app-dev-transformer' },
      },
    };
    expect(
      functionFailureHandling('transform', template(subscribed)).map((f) => `${f.resource}: ${f.message}`),
    ).toEqual(['Transformer: asynchronously invoked function has no on-failure destination or DLQ']);
    const configured = template({
      ...subscribed,
      Config: {
        Type: 'AWS::Lambda::EventInvokeConfig',
        Properties: {
          FunctionName: { Ref: 'Transformer' },
          Qualifier: '$LATEST',
          MaximumRetryAttempts: 2,
          DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:dlq' } },
        },
      },
    });
    expect(functionFailureHandling('transform', configured)).toEqual([]);
  });

  it('treats a Lambda permission for s3.amazonaws.com as an asynchronous trigger', () => {
    const t = template({
      ...tracedFunction('Transformer', 'app-dev-transformer'),
      Permission: {
        Type: 'AWS::Lambda::Permission',
        Properties: {
          Action: 'lambda:InvokeFunction',
          FunctionName: { 'Fn::GetAtt': ['Transformer', 'Arn'] },
          Principal: 's3.amazonaws.com',
        },
      },
    });
    expect(functionFailureHandling('transform', t).map((f) => f.resource)).toEqual(['Transformer']);
  });
});

describe('tableRecovery', () => {
  it('flags a table without point-in-time recovery', () => {
    const table = (pitr: unknown): CfnResource => ({
      Type: 'AWS::DynamoDB::Table',
      Properties: { KeySchema: [], PointInTimeRecoverySpecification: pitr },
    });
    expect(tableRecovery('infra', template({ Ledger: table({ PointInTimeRecoveryEnabled: true }) }))).toEqual(
      [],
    );
    expect(tableRecovery('infra', template({ Ledger: table(undefined) })).map((f) => f.property)).toEqual([
      'PointInTimeRecoverySpecification',
    ]);
  });
});
