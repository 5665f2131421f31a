/**
 * The stage profiles as CloudFormation receives them: the three prod stacks and the dev
 * infrastructure stack packaged with `sls package` (offline), verified against the resource
 * specification and the security rules, and carrying the profile's settings.
 */
import {
  type CfnTemplate,
  formatFinding,
  packageAndVerify,
  packageStack,
  type StackVerification,
  stackById,
} from '@event-pipeline/infra';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { REPO_ROOT } from '../helpers/repo.js';

let prod: StackVerification;
let devInfra: CfnTemplate;

beforeAll(async () => {
  const [verified, dev] = await Promise.all([
    packageAndVerify(REPO_ROOT, 'prod'),
    packageStack({ repoRoot: REPO_ROOT, stack: stackById('infra'), stage: 'dev' }),
  ]);
  prod = verified;
  devInfra = dev.template;
}, 240_000);

const templateOf = (stack: string) => prod.templates.find((t) => t.stack === stack)!.template;
const ofType = (template: CfnTemplate, type: string) =>
  Object.values(template.Resources).filter((resource) => resource.Type === type);

describe('the prod stacks', () => {
  it('pass the resource specification, the security rules and the stack contract', () => {
    expect(prod.findings.map(formatFinding)).toEqual([]);
  });

  it("map the stream with the profile's batch (4,500) and window (45 s)", () => {
    const [mapping] = ofType(templateOf('ingest'), 'AWS::Lambda::EventSourceMapping');
    expect(mapping!.Properties).toMatchObject({ BatchSize: 4500, MaximumBatchingWindowInSeconds: 45 });
  });

  it.each(['ingest', 'transform'])('give the %s function the stage log level (WARN)', (stack) => {
    const [fn] = ofType(templateOf(stack), 'AWS::Lambda::Function').filter(
      (resource) => (resource.Properties as { Handler?: string }).Handler === 'src/lambda.handler',
    );
    expect(fn!.Properties).toMatchObject({ Environment: { Variables: { POWERTOOLS_LOG_LEVEL: 'WARN' } } });
  });

  it('keep one shard-level metric on 4 shards', () => {
    expect(templateOf('infra').Resources.Stream!.Properties).toMatchObject({
      ShardCount: 4,
      DesiredShardLevelMetrics: ['IteratorAgeMilliseconds'],
    });
  });

  it.each(['RawBucket', 'ProcessedBucket'])(
    'give %s a size-filtered Glacier transition and 30-day old versions',
    (bucket) => {
      const rules = (
        templateOf('infra').Resources[bucket]!.Properties as { LifecycleConfiguration: { Rules: unknown[] } }
      ).LifecycleConfiguration.Rules;
      expect(rules).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Id: 'archive-to-glacier',
            ObjectSizeGreaterThan: 163_840,
            Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 90 }],
          }),
          expect.objectContaining({
            Id: 'expire-old-versions',
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
            ExpiredObjectDeleteMarker: true,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
          }),
        ]),
      );
    },
  );

  it('expire processed/ after 7 days, its old versions a day later', () => {
    const infra = templateOf('infra');
    expect(infra.Conditions?.ExpireProcessedJsonLines).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [0, 7] }] });
    const rules = (
      infra.Resources.ProcessedBucket!.Properties as { LifecycleConfiguration: { Rules: unknown[] } }
    ).LifecycleConfiguration.Rules;
    expect(rules).toContainEqual({
      'Fn::If': [
        'ExpireProcessedJsonLines',
        {
          Id: 'expire-processed-json-lines',
          Status: 'Enabled',
          Prefix: 'processed/',
          ExpirationInDays: 7,
          NoncurrentVersionExpiration: { NoncurrentDays: 1 },
        },
        { Ref: 'AWS::NoValue' },
      ],
    });
  });
});

describe('the dev infrastructure stack', () => {
  it('keeps processed/ (the expiration condition is false) and every shard-level metric', () => {
    expect(devInfra.Conditions?.ExpireProcessedJsonLines).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [0, 0] }] });
    expect(devInfra.Resources.Stream!.Properties).toMatchObject({ DesiredShardLevelMetrics: ['ALL'] });
  });
});
