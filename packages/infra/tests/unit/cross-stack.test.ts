// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation ${...} placeholders, not JavaScript templates
import { describe, expect, it } from '@jest/globals';
import { checkCrossStack } from '../../src/expectations/cross-stack.js';
import { resolveStageParams } from '../../src/stage-params.js';
import type { CfnTemplate, StackTemplate } from '../../src/template.js';
import { template, tracedFunction } from '../helpers/factories.js';

const params = resolveStageParams(
  {
    default: {
      app: 'app',
      logRetentionDays: 7,
      ingestFunctionName: '${param:app}-ingest-${sls:stage}-processor',
      transformFunctionName: '${param:app}-transform-${sls:stage}-transformer',
    },
  },
  'dev',
);

const dashboardBody = JSON.stringify({
  widgets: [
    {
      type: 'metric',
      properties: {
        metrics: [['EventPipeline', 'EndToEndLatency', 'service', 'transform', { stat: 'p99' }]],
      },
    },
  ],
});

const infra: StackTemplate = {
  stack: 'infra',
  template: template(
    {
      Dashboard: {
        Type: 'AWS::CloudWatch::Dashboard',
        Properties: { DashboardBody: { 'Fn::Sub': dashboardBody } },
      },
    },
    { Outputs: { RawBucketArn: { Value: 'x', Export: { Name: 'app-dev-RawBucketArn' } } } },
  ),
};

function transform(environment: Record<string, unknown>, imported = 'app-dev-RawBucketArn'): StackTemplate {
  const t: CfnTemplate = template(
    tracedFunction('Transformer', 'app-transform-dev-transformer', {
      Environment: { Variables: { RAW_BUCKET_ARN: { 'Fn::ImportValue': imported }, ...environment } },
    }),
  );
  return { stack: 'transform', template: t };
}

const EMITS = { POWERTOOLS_METRICS_NAMESPACE: 'EventPipeline', POWERTOOLS_SERVICE_NAME: 'transform' };

describe('checkCrossStack', () => {
  it('accepts services that import exported values, carry the watched names and emit the graphed metrics', () => {
    expect(checkCrossStack(infra, [transform(EMITS)], params)).toEqual([]);
  });

  it('flags an import the infrastructure stack does not export', () => {
    expect(checkCrossStack(infra, [transform(EMITS, 'app-dev-RawBucketArm')], params)).toEqual([
      {
        stack: 'transform',
        resource: 'Transformer',
        property: 'Environment.Variables.RAW_BUCKET_ARN',
        rule: 'cross-stack',
        message: 'imports app-dev-RawBucketArm, which the infra stack does not export',
      },
    ]);
  });

  it('flags a function name the alarms do not watch, and a log retention other than the stage’s', () => {
    const renamed = transform(EMITS);
    renamed.template.Resources.Transformer!.Properties!.FunctionName = 'something-else';
    renamed.template.Resources.TransformerLogGroup!.Properties!.RetentionInDays = 30;
    expect(
      checkCrossStack(infra, [renamed], params).map((f) => `${f.resource}.${f.property}: ${f.message}`),
    ).toEqual([
      'AWS::Lambda::Function.FunctionName: no function named app-transform-dev-transformer (param transformFunctionName), which the alarms and dashboard watch',
      "TransformerLogGroup.RetentionInDays: keeps logs 30 days, the stage's logRetentionDays is 7",
    ]);
  });

  it('flags a dashboard metric whose service dimension no function emits', () => {
    const findings = checkCrossStack(
      infra,
      [transform({ ...EMITS, POWERTOOLS_SERVICE_NAME: 'event-pipeline-transform' })],
      params,
    );
    expect(findings).toEqual([
      expect.objectContaining({
        stack: 'infra',
        resource: 'Dashboard',
        property: 'DashboardBody',
        message: expect.stringContaining(
          'graphs EventPipeline/EndToEndLatency with service=transform, but no transform function',
        ),
      }),
    ]);
  });
});
