// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation ${...} placeholders, not JavaScript templates
/**
 * The operator policy grants exactly what the operations tools call: the calls are read from
 * their code (tests/helpers/aws-calls.ts), each mapped to its IAM actions, and compared with the
 * policy in the packaged infrastructure template, both ways.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { parseCloudFormationYaml } from '../../src/cloudformation-yaml.js';
import { renderString } from '../../src/intrinsics.js';
import { packageStack } from '../../src/package-stack.js';
import { asList, identityPolicies, type PolicyStatement } from '../../src/rules/policy-documents.js';
import { stackById } from '../../src/stacks.js';
import { loadStageParams, stringParam } from '../../src/stage-params.js';
import type { CfnTemplate } from '../../src/template.js';
import { type AwsCall, callsIn, IAM_ACTIONS, scanCalls, TOOL_SOURCES } from '../helpers/aws-calls.js';
import { REPO_ROOT } from '../helpers/repo.js';

let template: CfnTemplate;
let statements: PolicyStatement[];
let calls: AwsCall[];

beforeAll(async () => {
  [{ template }, calls] = await Promise.all([
    packageStack({ repoRoot: REPO_ROOT, stack: stackById('infra'), stage: 'dev' }),
    scanCalls(REPO_ROOT, Object.values(TOOL_SOURCES).flat()),
  ]);
  statements = identityPolicies(template)
    .filter((p) => p.resource === 'OperatorPolicy')
    .flatMap((p) => p.statements);
}, 120_000);

const unique = (values: string[]) => [...new Set(values)].sort();
const granted = () =>
  unique(statements.filter((s) => s.Effect === 'Allow').flatMap((s) => asList(s.Action).map(renderString)));
/** The rendered resources on which the policy allows `action`. */
const resourcesOf = (action: string) =>
  unique(
    statements
      .filter((s) => s.Effect === 'Allow' && asList(s.Action).map(renderString).includes(action))
      .flatMap((s) => asList(s.Resource).map(renderString)),
  );

describe('reading the calls from the code', () => {
  it('finds commands, paginators and multipart uploads', () => {
    expect(
      callsIn(
        'await s3.send(new ListObjectVersionsCommand({})); paginateQuery({ client }, {}); new Upload({ client }); new Command("x");',
      ),
    ).toEqual(['ListObjectVersionsCommand', 'QueryCommand', 'Upload']);
  });

  it("finds each tool's known calls where they are today", () => {
    const found = new Set(calls.map((c) => c.call));
    for (const call of [
      'PutRecordsCommand',
      'GetRecordsCommand',
      'ReceiveMessageCommand',
      'QueryCommand',
      'GetObjectCommand',
      'Upload',
      'ListObjectVersionsCommand',
      'DeleteObjectsCommand',
      'DescribeStacksCommand',
      'GetQueueAttributesCommand',
      'DescribeAlarmsCommand',
      'GetMetricDataCommand',
    ]) {
      expect(found).toContain(call);
    }
  });
});

describe('the operator policy', () => {
  it('knows the IAM actions of every call the tools make', () => {
    const unknown = calls.filter((c) => !(c.call in IAM_ACTIONS)).map((c) => `${c.call} (${c.file})`);
    expect(unknown).toEqual([]);
  });

  it('grants every action the tools need, and nothing else', () => {
    const needed = unique(calls.map((c) => c.call).flatMap((call) => [...(IAM_ACTIONS[call] ?? [])]));
    expect(granted()).toEqual(needed);
  });

  it('grants what is easy to miss on the right resources', () => {
    // An index has an ARN of its own; the table's ARN does not cover a Query on it.
    expect(resourcesOf('dynamodb:Query')).toEqual([
      '${LedgerTable.Arn}/index/PendingPartitionIndex',
      '${LedgerTable.Arn}/index/ShardIndex',
    ]);
    // Emptying versioned buckets (remove), and redriving a versioned raw object.
    expect(resourcesOf('s3:ListBucketVersions')).toEqual(['${ProcessedBucket.Arn}', '${RawBucket.Arn}']);
    expect(resourcesOf('s3:DeleteObjectVersion')).toEqual(['${ProcessedBucket.Arn}/*', '${RawBucket.Arn}/*']);
    expect(resourcesOf('s3:GetObjectVersion')).toEqual(['${RawBucket.Arn}/raw/*']);
    expect(resourcesOf('cloudformation:DescribeStacks')).toEqual(['${AWS::StackId}']);
    expect(resourcesOf('sqs:ReceiveMessage')).toEqual(['${IngestDlq.Arn}', '${TransformDlq.Arn}']);
  });

  it("lets status read the compact service's DLQ, by the name that service gives it", async () => {
    const file = 'services/compact/serverless.yml';
    const compact = parseCloudFormationYaml(await readFile(join(REPO_ROOT, file), 'utf8'), file);
    const queueName = String(
      (compact as { resources: CfnTemplate }).resources.Resources.CompactDlq?.Properties?.QueueName,
    )
      .replace('${param:app}', stringParam(await loadStageParams(REPO_ROOT, 'dev'), 'app'))
      .replace('${sls:stage}', 'dev');
    const compactDlq = `arn:\${AWS::Partition}:sqs:\${AWS::Region}:\${AWS::AccountId}:${queueName}`;
    expect(queueName).toBe('event-pipeline-dev-compactor-dlq');
    expect(resourcesOf('sqs:GetQueueAttributes')).toEqual([
      '${IngestDlq.Arn}',
      '${TransformDlq.Arn}',
      compactDlq,
    ]);
    expect(resourcesOf('sqs:ReceiveMessage')).not.toContain(compactDlq);
  });

  it('lists a prefix of a data bucket, never a whole bucket', () => {
    const listings = statements
      .filter((s) => s.Effect === 'Allow' && asList(s.Action).map(renderString).includes('s3:ListBucket'))
      .map((s) => ({ resources: asList(s.Resource).map(renderString).sort(), condition: s.Condition }));
    expect(listings).toEqual([
      { resources: ['${ProcessedBucket.Arn}'], condition: { StringLike: { 's3:prefix': 'processed/*' } } },
      {
        resources: ['${ProcessedBucket.Arn}', '${RawBucket.Arn}'],
        condition: { StringLike: { 's3:prefix': 'quarantine/*' } },
      },
    ]);
  });

  it('is exported for attaching, under a name carrying the region', () => {
    expect(template.Outputs?.OperatorPolicyArn).toEqual({
      Value: { Ref: 'OperatorPolicy' },
      Export: { Name: 'event-pipeline-dev-OperatorPolicyArn' },
    });
    expect(template.Resources.OperatorPolicy?.Properties?.ManagedPolicyName).toEqual({
      'Fn::Sub': 'event-pipeline-dev-operator-${AWS::Region}',
    });
  });
});
