/** The producer's live progress line and final statistics table. */
import type { ProducerProgress, ProducerStats } from '@event-pipeline/local';
import { table } from './table.js';

export function progressLine(progress: ProducerProgress): string {
  const seconds = progress.elapsedMs / 1000;
  // A rate over less than a second says little.
  const rate = seconds >= 1 ? (progress.sent / seconds).toFixed(1) : '-';
  const percent = progress.planned > 0 ? (100 * (progress.sent + progress.failed)) / progress.planned : 100;
  return (
    `produce ${percent.toFixed(0).padStart(3)}%  sent ${progress.sent}/${progress.planned}  ` +
    `${rate} rec/s  retried ${progress.retried}  failed ${progress.failed}  ${seconds.toFixed(1)} s`
  );
}

export function statsTable(stats: ProducerStats, askedRate: number): string {
  const deviation = askedRate > 0 ? ((stats.achievedRate - askedRate) / askedRate) * 100 : 0;
  const failures = Object.entries(stats.failures)
    .map(([code, count]) => `${code} x${count}`)
    .join(', ');
  return table([
    ['sent', `${stats.sent} of ${stats.planned} (${stats.invalid} invalid on purpose)`],
    ['retried', `${stats.retried} record sends`],
    ['failed', failures === '' ? '0' : `${stats.failed} (${failures})`],
    [
      'achieved rate',
      `${stats.achievedRate.toFixed(1)} rec/s (asked ${askedRate}, ${deviation >= 0 ? '+' : ''}${deviation.toFixed(1)}%)`,
    ],
    ['PutRecords calls', String(stats.calls)],
    ['PutRecords p50', `${stats.latencyP50Ms.toFixed(1)} ms`],
    ['PutRecords p99', `${stats.latencyP99Ms.toFixed(1)} ms`],
    ['elapsed', `${(stats.elapsedMs / 1000).toFixed(1)} s`],
  ]);
}
