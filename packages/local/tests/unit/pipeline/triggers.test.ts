import { describe, expect, it } from '@jest/globals';
import { kinesisTrigger, s3Trigger, scheduleTrigger } from '../../../src/pipeline/triggers.js';
import { planStack } from '../../../src/stack/plan.js';
import { planService } from '../../../src/stack/service-plan.js';
import { type FixtureStack, fixtureStack, LOCATION } from '../../helpers/compiled-stacks.js';

const imports = planStack(fixtureStack('infra'), LOCATION).exports();
const service = (
  id: FixtureStack,
  change?: (resources: Record<string, { Properties?: Record<string, unknown> }>) => void,
) => {
  const stack = fixtureStack(id);
  change?.(stack.template.Resources);
  return planService(stack, LOCATION, imports);
};
const MAPPING = 'ProcessorEventSourceMappingKinesisFixturedevStreamArn';

describe('the event sources of the compiled service templates', () => {
  it('reads the Kinesis event source mapping as deployed, with its function', () => {
    const trigger = kinesisTrigger(service('ingest'));
    expect(trigger).toEqual({
      fn: expect.objectContaining({ name: 'fixture-ingest-dev-processor' }),
      streamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/fixture-dev-stream',
      streamName: 'fixture-dev-stream',
      parallelizationFactor: 2,
      onFailureArn: 'arn:aws:sqs:us-east-1:000000000000:fixture-dev-kinesis-processor-dlq',
      settings: {
        batchSize: 50,
        batchWindowSeconds: 2,
        maximumRetryAttempts: 4,
        maximumRecordAgeSeconds: 3600,
        bisectBatchOnFunctionError: true,
        reportBatchItemFailures: true,
        startingPosition: 'TRIM_HORIZON',
      },
    });
  });

  it("takes Lambda's defaults for what the mapping leaves out", () => {
    const trigger = kinesisTrigger(
      service('ingest', (resources) => {
        resources[MAPPING]!.Properties = {
          EventSourceArn: { 'Fn::ImportValue': 'fixture-dev-StreamArn' },
          FunctionName: 'fixture-ingest-dev-processor',
          StartingPosition: 'LATEST',
        };
      }),
    );
    expect(trigger).not.toHaveProperty('onFailureArn');
    expect(trigger.parallelizationFactor).toBe(1);
    expect(trigger.settings).toEqual({
      batchSize: 100,
      batchWindowSeconds: 0,
      maximumRetryAttempts: -1,
      maximumRecordAgeSeconds: -1,
      bisectBatchOnFunctionError: false,
      reportBatchItemFailures: false,
      startingPosition: 'LATEST',
    });
  });

  it('refuses a starting position it does not emulate, and a stack without a Kinesis mapping', () => {
    const atTimestamp = service('ingest', (resources) => {
      resources[MAPPING]!.Properties!.StartingPosition = 'AT_TIMESTAMP';
    });
    expect(() => kinesisTrigger(atTimestamp)).toThrow(
      `${MAPPING}: StartingPosition AT_TIMESTAMP is not emulated (LATEST or TRIM_HORIZON)`,
    );
    expect(() => kinesisTrigger(service('transform'))).toThrow(
      'fixture-transform-dev: expected one Kinesis event source mapping, found 0',
    );
  });

  it('reads the S3 notification with the async retries and failure destination of its function', () => {
    expect(s3Trigger(service('transform'))).toEqual({
      fn: expect.objectContaining({ name: 'fixture-transform-dev-transformer' }),
      bucket: 'fixture-dev-raw-000000000000-us-east-1',
      filter: { event: 's3:ObjectCreated:*', prefix: 'raw/', suffix: '.json' },
      maximumRetryAttempts: 1,
      onFailureArn: 'arn:aws:sqs:us-east-1:000000000000:fixture-dev-s3-transformer-dlq',
    });
  });

  it("takes Lambda's two async retries and no destination without an invoke config", () => {
    const trigger = s3Trigger(
      service('transform', (resources) => {
        delete resources.TransformerLambdaEvConf;
      }),
    );
    expect(trigger.maximumRetryAttempts).toBe(2);
    expect(trigger).not.toHaveProperty('onFailureArn');
  });

  it("reads the compactor's schedule, with its function as the template configures it", () => {
    const stack = fixtureStack('compact');
    const trigger = scheduleTrigger(planService(stack, LOCATION, imports), stack.template);
    expect(trigger).toEqual({
      fn: expect.objectContaining({
        name: 'fixture-compact-dev-compactor',
        timeoutSeconds: 900,
        memoryMb: 1769,
        environment: { PROCESSED_BUCKET: 'fixture-dev-raw-000000000000-us-east-1', SETTLE_SECONDS: '300' },
      }),
      scheduleExpression: 'rate(15 minutes)',
    });
  });

  it('refuses a stack without exactly one schedule, or one that targets no function of it', () => {
    const none = fixtureStack('compact');
    delete none.template.Resources.CompactorEventsRuleSchedule1;
    expect(() => scheduleTrigger(planService(none, LOCATION, imports), none.template)).toThrow(
      'fixture-compact-dev: expected one scheduled function, found 0',
    );
    const elsewhere = fixtureStack('compact');
    (
      elsewhere.template.Resources.CompactorEventsRuleSchedule1!.Properties!.Targets as Array<{
        Arn: unknown;
      }>
    )[0]!.Arn = { 'Fn::GetAtt': ['SomeOtherFunction', 'Arn'] };
    expect(() => scheduleTrigger(planService(elsewhere, LOCATION, imports), elsewhere.template)).toThrow(
      'fixture-compact-dev: CompactorEventsRuleSchedule1 targets no function of the stack',
    );
  });
});
