/** The status as people read it: one section per part, then what needs attention. Pure. */
import { table } from '@event-pipeline/cli';
import type { Attention } from './assess.js';
import { duration } from './durations.js';
import {
  type CloudWatchFacts,
  isReadError,
  type QuarantineFacts,
  type QueueFacts,
  type ShardFacts,
  type StatusFacts,
} from './facts.js';

const plural = (count: number, noun: string, nouns = `${noun}s`) => `${count} ${count === 1 ? noun : nouns}`;
const unreadable = (error: string) => `could not be read: ${error}`;

function shardLine(shard: ShardFacts): string {
  const last = shard.lastBatch;
  const recorded =
    last === undefined
      ? 'no batch recorded'
      : `last batch ${plural(last.records, 'record')} at ${last.processedAt} (${duration(last.ageMs)} ago)`;
  const unrecorded = shard.oldestUnrecorded;
  let tip: string;
  if (unrecorded !== undefined)
    tip = `behind ${duration(shard.behindMs)}: oldest unrecorded record ${unrecorded.sequenceNumber} arrived ${unrecorded.arrivedAt}`;
  else if (shard.behindMs > 0) tip = `behind ${duration(shard.behindMs)} (Kinesis' MillisBehindLatest)`;
  else tip = "at the stream's tip";
  return `${recorded}; ${tip}${shard.closed ? ' (closed shard)' : ''}`;
}

function shardsSection(facts: StatusFacts): string {
  const { name, shards } = facts.stream;
  const title =
    `Shards of ${name} (behind: the age of the oldest record no ledger batch covers yet; ` +
    `threshold ${duration(facts.iteratorAgeThresholdMs)})`;
  if (isReadError(shards)) return `${title}\n  ${unreadable(shards.error)}`;
  if (shards.length === 0) return `${title}\n  the stream has no shards`;
  return `${title}\n${table(shards.map((shard) => [shard.shardId, shardLine(shard)]))}`;
}

function queueLine(queue: QueueFacts): string {
  if (queue.error !== undefined) return `${unreadable(queue.error)} (${queue.address})`;
  if (queue.depth === undefined) return `absent: ${queue.absent ?? 'unknown'}`;
  const { visible, inFlight } = queue.depth;
  const messages = visible + inFlight;
  const detail = messages === 0 ? '' : ` (${visible} visible, ${inFlight} in flight)`;
  return `${plural(messages, 'message')}${detail}  ${queue.address}`;
}

function queuesSection(facts: StatusFacts): string {
  return `Dead-letter queues\n${table(facts.deadLetterQueues.map((queue) => [queue.queue, queueLine(queue)]))}`;
}

function quarantineSection(quarantine: QuarantineFacts): string {
  const ledger = isReadError(quarantine.ingestLedger)
    ? unreadable(quarantine.ingestLedger.error)
    : `${plural(quarantine.ingestLedger.records, 'record')} in ${plural(quarantine.ingestLedger.batches, 'batch', 'batches')}`;
  const objects = (bucket: 'raw' | 'processed'): Array<[string, string]> => {
    const label = `${bucket} bucket`;
    if (isReadError(quarantine.objects)) return [[label, unreadable(quarantine.objects.error)]];
    const reasons = quarantine.objects.filter((entry) => entry.bucket === bucket);
    if (reasons.length === 0) return [[label, 'none']];
    return reasons.map((entry) => [`${label}, ${entry.reason}`, plural(entry.objects, 'object')]);
  };
  return `Quarantined in the last hour (since ${quarantine.since})\n${table([
    ['ingest ledger', ledger],
    ...objects('raw'),
    ...objects('processed'),
  ])}`;
}

function pendingSection(facts: StatusFacts): string {
  const pending = facts.pendingPartitions;
  let line: string;
  if (isReadError(pending)) line = unreadable(pending.error);
  else if (pending.oldest === undefined) line = 'none';
  else
    line =
      `${pending.count}; the oldest, ${pending.oldest.partition}, last written ` +
      `${duration(pending.oldest.ageMs)} ago (${pending.oldest.lastProcessedAt})`;
  return `Partitions waiting for compaction\n${table([['pending', line]])}`;
}

function cloudWatchSection(cloudWatch: CloudWatchFacts): string {
  if (!cloudWatch.available) return `CloudWatch\n  not available: ${cloudWatch.reason}`;
  const alarms = cloudWatch.alarmsInAlarm;
  const age = cloudWatch.iteratorAge;
  let ageLine: string;
  if (isReadError(age)) ageLine = unreadable(age.error);
  else if (age.latest === undefined)
    ageLine = `no datapoint in the last ${age.windowMinutes} min (${age.functionName} read nothing)`;
  else ageLine = `${duration(age.latest.valueMs)} at ${age.latest.at} (maximum of that minute)`;
  return `CloudWatch\n${table([
    [
      'alarms in ALARM',
      isReadError(alarms)
        ? unreadable(alarms.error)
        : alarms.length === 0
          ? 'none'
          : alarms.map((alarm) => alarm.name).join(', '),
    ],
    ['iterator age', ageLine],
  ])}`;
}

function attentionSection(attention: readonly Attention[]): string {
  if (attention.length === 0) return 'Nothing needs attention.';
  const lines = attention.map(
    (item) => `  - ${item.subject}: ${item.problem}${item.hint === undefined ? '' : `\n      ${item.hint}`}`,
  );
  return `Needs attention:\n${lines.join('\n')}`;
}

export function statusReport(facts: StatusFacts, attention: readonly Attention[]): string {
  return [
    `Status of ${facts.target.description}, read at ${facts.readAt}`,
    shardsSection(facts),
    queuesSection(facts),
    quarantineSection(facts.quarantine),
    pendingSection(facts),
    cloudWatchSection(facts.cloudWatch),
    attentionSection(attention),
  ].join('\n\n');
}

/** `--json`: the facts and the assessment, as one object. */
export function statusJson(facts: StatusFacts, attention: readonly Attention[]): string {
  return JSON.stringify({ ...facts, attention }, null, 2);
}
