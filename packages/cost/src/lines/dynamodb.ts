/**
 * The ledger table, on demand: one item per ingest batch (in the ShardIndex too: it carries
 * shard_id), one per transformed object, the compactor's pending marks and its own items;
 * storage for the items' 30-day TTL, and point-in-time recovery on the table's size.
 */
import { LEDGER_TTL_DAYS } from '@event-pipeline/runtime';
import { ASSUMPTIONS } from '../assumptions.js';
import { type BillLine, item, line } from '../bill-line.js';
import { count, type Flow } from '../flow.js';
import { DAYS_PER_MONTH, GB, PRICES } from '../prices.js';
import type { StageSettings } from '../stage-settings.js';

const units = (bytes: number) => Math.ceil(bytes / PRICES.dynamodb.writeUnitBytes);

export function dynamodbLine(flow: Flow, settings: StageSettings): BillLine {
  const { dynamodb } = PRICES;
  const { compact } = ASSUMPTIONS;
  const copies = 1 + settings.ledger.indexes;
  const processedObjects = count(flow.processed);
  const ingestWrites = flow.ingest.invocations * units(flow.ingest.ledgerItemBytes) * copies;
  const transformWrites = processedObjects * units(flow.measured.ledger.transformItemBytes);
  const compactWrites =
    processedObjects * compact.pendingWritesPerProcessedObject +
    flow.compact.compactions * compact.writesPerCompaction;
  const kept = LEDGER_TTL_DAYS / DAYS_PER_MONTH;
  const overhead = dynamodb.itemOverheadBytes;
  const tableBytes =
    kept *
    (flow.ingest.invocations * (flow.ingest.ledgerItemBytes + overhead) +
      processedObjects * (flow.measured.ledger.transformItemBytes + overhead) +
      flow.compact.compactions * (dynamodb.writeUnitBytes + overhead));
  const indexBytes =
    kept * flow.ingest.invocations * (flow.ingest.ledgerItemBytes + overhead) * settings.ledger.indexes;
  const million = (n: number) => n / 1e6;
  const items = [
    item(
      'ingest ledger writes (table and index)',
      million(ingestWrites),
      'million WRU',
      dynamodb.usdPerMillionWriteUnits,
    ),
    item(
      'transform ledger writes',
      million(transformWrites),
      'million WRU',
      dynamodb.usdPerMillionWriteUnits,
    ),
    item(
      'compaction writes (pending marks, leases, items)',
      million(compactWrites),
      'million WRU',
      dynamodb.usdPerMillionWriteUnits,
    ),
    item(
      'compaction reads (pending partitions)',
      million(flow.compact.invocations * compact.readUnitsPerRun),
      'million RRU',
      dynamodb.usdPerMillionReadUnits,
    ),
    item(
      `storage (${LEDGER_TTL_DAYS}-day TTL, with the index)`,
      (tableBytes + indexBytes) / GB,
      'GB-month',
      dynamodb.storageUsdPerGbMonth,
    ),
  ];
  if (settings.ledger.pitr)
    items.push(item('point-in-time recovery', tableBytes / GB, 'GB-month', dynamodb.pitrUsdPerGbMonth));
  return line('dynamodb', 'DynamoDB (ledger, on demand)', items);
}
