/**
 * The monthly bills of the results file: dev and prod at their reference workloads, priced by
 * packages/cost from the stages' own settings with the CPU figures this run measured, the same
 * prod workload on Firehose, and the reference architecture's estimates.
 */
import {
  type CpuFigures,
  type LineKey,
  lineTotals,
  loadStageSettings,
  monthlyBill,
  PRICES,
  REFERENCE_ESTIMATES,
} from '@event-pipeline/cost';
import type { CpuResult } from '../handlers/cpu-worker.js';

export type LineTotals = Partial<Record<LineKey, number>> & { total: number };

export interface MonthlyCost {
  monthly: { dev: LineTotals; prod: LineTotals };
  /** The prod workload on Firehose with dynamic partitioning (JSON), and with Parquet conversion. */
  firehose: { prod: LineTotals; prod_parquet: LineTotals };
  reference_estimate: typeof REFERENCE_ESTIMATES;
  /** CPU figures the bills used (at one vCPU). */
  cpu_figures: CpuFigures;
  prices_checked: string;
}

const cents = (totals: LineTotals): LineTotals =>
  Object.fromEntries(
    Object.entries(totals).map(([key, usd]) => [key, Math.round(usd * 100) / 100]),
  ) as LineTotals;

/**
 * This run's CPU as the model takes it: a fixed part per invocation (the traced small batch minus
 * its records) and a part per record (the large, untraced batch).
 */
function cpuFigures(cpu: CpuResult): CpuFigures {
  const { ingest, transform } = cpu;
  const fixed = (ms: number, records: number, usPerRecord: number) =>
    Math.max(0, ms - (records * usPerRecord) / 1000);
  return {
    ingest: {
      msPerInvocation: fixed(ingest.traced.ms_per_batch, ingest.batch_size, ingest.us_per_record),
      usPerRecord: ingest.us_per_record,
    },
    transform: {
      msPerInvocation: fixed(
        transform.traced.ms_per_object,
        transform.records_per_object,
        transform.us_per_record,
      ),
      usPerRecord: transform.us_per_record,
    },
  };
}

export function monthlyCost(rootDir: string, cpu: CpuResult): MonthlyCost {
  const figures = cpuFigures(cpu);
  const bill = (stage: string) => {
    const settings = loadStageSettings(rootDir, stage);
    return monthlyBill(settings, settings.workload, { cpu: figures });
  };
  const dev = bill('dev');
  const prod = bill('prod');
  return {
    monthly: { dev: cents(lineTotals(dev.lines)), prod: cents(lineTotals(prod.lines)) },
    firehose: {
      prod: cents(lineTotals(prod.firehose.json.lines)),
      prod_parquet: cents(lineTotals(prod.firehose.parquet.lines)),
    },
    reference_estimate: REFERENCE_ESTIMATES,
    cpu_figures: figures,
    prices_checked: PRICES.checked,
  };
}
