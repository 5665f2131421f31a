// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation ${...} placeholders, not JavaScript templates
/**
 * Breaks the infrastructure stack's fragments on purpose (in a private copy), packages it with
 * `sls package`, and shows that the verification names each broken resource and property.
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
  // A missing required property, and a setting design.md requires (TTL) left out.
  await editFragment(root, 'table.yml', (doc) => {
    doc.deleteIn(['Resources', 'LedgerTable', 'Properties', 'KeySchema']);
    doc.deleteIn(['Resources', 'LedgerTable', 'Properties', 'TimeToLiveSpecification']);
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

let findings: Finding[];

beforeAll(async () => {
  const broken = await packageStack({
    repoRoot: REPO_ROOT,
    stack: stackById('infra'),
    stage: 'dev',
    mutate: breakFragments,
  });
  findings = await verifyTemplates(REPO_ROOT, 'dev', [broken]);
}, 120_000);

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
});
