import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from '@jest/globals';
import { lambdaEntry, type Observability, type ServiceDependencies, serviceParts } from '../../src/index.js';
import { lambdaContext } from '../helpers/lambda-context.js';
import { quietObservability, recordMetrics } from '../helpers/observability.js';

interface TestConfig {
  serviceName: string;
  bucket: string;
}

const deps = (overrides: Partial<ServiceDependencies<TestConfig>> = {}): ServiceDependencies<TestConfig> => ({
  config: { serviceName: 'svc-test', bucket: 'b' },
  s3: new S3Client({ region: 'us-east-1' }),
  dynamodb: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
  ...overrides,
});

describe('serviceParts', () => {
  it('keeps the injected Powertools and clock, else makes them for the service', () => {
    const observability = quietObservability('svc-test');
    const now = () => new Date('2024-01-15T10:30:00Z');
    const given = serviceParts(deps({ observability, now }));
    expect(given.observability).toBe(observability);
    expect(given.now).toBe(now);
    const made = serviceParts(deps());
    expect(made.observability.logger).toBeDefined();
    expect(made.now().getTime()).toBeGreaterThan(Date.parse('2024-01-01T00:00:00Z'));
  });

  it("builds handlers that flush the service's metrics and pass on what they return or throw", async () => {
    const observability = quietObservability('svc-test');
    const metrics = recordMetrics(observability.metrics);
    const { middy } = serviceParts(deps({ observability }));
    const ok = middy<{ n: number }, number>().handler(async (event) => {
      observability.metrics.addMetric('Handled', 'Count', 1);
      return event.n * 2;
    });
    expect(await ok({ n: 21 }, lambdaContext('svc-test-fn'))).toBe(42);
    expect(metrics).toEqual([{ name: 'Handled', unit: 'Count', value: 1 }]);
    const failure = new Error('S3 unavailable');
    const failing = middy<object, never>().handler(async () => {
      throw failure;
    });
    await expect(failing({}, lambdaContext('svc-test-fn'))).rejects.toBe(failure);
  });
});

describe('lambdaEntry', () => {
  const saved = { ...process.env };
  const savedPrepareStackTrace = Error.prepareStackTrace;
  afterEach(() => {
    process.env = { ...saved };
    Error.prepareStackTrace = savedPrepareStackTrace;
  });

  it('source-maps stack traces itself (the functions run without --enable-source-maps)', async () => {
    await lambdaEntry(
      () => ({ serviceName: 'svc-test' }),
      () => 'the handler',
    );
    expect(Error.prepareStackTrace).not.toBe(savedPrepareStackTrace);
  });

  it('reads the configuration from the environment and hands over clients aimed where it says', async () => {
    process.env.TEST_BUCKET = 'from-env';
    process.env.AWS_ENDPOINT_URL_S3 = 'http://127.0.0.1:4569';
    process.env.AWS_REGION = 'us-east-1';
    delete process.env.AWS_EXECUTION_ENV;
    let received: (ServiceDependencies<TestConfig> & { observability: Observability }) | undefined;
    const handler = await lambdaEntry(
      (env) => ({ serviceName: 'svc-test', bucket: env.TEST_BUCKET ?? '' }),
      (built) => {
        received = built;
        return 'the handler';
      },
    );
    expect(handler).toBe('the handler');
    expect(received!.config).toEqual({ serviceName: 'svc-test', bucket: 'from-env' });
    expect(received!.observability.tracer).toBeUndefined();
    expect(await received!.s3.config.endpoint?.()).toMatchObject({ hostname: '127.0.0.1', port: 4569 });
    expect(received!.dynamodb).toBeInstanceOf(DynamoDBDocumentClient);
  });

  it('fails the init with the configuration error', async () => {
    await expect(
      lambdaEntry(
        () => {
          throw new Error('TEST_BUCKET is missing');
        },
        () => 'never',
      ),
    ).rejects.toThrow('TEST_BUCKET is missing');
  });
});
