/**
 * The compactor's side of the pending-partition protocol (packages/schema's
 * pending-partition.ts) and its ledger items, in the ledger table:
 * - pending(): the pending partitions quiet since `cutoff`, from the sparse GSI;
 * - lease(): takes a partition for this run, only if its version is the one just read and no
 *   live lease holds it (a second run skips it); a manual run may take one that is not pending
 *   (recompacting it on purpose), creating its item when no processed object ever marked it;
 * - complete(): after the curated object is stored, clears the pending mark only if no
 *   processed object was added since (same version); else just ends the lease, leaving it pending;
 * - release(): ends the lease after a failure, leaving it pending for the next run.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type PartitionItemKey,
  PENDING_PARTITION_INDEX,
  PENDING_QUEUE,
  partitionItemKey,
} from '@event-pipeline/schema';
import type { CompactLedgerItem } from '../ledger-item.js';

export class LedgerError extends Error {
  override name = 'LedgerError';
}

export interface PendingPartition {
  partition: string;
  lastProcessedAt: string;
}

export interface Lease {
  partition: string;
  version: number;
  owner: string;
}

export interface PartitionLedger {
  /** Pending partitions whose last processed object is at or before `cutoff`, quietest first. */
  pending(cutoff: Date, limit: number): Promise<PendingPartition[]>;
  /**
   * Reads the partition item and leases it at its current version; undefined if another run
   * holds it, it changed meanwhile, or (unless `evenIfNotPending`) it is not pending.
   */
  lease(
    partition: string,
    owner: string,
    now: Date,
    until: Date,
    options?: { evenIfNotPending?: boolean },
  ): Promise<Lease | undefined>;
  /** True when the partition is no longer pending; false when it got new objects meanwhile. */
  complete(lease: Lease, done: { at: Date; curatedKey: string }): Promise<boolean>;
  release(lease: Lease): Promise<void>;
  putCompaction(item: CompactLedgerItem): Promise<void>;
}

const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException ||
  (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';

async function send<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new LedgerError(`could not ${what}: ${(error as Error).message}`, { cause: error });
  }
}

export function createPartitionLedger(ddb: DynamoDBDocumentClient, table: string): PartitionLedger {
  const key = (partition: string): PartitionItemKey => partitionItemKey(partition);
  return {
    async pending(cutoff, limit) {
      const found: PendingPartition[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await send('query the pending partitions', () =>
          ddb.send(
            new QueryCommand({
              TableName: table,
              IndexName: PENDING_PARTITION_INDEX,
              KeyConditionExpression: 'compact_queue = :pending AND last_processed_at <= :cutoff',
              ExpressionAttributeValues: { ':pending': PENDING_QUEUE, ':cutoff': cutoff.toISOString() },
              ExclusiveStartKey: start,
              Limit: Math.min(limit - found.length, 1000),
            }),
          ),
        );
        for (const item of page.Items ?? []) {
          const batchId = String(item.batch_id);
          found.push({
            partition: batchId.slice(batchId.indexOf('#') + 1),
            lastProcessedAt: String(item.last_processed_at),
          });
        }
        start = page.LastEvaluatedKey;
      } while (start !== undefined && found.length < limit);
      return found;
    },

    async lease(partition, owner, now, until, options = {}) {
      const { Item } = await send(`read the partition item of ${partition}`, () =>
        ddb.send(new GetCommand({ TableName: table, Key: key(partition), ConsistentRead: true })),
      );
      const pending = Item?.compact_queue === PENDING_QUEUE;
      if (!pending && !options.evenIfNotPending) return undefined;
      const version = Number(Item?.version ?? 0);
      try {
        if (Item === undefined) {
          // Never marked (objects from before the protocol, or written by hand): version 0. A
          // transformer's mark in between makes the put fail, and the partition is left to a run.
          await ddb.send(
            new PutCommand({
              TableName: table,
              Item: {
                ...key(partition),
                stage: 'partition',
                partition,
                version,
                lease_owner: owner,
                lease_until: until.toISOString(),
              },
              ConditionExpression: 'attribute_not_exists(batch_id)',
            }),
          );
          return { partition, version, owner };
        }
        await ddb.send(
          new UpdateCommand({
            TableName: table,
            Key: key(partition),
            UpdateExpression: 'SET lease_owner = :owner, lease_until = :until',
            ConditionExpression: `#version = :version${pending ? ' AND compact_queue = :pending' : ''} AND (attribute_not_exists(lease_until) OR lease_until < :now)`,
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: {
              ':owner': owner,
              ':until': until.toISOString(),
              ':now': now.toISOString(),
              ':version': version,
              ...(pending ? { ':pending': PENDING_QUEUE } : {}),
            },
          }),
        );
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw new LedgerError(`could not lease ${partition}: ${(error as Error).message}`, { cause: error });
      }
      return { partition, version, owner };
    },

    async complete(lease, { at, curatedKey }) {
      try {
        await ddb.send(
          new UpdateCommand({
            TableName: table,
            Key: key(lease.partition),
            UpdateExpression:
              'SET compacted_version = :version, compacted_at = :at, curated_key = :curated REMOVE compact_queue, lease_owner, lease_until',
            ConditionExpression: '#version = :version AND lease_owner = :owner',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: {
              ':version': lease.version,
              ':owner': lease.owner,
              ':at': at.toISOString(),
              ':curated': curatedKey,
            },
          }),
        );
        return true;
      } catch (error) {
        if (!isConditionFailure(error))
          throw new LedgerError(`could not mark ${lease.partition} compacted: ${(error as Error).message}`, {
            cause: error,
          });
      }
      // New processed objects arrived while compacting: stay pending, for the next run.
      await this.release(lease);
      return false;
    },

    async release(lease) {
      try {
        await ddb.send(
          new UpdateCommand({
            TableName: table,
            Key: key(lease.partition),
            UpdateExpression: 'REMOVE lease_owner, lease_until',
            ConditionExpression: 'lease_owner = :owner',
            ExpressionAttributeValues: { ':owner': lease.owner },
          }),
        );
      } catch (error) {
        // Someone else holds it now (our lease had expired): theirs to finish.
        if (isConditionFailure(error)) return;
        throw new LedgerError(`could not release ${lease.partition}: ${(error as Error).message}`, {
          cause: error,
        });
      }
    },

    async putCompaction(item) {
      await send(`put the ledger item ${item.batch_id}`, () =>
        ddb.send(new PutCommand({ TableName: table, Item: item })),
      );
    },
  };
}
