import { isPlainObject } from '@event-pipeline/schema';
import { asList } from '../../rules/policy-documents.js';
import { stringParam } from '../../stage-params.js';
import { valueAt } from '../expect.js';
import type { InfraContext } from './context.js';

export function checkLedgerTable({ e, template, params, name }: InfraContext): void {
  if (!e.resource('LedgerTable', 'AWS::DynamoDB::Table')) return;
  e.equals('LedgerTable', 'Properties.TableName', name('metadata'));
  e.equals('LedgerTable', 'Properties.BillingMode', 'PAY_PER_REQUEST');
  e.equals('LedgerTable', 'Properties.KeySchema', [
    { AttributeName: 'batch_id', KeyType: 'HASH' },
    { AttributeName: 'processed_at', KeyType: 'RANGE' },
  ]);
  const indexes = asList(valueAt(template.Resources.LedgerTable, 'Properties.GlobalSecondaryIndexes')).filter(
    isPlainObject,
  );
  const shardIndex = indexes.find((i) => i.IndexName === 'ShardIndex');
  e.check('LedgerTable', 'Properties.GlobalSecondaryIndexes', shardIndex !== undefined, 'has no ShardIndex');
  if (shardIndex) {
    e.check(
      'LedgerTable',
      'Properties.GlobalSecondaryIndexes.ShardIndex.KeySchema',
      JSON.stringify(shardIndex.KeySchema) ===
        JSON.stringify([
          { AttributeName: 'shard_id', KeyType: 'HASH' },
          { AttributeName: 'processed_at', KeyType: 'RANGE' },
        ]),
      'ShardIndex must be keyed by shard_id (HASH) and processed_at (RANGE)',
    );
  }
  e.equals('LedgerTable', 'Properties.TimeToLiveSpecification', { AttributeName: 'ttl', Enabled: true });
  e.equals('LedgerTable', 'Properties.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled', true);
  e.equals('LedgerTable', 'Properties.SSESpecification.SSEEnabled', true);
  e.equals('LedgerTable', 'Properties.DeletionProtectionEnabled', params.tableDeletionProtection);
  e.equals('LedgerTable', 'DeletionPolicy', stringParam(params, 'dataRemovalPolicy'));
}
