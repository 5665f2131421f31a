/**
 * The compactor's settings as deployed, for the benchmarks to run it the same way: its V8 heap
 * (services/compact/serverless.yml NODE_OPTIONS) and its row group size (the default of its
 * ROW_GROUP_ROWS setting).
 */
import { loadCompactConfig } from '@event-pipeline/compact';
import { v8HeapSizes } from '@event-pipeline/infra';
import { deployedNodeOptions } from '../lib/deployed-function.js';

export interface CompactSettings {
  nodeOptions: string;
  /** The old generation's limit. */
  heapMb: number;
  semiSpaceMb: number;
  rowGroupRows: number;
}

export function deployedCompactSettings(rootDir: string): CompactSettings {
  const nodeOptions = deployedNodeOptions(rootDir, 'compact', 'compactor');
  const { oldSpaceMb: heapMb, semiSpaceMb } = v8HeapSizes(nodeOptions);
  if (heapMb === undefined || semiSpaceMb === undefined)
    throw new Error(`the compactor's NODE_OPTIONS do not size V8's heap: ${nodeOptions}`);
  // Only the names have to be given: the rest are the function's defaults.
  const { rowGroupRows } = loadCompactConfig({
    PROCESSED_BUCKET: 'bench-bucket',
    LEDGER_TABLE: 'bench-table',
  });
  return { nodeOptions, heapMb, semiSpaceMb, rowGroupRows };
}
