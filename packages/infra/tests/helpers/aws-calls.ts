/**
 * The AWS calls the operations tools make, read from their code: every `new XxxCommand(`,
 * `paginateXxx(` and lib-storage `new Upload(` in the sources they run with the operator's
 * credentials, mapped to the IAM actions each needs.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where each tool's calls are (folders or files). redrive and replay run the ingest and
 * transform handlers themselves, so the services' code (and the runtime they share) counts as
 * theirs. A root that does not exist (yet, or any more) is skipped.
 */
export const TOOL_SOURCES: Readonly<Record<string, readonly string[]>> = {
  producer: ['packages/local/src/producer'],
  'redrive, replay': [
    'packages/recovery/src',
    'packages/cli/src',
    'services/ingest/src',
    'services/transform/src',
    'packages/runtime/src',
  ],
  remove: ['packages/infra/src/deploy'],
  compact: ['services/compact/src', 'scripts/compact.ts'],
  status: ['scripts/status.ts', 'packages/status/src', 'packages/cli/src'],
};

/** SDK command (or lib-storage Upload) to the IAM actions it needs. */
export const IAM_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  PutRecordsCommand: ['kinesis:PutRecords'],
  DescribeStreamCommand: ['kinesis:DescribeStream'],
  DescribeStreamSummaryCommand: ['kinesis:DescribeStreamSummary'],
  ListShardsCommand: ['kinesis:ListShards'],
  GetShardIteratorCommand: ['kinesis:GetShardIterator'],
  GetRecordsCommand: ['kinesis:GetRecords'],
  GetQueueUrlCommand: ['sqs:GetQueueUrl'],
  GetQueueAttributesCommand: ['sqs:GetQueueAttributes'],
  ReceiveMessageCommand: ['sqs:ReceiveMessage'],
  DeleteMessageCommand: ['sqs:DeleteMessage'],
  ChangeMessageVisibilityCommand: ['sqs:ChangeMessageVisibility'],
  QueryCommand: ['dynamodb:Query'],
  GetCommand: ['dynamodb:GetItem'],
  GetItemCommand: ['dynamodb:GetItem'],
  PutCommand: ['dynamodb:PutItem'],
  PutItemCommand: ['dynamodb:PutItem'],
  UpdateCommand: ['dynamodb:UpdateItem'],
  UpdateItemCommand: ['dynamodb:UpdateItem'],
  PutObjectCommand: ['s3:PutObject'],
  // The transformer reads the version its S3 event names (a GetObject with a VersionId).
  GetObjectCommand: ['s3:GetObject', 's3:GetObjectVersion'],
  ListObjectsV2Command: ['s3:ListBucket'],
  ListObjectVersionsCommand: ['s3:ListBucketVersions'],
  // Emptying a versioned bucket deletes by version id.
  DeleteObjectsCommand: ['s3:DeleteObjectVersion'],
  // A multipart upload: PutObject covers its parts; a failed one aborts them.
  Upload: ['s3:PutObject', 's3:AbortMultipartUpload'],
  DescribeStacksCommand: ['cloudformation:DescribeStacks'],
  DescribeAlarmsCommand: ['cloudwatch:DescribeAlarms'],
  GetMetricDataCommand: ['cloudwatch:GetMetricData'],
  // Any identity may ask who it is: no permission.
  GetCallerIdentityCommand: [],
};

export interface AwsCall {
  call: string;
  file: string;
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
      return /\.(ts|mts|cts|js|mjs|cjs)$/.test(entry.name) && !/\.d\.c?ts$/.test(entry.name) ? [path] : [];
    }),
  );
  return nested.flat();
}

/** The calls in one file's text. */
export function callsIn(text: string): string[] {
  return [
    ...[...text.matchAll(/\bnew\s+([A-Z][A-Za-z0-9]*Command)\s*\(/g)].map((m) => m[1]!),
    ...[...text.matchAll(/\bpaginate([A-Z][A-Za-z0-9]*)\s*\(/g)].map((m) => `${m[1]!}Command`),
    ...[...text.matchAll(/\bnew\s+Upload\s*\(/g)].map(() => 'Upload'),
  ];
}

/** Every call in the existing roots, with the file it is in (relative to the repository). */
export async function scanCalls(repoRoot: string, roots: readonly string[]): Promise<AwsCall[]> {
  const calls: AwsCall[] = [];
  for (const root of roots) {
    const path = join(repoRoot, root);
    if (!existsSync(path)) continue;
    for (const file of (await stat(path)).isDirectory() ? await sourceFiles(path) : [path]) {
      const text = await readFile(file, 'utf8');
      for (const call of callsIn(text)) calls.push({ call, file: file.slice(repoRoot.length) });
    }
  }
  return calls;
}
