/**
 * A dry run: the partitions a run would compact (candidates.ts) and what each holds in
 * processed/ (objects and bytes, from a listing of its own prefix), without leasing, reading
 * or writing anything.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { PartitionLedger } from './adapters/partition-ledger.js';
import { listProcessedObjects } from './adapters/processed-objects.js';
import { candidatePartitions, type RunRequest } from './candidates.js';

export interface PlannedPartition {
  partition: string;
  objects: number;
  bytes: number;
}

export interface PlanDeps {
  s3: S3Client;
  processedBucket: string;
  ledger: PartitionLedger;
  settleSeconds: number;
  maxPartitions: number;
  clock: () => Date;
}

export async function planRun(deps: PlanDeps, request: RunRequest = {}): Promise<PlannedPartition[]> {
  const { partitions } = await candidatePartitions(deps, request);
  const planned: PlannedPartition[] = [];
  for (const partition of partitions) {
    const objects = await listProcessedObjects(deps.s3, deps.processedBucket, partition);
    planned.push({
      partition,
      objects: objects.length,
      bytes: objects.reduce((sum, object) => sum + object.bytes, 0),
    });
  }
  return planned;
}
