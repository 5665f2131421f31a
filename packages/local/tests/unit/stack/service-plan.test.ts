import { describe, expect, it } from '@jest/globals';
import { planStack } from '../../../src/stack/plan.js';
import { functionNamed, planService } from '../../../src/stack/service-plan.js';
import { fixtureStack, LOCATION } from '../../helpers/compiled-stacks.js';

const imports = planStack(fixtureStack('infra'), LOCATION).exports();

describe('planService from a compiled service template', () => {
  it('reads each function: name, ARN, role, timeout, memory and environment with its imports answered', () => {
    const [processor] = planService(fixtureStack('ingest'), LOCATION, imports).functions;
    expect(processor).toEqual({
      logicalId: 'ProcessorLambdaFunction',
      name: 'fixture-ingest-dev-processor',
      arn: 'arn:aws:lambda:us-east-1:000000000000:function:fixture-ingest-dev-processor',
      roleArn: 'arn:aws:iam::000000000000:role/fixture-ingest-dev-processor-us-east-1-lambdaRole',
      timeoutSeconds: 60,
      memoryMb: 512,
      environment: {
        RAW_BUCKET: 'fixture-dev-raw-000000000000-us-east-1',
        LEDGER_TABLE: 'fixture-dev-metadata',
        BATCH_LIMIT: '25',
        POWERTOOLS_SERVICE_NAME: 'ingest',
      },
    });
  });

  it("gives a function without Timeout or MemorySize CloudFormation's defaults", () => {
    const service = planService(fixtureStack('transform'), LOCATION, imports);
    expect(functionNamed(service, 'fixture-transform-dev-transformer', 'test')).toMatchObject({
      timeoutSeconds: 3,
      memoryMb: 128,
      environment: { SOURCE_BUCKET: 'fixture-dev-raw-000000000000-us-east-1', THRESHOLD: '' },
    });
  });

  it("reads S3 notifications from the framework's Custom::S3 and from a bucket's NotificationConfiguration", () => {
    const transform = fixtureStack('transform');
    transform.template.Resources.ArchiveBucket = {
      Type: 'AWS::S3::Bucket',
      Properties: {
        BucketName: 'archive',
        NotificationConfiguration: {
          LambdaConfigurations: [
            {
              Event: 's3:ObjectCreated:Put',
              Function: { 'Fn::GetAtt': ['TransformerLambdaFunction', 'Arn'] },
              Filter: { S3Key: { Rules: [{ Name: 'suffix', Value: '.gz' }] } },
            },
          ],
        },
      },
    };
    expect(planService(transform, LOCATION, imports).bucketNotifications).toEqual([
      {
        logicalId: 'TransformerCustomS31',
        bucket: 'fixture-dev-raw-000000000000-us-east-1',
        functionName: 'fixture-transform-dev-transformer',
        filter: { event: 's3:ObjectCreated:*', prefix: 'raw/', suffix: '.json' },
      },
      {
        logicalId: 'ArchiveBucket',
        bucket: 'archive',
        functionName: 'arn:aws:lambda:us-east-1:000000000000:function:fixture-transform-dev-transformer',
        filter: { event: 's3:ObjectCreated:Put', suffix: '.gz' },
      },
    ]);
  });

  it('names the import no stack exports', () => {
    expect(() => planService(fixtureStack('ingest'), LOCATION, {})).toThrow(
      'ProcessorLambdaFunction.Environment.Variables.RAW_BUCKET (Fn::ImportValue): no stack exports fixture-dev-RawBucketName',
    );
  });
});
