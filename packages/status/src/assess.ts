/**
 * What needs attention, from the facts alone (pure): a dead-letter queue that is not empty, an
 * alarm in ALARM, a shard (or the ingest function's IteratorAge) behind by more than the
 * iterator-age alarm's threshold, and any part that could not be read (then nobody can say all
 * is well). Quarantined records and pending partitions are the pipeline working as designed:
 * shown, not flagged. `npm run status` exits 1 when the list is not empty.
 */
import { duration } from './durations.js';
import { type DeadLetterQueue, isReadError, type ReadError, type StatusFacts } from './facts.js';

export interface Attention {
  /** What it is about: a queue, an alarm, a shard. */
  subject: string;
  problem: string;
  /** What to do about it, when there is a tool for it. */
  hint?: string;
}

const DLQ_HINTS: Record<DeadLetterQueue, string> = {
  ingest: 'npm run redrive -- --queue ingest (after fixing the cause)',
  transform: 'npm run redrive -- --queue transform (after fixing the cause)',
  compact:
    "a compaction run failed: its partitions stay pending and the next run retries them; see the compactor's logs",
};

const unreadable = (subject: string, part: ReadError): Attention => ({
  subject,
  problem: `could not be read, so its state is unknown: ${part.error}`,
});

function queueAttention(facts: StatusFacts): Attention[] {
  return facts.deadLetterQueues.flatMap((queue): Attention[] => {
    const subject = `${queue.queue} DLQ`;
    if (queue.error !== undefined) return [unreadable(subject, { error: queue.error })];
    const messages = queue.depth === undefined ? 0 : queue.depth.visible + queue.depth.inFlight;
    if (messages === 0) return [];
    return [{ subject, problem: `holds ${messages} message(s)`, hint: DLQ_HINTS[queue.queue] }];
  });
}

function shardAttention(facts: StatusFacts): Attention[] {
  const { shards } = facts.stream;
  if (isReadError(shards)) return [unreadable('the stream and the ledger', shards)];
  const threshold = facts.iteratorAgeThresholdMs;
  return shards
    .filter((shard) => shard.behindMs > threshold)
    .map((shard) => ({
      subject: `shard ${shard.shardId}`,
      problem: `the ledger is ${duration(shard.behindMs)} behind the stream (threshold ${duration(threshold)})`,
      hint: "see the ingest function's errors and throttles; records past the stream's retention are lost",
    }));
}

function cloudWatchAttention(facts: StatusFacts): Attention[] {
  const cloudWatch = facts.cloudWatch;
  if (!cloudWatch.available) return [];
  const found: Attention[] = [];
  if (isReadError(cloudWatch.alarmsInAlarm)) found.push(unreadable('alarms', cloudWatch.alarmsInAlarm));
  else
    for (const alarm of cloudWatch.alarmsInAlarm)
      found.push({
        subject: `alarm ${alarm.name}`,
        problem: `in ALARM since ${alarm.since}: ${alarm.reason}`,
      });
  const age = cloudWatch.iteratorAge;
  if (isReadError(age)) found.push(unreadable('iterator age', age));
  else if (age.latest !== undefined && age.latest.valueMs > facts.iteratorAgeThresholdMs)
    found.push({
      subject: `${age.functionName} IteratorAge`,
      problem: `${duration(age.latest.valueMs)} at ${age.latest.at} (threshold ${duration(facts.iteratorAgeThresholdMs)})`,
    });
  return found;
}

function unreadableParts(facts: StatusFacts): Attention[] {
  const { quarantine, pendingPartitions } = facts;
  return [
    // The ledger's part of the quarantine comes with the shards, already flagged with them.
    ...(isReadError(quarantine.objects) ? [unreadable('quarantine listings', quarantine.objects)] : []),
    ...(isReadError(pendingPartitions) ? [unreadable('pending partitions', pendingPartitions)] : []),
  ];
}

export function assess(facts: StatusFacts): Attention[] {
  return [
    ...queueAttention(facts),
    ...cloudWatchAttention(facts),
    ...shardAttention(facts),
    ...unreadableParts(facts),
  ];
}
