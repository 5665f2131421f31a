/**
 * The compactor's settings as deployed, for the benchmarks to run it the same way: its V8 heap
 * limit (services/compact/serverless.yml NODE_OPTIONS) and its row group size (the default of
 * its ROW_GROUP_ROWS setting).
 */
import { loadCompactConfig } from '@event-pipeline/compact';
import { deployedNodeOptions, heapLimitMb } from '../lib/deployed-function.js';

export interface CompactSettings {
  nodeOptions: string;
  heapMb: number;
  rowGroupRows: number;
}

export function deployedCompactSettings(rootDir: string): CompactSettings {
  const nodeOptions = deployedNodeOptions(rootDir, 'compact', 'compactor');
  const heapMb = heapLimitMb(nodeOptions);
  if (heapMb === undefined) throw new Error(`the compactor's NODE_OPTIONS set no heap limit: ${nodeOptions}`);
  // Only the names have to be given: the rest are the function's defaults.
  const { rowGroupRows } = loadCompactConfig({
    PROCESSED_BUCKET: 'bench-bucket',
    LEDGER_TABLE: 'bench-table',
  });
  return { nodeOptions, heapMb, rowGroupRows };
}
