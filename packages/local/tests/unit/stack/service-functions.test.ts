import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { loadFunctionDefinition, streamTrigger } from '../../../src/stack/service-functions.js';

const services = fileURLToPath(new URL('../../fixtures/stack/services', import.meta.url));
const exports = {
  'fixture-pipeline-dev-RawBucketName': 'raw-bucket',
  'fixture-pipeline-dev-StreamArn':
    'arn:aws:kinesis:us-east-1:000000000000:stream/fixture-pipeline-dev-stream',
  'fixture-pipeline-dev-IngestDlqArn':
    'arn:aws:sqs:us-east-1:000000000000:fixture-pipeline-dev-kinesis-processor-dlq',
};
const load = (service: string, functionName: string) =>
  loadFunctionDefinition({
    serviceDir: `${services}/${service}`,
    functionName,
    stage: 'dev',
    region: 'us-east-1',
    accountId: '000000000000',
    exports,
  });

describe('functions and their stream event from a service serverless.yml (superseded: the recovery tools still read it)', () => {
  it('builds the environment from provider and function, answering Fn::ImportValue from the local stack', () => {
    expect(load('ingest', 'processor')).toMatchObject({
      name: 'fixture-ingest-dev-processor',
      timeoutSeconds: 30,
      memoryMb: 1024,
      environment: { SHARED: 'from-provider', RAW_BUCKET: 'raw-bucket', SHARDS: '2' },
    });
  });

  it('reads the Kinesis mapping settings the service deploys', () => {
    expect(streamTrigger(load('ingest', 'processor'))).toEqual({
      streamArn: exports['fixture-pipeline-dev-StreamArn'],
      parallelizationFactor: 1,
      onFailureArn: exports['fixture-pipeline-dev-IngestDlqArn'],
      settings: {
        batchSize: 50,
        batchWindowSeconds: 2,
        maximumRetryAttempts: 4,
        maximumRecordAgeSeconds: -1,
        bisectBatchOnFunctionError: true,
        reportBatchItemFailures: true,
        startingPosition: 'TRIM_HORIZON',
      },
    });
  });

  it('says which import the local stack lacks', () => {
    expect(() =>
      loadFunctionDefinition({
        serviceDir: `${services}/ingest`,
        functionName: 'processor',
        stage: 'dev',
        region: 'us-east-1',
        accountId: '000000000000',
        exports: {},
      }),
    ).toThrow('the local stack exports no fixture-pipeline-dev-RawBucketName');
  });
});
