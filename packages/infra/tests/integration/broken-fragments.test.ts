// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation ${...} placeholders, not JavaScript templates
/**
 * Breaks the stacks' fragments on purpose (in private copies), packages them with `sls package`,
 * and shows that the verification names each broken resource and property: every rule can fail.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { type Document, parseDocument } from 'yaml';
import { packageStack } from '../../src/package-stack.js';
import { stackById } from '../../src/stacks.js';
import { type Finding, formatFinding } from '../../src/template.js';
import { verifyTemplates } from '../../src/verify-stacks.js';
import { REPO_ROOT } from '../helpers/repo.js';

async function editFragment(root: string, file: string, edit: (doc: Document) => void): Promise<void> {
  const path = join(root, 'resources', file);
  const doc = parseDocument(await readFile(path, 'utf8'));
  edit(doc);
  await writeFile(path, doc.toString());
}

/** Replaces text in a file of the copy, failing if the text is not there (the test would prove nothing). */
async function replaceIn(root: string, file: string, from: string, to: string): Promise<void> {
  const path = join(root, file);
  const text = await readFile(path, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} no longer contains ${JSON.stringify(from)}`);
  await writeFile(path, text.replace(from, to));
}

const statementsAt = (doc: Document, path: unknown[]) =>
  doc.getIn([...path, 'Properties', 'PolicyDocument', 'Statement'], true) as { items: unknown[] };

const WILDCARD_ROLE = `
Resources:
  AdminRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: everything
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: '*'
                Resource: '*'
`;

async function breakFragments(root: string): Promise<void> {
  // A misspelled property.
  await editFragment(root, 'buckets.yml', (doc) => {
    const path = ['Resources', 'RawBucket', 'Properties'];
    doc.setIn([...path, 'VersioningConfig'], doc.getIn([...path, 'VersioningConfiguration'], true));
    doc.deleteIn([...path, 'VersioningConfiguration']);
    // A public bucket: one block switched off and a policy statement that lets anyone read.
    doc.setIn(
      ['Resources', 'ProcessedBucket', 'Properties', 'PublicAccessBlockConfiguration', 'BlockPublicPolicy'],
      false,
    );
    const statements = doc.getIn(
      ['Resources', 'ProcessedBucketPolicy', 'Properties', 'PolicyDocument', 'Statement'],
      true,
    );
    (statements as { add(value: unknown): void }).add(
      doc.createNode({
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::public/*',
      }),
    );
  });
  // A missing required property, and a setting docs/architecture.md requires (TTL) left out.
  await editFragment(root, 'table.yml', (doc) => {
    doc.deleteIn(['Resources', 'LedgerTable', 'Properties', 'KeySchema']);
    doc.deleteIn(['Resources', 'LedgerTable', 'Properties', 'TimeToLiveSpecification']);
  });
  // The TLS 1.2 floor left out of one bucket policy.
  await editFragment(root, 'buckets.yml', (doc) => {
    statementsAt(doc, ['Resources', 'RawBucketPolicy']).items.pop();
    // Replication that leaves deleted objects in the replica (the rule reads both branches of the condition).
    doc.deleteIn([
      'Resources',
      'ProcessedBucket',
      'Properties',
      'ReplicationConfiguration',
      1,
      'Rules',
      0,
      'DeleteMarkerReplication',
    ]);
  });
  // CloudWatch may use the alarm key on behalf of anyone.
  await editFragment(root, 'alarms.yml', (doc) => {
    doc.deleteIn(['Resources', 'AlarmTopicKey', 'Properties', 'KeyPolicy', 'Statement', 1, 'Condition']);
  });
  // Account-wide names without the region, and billing metrics asked of the stack's region.
  await replaceIn(
    root,
    'resources/dashboard.yml',
    'DashboardName: !Sub ${param:app}-${sls:stage}-${AWS::Region}',
    'DashboardName: ${param:app}-${sls:stage}',
  );
  await replaceIn(
    root,
    'resources/dashboard.yml',
    '"region": "us-east-1", "view": "timeSeries"',
    '"region": "${AWS::Region}", "view": "timeSeries"',
  );
  await replaceIn(
    root,
    'resources/operator.yml',
    'ManagedPolicyName: !Sub ${param:app}-${sls:stage}-operator-${AWS::Region}',
    'ManagedPolicyName: ${param:app}-${sls:stage}-operator',
  );
  // A trail without log file validation that misses the processed bucket.
  await editFragment(root, 'audit.yml', (doc) => {
    const trail = ['Resources', 'AuditTrail', 'Properties'];
    doc.setIn([...trail, 'EnableLogFileValidation'], false);
    (
      doc.getIn([...trail, 'AdvancedEventSelectors', 0, 'FieldSelectors', 2, 'StartsWith'], true) as {
        items: unknown[];
      }
    ).items.pop();
  });
  // A wildcard IAM grant, in a fragment of its own.
  await writeFile(join(root, 'resources', 'admin-role.yml'), WILDCARD_ROLE);
  const serverless = join(root, 'serverless.yml');
  await writeFile(
    serverless,
    (await readFile(serverless, 'utf8')).replace(
      '  - ${file(./resources/outputs.yml)}',
      '  - ${file(./resources/outputs.yml)}\n  - ${file(./resources/admin-role.yml)}',
    ),
  );
}

/** Replication that would replicate to itself in the replica region, and a role naming a wrong replica. */
async function breakReplication(root: string): Promise<void> {
  await editFragment(root, 'replication.yml', (doc) => {
    (doc.getIn(['Conditions', 'Replicates'], true) as { items: unknown[] }).items.pop();
  });
  await replaceIn(
    root,
    'resources/replication.yml',
    '${param:app}-${sls:stage}-processed-${AWS::AccountId}-${param:replicaRegion}/*',
    '${param:app}-${sls:stage}-processd-${AWS::AccountId}-${param:replicaRegion}/*',
  );
}

/** The Custom::S3 role without its log statement, the transformer's role name without the region, no TLS 1.2 plugin. */
async function breakTransform(root: string): Promise<void> {
  const file = 'services/transform/serverless.yml';
  await replaceIn(
    root,
    file,
    `                - Effect: Allow
                  Action: [logs:CreateLogStream, logs:PutLogEvents]
                  Resource: !GetAtt CustomResourceExistingS3LogGroup.Arn
`,
    '',
  );
  await replaceIn(
    root,
    file,
    '    iamRoleStatements:\n',
    '    iamRoleStatementsName: ${self:service}-${sls:stage}-transformer\n    iamRoleStatements:\n',
  );
  await replaceIn(root, file, '    - deployment-bucket-tls.cjs\n', '');
}

let findings: Finding[];
let prodFindings: Finding[];
let transformFindings: Finding[];

beforeAll(async () => {
  const [broken, brokenProd, brokenTransform] = await Promise.all([
    packageStack({ repoRoot: REPO_ROOT, stack: stackById('infra'), stage: 'dev', mutate: breakFragments }),
    packageStack({ repoRoot: REPO_ROOT, stack: stackById('infra'), stage: 'prod', mutate: breakReplication }),
    packageStack({
      repoRoot: REPO_ROOT,
      stack: stackById('transform'),
      stage: 'dev',
      mutate: breakTransform,
    }),
  ]);
  [findings, prodFindings, transformFindings] = await Promise.all([
    verifyTemplates(REPO_ROOT, 'dev', [broken]),
    verifyTemplates(REPO_ROOT, 'prod', [brokenProd]),
    verifyTemplates(REPO_ROOT, 'dev', [brokenTransform]),
  ]);
}, 180_000);

const brief = (list: Finding[], rule: string) =>
  list.filter((f) => f.rule === rule).map((f) => `${f.resource}.${f.property}: ${f.message}`);

describe('a deliberately broken infrastructure stack', () => {
  it('fails on the misspelled property, naming it and what it should be', () => {
    expect(findings).toContainEqual({
      stack: 'infra',
      resource: 'RawBucket',
      property: 'VersioningConfig',
      rule: 'cfn-spec',
      message: 'unknown property VersioningConfig of AWS::S3::Bucket; did you mean VersioningConfiguration?',
    });
  });

  it('fails on the missing required property', () => {
    expect(findings).toContainEqual({
      stack: 'infra',
      resource: 'LedgerTable',
      property: 'KeySchema',
      rule: 'cfn-spec',
      message: 'required property KeySchema of AWS::DynamoDB::Table is missing',
    });
  });

  it('fails on the public bucket: the switched-off block and the policy that lets anyone in', () => {
    expect(findings).toContainEqual(
      expect.objectContaining({
        resource: 'ProcessedBucket',
        property: 'PublicAccessBlockConfiguration.BlockPublicPolicy',
        rule: 'no-public-access',
      }),
    );
    expect(findings).toContainEqual(
      expect.objectContaining({
        resource: 'ProcessedBucketPolicy',
        property: 'PolicyDocument.Statement[2].Principal',
        message: 'allows any principal ("*") unconditionally',
      }),
    );
  });

  it('fails on the wildcard grant, for both the action and the resource', () => {
    const grants = findings.filter((f) => f.resource === 'AdminRole').map(formatFinding);
    expect(grants).toEqual([
      '[infra] AdminRole.Policies[0].PolicyDocument.Statement[0].Action: grants Action "*" (iam-least-privilege)',
      '[infra] AdminRole.Policies[0].PolicyDocument.Statement[0].Resource: grants * on Resource "*"; name the exact ARNs (iam-least-privilege)',
    ]);
  });

  it('also reports what the contract misses: the raw bucket is no longer versioned', () => {
    expect(findings).toContainEqual(
      expect.objectContaining({
        resource: 'RawBucket',
        property: 'VersioningConfiguration.Status',
        rule: 'infra-contract',
      }),
    );
  });

  it('fails on the bucket policy without the TLS 1.2 floor', () => {
    expect(brief(findings, 'tls-1.2')).toEqual([
      'RawBucket.BucketPolicy: no AWS::S3::BucketPolicy denies s3:* on the bucket and its objects when s3:TlsVersion is below 1.2',
    ]);
  });

  it('fails on the key CloudWatch may use for any account', () => {
    expect(brief(findings, 'service-principal-conditions')).toEqual([
      'AlarmTopicKey.KeyPolicy.Statement[1].Condition: lets cloudwatch.amazonaws.com act without aws:SourceAccount or aws:SourceArn: on behalf of any account',
    ]);
  });

  it('fails on the account-wide names that a second region would collide with', () => {
    expect(brief(findings, 'region-scoped-names').map((f) => f.split(':')[0])).toEqual([
      'Dashboard.DashboardName',
      'OperatorPolicy.ManagedPolicyName',
    ]);
  });

  it('fails on replication that leaves deleted objects in the replica', () => {
    expect(brief(findings, 'bucket-replication')).toContain(
      'ProcessedBucket.ReplicationConfiguration.Rules[0].DeleteMarkerReplication: delete markers do not replicate: the replica keeps deleted objects',
    );
  });

  it('fails on the trail without log file validation, and on what the stage asks of it and of the cost panel', () => {
    expect(brief(findings, 'audit-trail')).toEqual([
      'AuditTrail.EnableLogFileValidation: log file validation is off: a changed or deleted log file goes unnoticed',
    ]);
    expect(brief(findings, 'infra-contract')).toEqual(
      expect.arrayContaining([
        'AuditTrail.AdvancedEventSelectors: does not record the object events of ProcessedBucket',
        'Dashboard.DashboardName: expected event-pipeline-dev-${AWS::Region}, is event-pipeline-dev',
        'Dashboard.DashboardBody: widget "Estimated charges by service, month to date (USD, whole account)" graphs billing metrics from X: they exist in us-east-1 only',
      ]),
    );
  });

  it('fails on replication the replica region would turn on itself, and on a role naming another replica', () => {
    expect(brief(prodFindings, 'infra-contract')).toEqual(
      expect.arrayContaining([
        'Conditions.Replicates: is not false in the replica region us-west-2: its buckets would replicate to themselves',
        expect.stringMatching(/^ReplicationRole\.Policies: must grant on exactly /),
      ]),
    );
    expect(brief(prodFindings, 'bucket-replication')).toEqual([
      'ReplicationRole.Policies: does not allow s3:ReplicateObject on arn:${AWS::Partition}:s3:::event-pipeline-prod-processed-${AWS::AccountId}-us-west-2/* (replication of ProcessedBucket)',
      'ReplicationRole.Policies: does not allow s3:ReplicateDelete on arn:${AWS::Partition}:s3:::event-pipeline-prod-processed-${AWS::AccountId}-us-west-2/* (replication of ProcessedBucket)',
    ]);
  });
});

describe('a deliberately broken transform stack', () => {
  it("fails on the Custom::S3 function's role that cannot write its logs", () => {
    expect(brief(transformFindings, 'function-logs')).toEqual([
      'IamRoleCustomResourcesLambdaExecution.Policies: runs CustomDashresourceDashexistingDashs3LambdaFunction but does not allow logs:CreateLogStream and logs:PutLogEvents on its log group /aws/lambda/event-pipeline-transform-dev-custom-resource-existing-s3: its logs are lost',
    ]);
  });

  it('fails on the role name without the region, and on the deployment bucket without the TLS 1.2 floor', () => {
    expect(brief(transformFindings, 'region-scoped-names')).toEqual([
      'TransformerIamRoleLambdaExecution.RoleName: RoleName event-pipeline-transform-dev-transformer is account-wide but does not carry the region: the stage deployed to a second region would collide with it',
    ]);
    expect(brief(transformFindings, 'tls-1.2').map((f) => f.split(':')[0])).toEqual([
      'ServerlessDeploymentBucket.BucketPolicy',
    ]);
  });
});
