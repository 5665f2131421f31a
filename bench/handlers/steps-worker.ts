/**
 * What each step of the handlers costs per record, on the CPU bench's inputs (the 10,000-record
 * Kinesis event and raw object), bundled with the deployed settings like cpu-worker.ts. Each
 * step is a loop over the records doing that step alone, so the figures say where a handler's
 * time goes; they do not add up to the handler (the handler rows are the whole invocation).
 * Options come in `BENCH_STEPS_OPTIONS` (JSON); the result goes out as `BENCH {...}`.
 */
import { jsonLines, planBatch, rawLine } from '@event-pipeline/ingest';
import {
  jsonNumber,
  jsonString,
  kinesisMetadataText,
  parseRawLine,
  recordId,
  validate,
} from '@event-pipeline/schema';
import { DEFAULT_THRESHOLDS, processedLine } from '@event-pipeline/transform';
import { kinesisEventProblems } from '../../services/ingest/src/middleware/kinesis-envelope.js';
import { transformLine } from '../../services/transform/src/lines.js';
import { servedBytes } from '../lib/aws-answers.js';
import { reportResult } from '../lib/child.js';
import { benchObservability } from '../lib/observability.js';
import { median } from '../lib/stats.js';
import { kinesisEvent, RAW_KEY, sampleRawObject, shardRecords, validSamples } from '../lib/workloads.js';
import { jsonLinesFloor, kinesisFloor } from './floor.js';
import { ingestInvoker } from './ingest.js';
import { transformInvoker } from './transform.js';

export interface StepsOptions {
  records: number;
  rounds: number;
  warmup: number;
}

/** µs of CPU per record, median over the rounds, for each step. */
export type StepCosts = Record<string, number>;

const options = JSON.parse(process.env.BENCH_STEPS_OPTIONS ?? '{}') as StepsOptions;
const { records, rounds, warmup } = options;
let sink = 0;

async function measure(steps: Record<string, () => unknown>): Promise<StepCosts> {
  for (let i = 0; i < warmup; i++) for (const step of Object.values(steps)) await step();
  const costs: StepCosts = {};
  for (const [name, step] of Object.entries(steps)) {
    const perRound: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const cpu = process.cpuUsage();
      await step();
      const { user, system } = process.cpuUsage(cpu);
      perRound.push((user + system) / records);
    }
    costs[name] = Math.round(median(perRound) * 1000) / 1000;
  }
  return costs;
}

// Ingest: the event, its records' bytes and text, and their metadata.
const event = kinesisEvent(shardRecords(validSamples(records)));
const bytes = event.Records.map((record) => Buffer.from(record.kinesis.data, 'base64'));
const texts = bytes.map((b) => b.toString());
const metadata = event.Records.map(({ kinesis }) => ({
  shard_id: 'shardId-000000000000',
  sequence_number: kinesis.sequenceNumber,
  partition_key: kinesis.partitionKey,
  approximate_arrival_timestamp: kinesis.approximateArrivalTimestamp,
}));
const ingest = ingestInvoker(await benchObservability('ingest'));
const ingestSteps = await measure({
  'floor (decode, parse, stringify)': () => kinesisFloor(event),
  'base64 decode': () => {
    for (const record of event.Records) sink += Buffer.from(record.kinesis.data, 'base64').length;
  },
  'UTF-8 decode': () => {
    for (const b of bytes) sink += b.toString().length;
  },
  'JSON.parse': () => {
    for (const text of texts) sink += JSON.parse(text) === null ? 0 : 1;
  },
  'envelope check (kinesisEventProblems)': () => {
    sink += kinesisEventProblems(event).length;
  },
  'validate (UTF-8, parse, structure, duplicate keys, schema)': () => {
    for (const b of bytes) sink += validate(b).ok ? 1 : 0;
  },
  'raw line re-serialised (rawLine, the fallback)': () => {
    for (let i = 0; i < texts.length; i++) sink += rawLine(JSON.parse(texts[i]!), metadata[i]!).length;
  },
  'metadata JSON (kinesisMetadataText)': () => {
    for (const m of metadata) sink += kinesisMetadataText(m).length;
  },
  'partition key and arrival as JSON': () => {
    for (const m of metadata)
      sink += jsonString(m.partition_key).length + jsonNumber(m.approximate_arrival_timestamp).length;
  },
  'lines joined as text (jsonLines)': () => {
    sink += jsonLines(texts).length;
  },
  'planBatch (decode, validate, splice, group: no I/O)': () => {
    sink += planBatch(event.Records).objects.length;
  },
  'handler (SDK answered in memory)': () => ingest.invoke(event),
});

// Transform: the raw object, its lines and their parsed values.
const object = sampleRawObject(records);
const lines = object
  .toString()
  .split('\n')
  .filter((line) => line !== '');
const parsed = lines.map((line) => JSON.parse(line));
const context = {
  rawObject: `s3://raw/${RAW_KEY}`,
  processedAt: new Date(0).toISOString(),
  thresholds: DEFAULT_THRESHOLDS,
};
const transform = transformInvoker(servedBytes(object), await benchObservability('transform'));
const output = Buffer.allocUnsafe(object.length * 3);
const transformSteps = await measure({
  'floor (decode, split, parse, stringify)': () => jsonLinesFloor(object),
  'decode and split': () => {
    sink += object.toString().split('\n').length;
  },
  'JSON.parse': () => {
    for (const line of lines) sink += JSON.parse(line) === null ? 0 : 1;
  },
  'parseRawLine (parse, validate the event and the metadata)': () => {
    for (const line of lines) sink += parseRawLine(line).ok ? 1 : 0;
  },
  'record id (SHA-256)': () => {
    for (const raw of parsed)
      sink += recordId({ eventId: raw.event_id, shardId: '', sequenceNumber: '' }).length;
  },
  'processed line as an object, stringified (the reference)': () => {
    for (const raw of parsed) sink += JSON.stringify(processedLine(raw, context)).length;
  },
  'transformLine (parse, validate, processed line text)': () => {
    for (const line of lines) {
      const outcome = transformLine(line, context);
      sink += outcome.ok ? outcome.text.length : 0;
    }
  },
  'transformLine and UTF-8 encoding': () => {
    let at = 0;
    for (const line of lines) {
      const outcome = transformLine(line, context);
      if (outcome.ok) at += output.write(outcome.text, at);
    }
    sink += at;
  },
  'handler (SDK answered in memory)': () => transform(),
});

// The sum keeps V8 from dropping the work; it is not part of the result.
if (sink < 0) throw new Error('unreachable');
reportResult({ ingest: ingestSteps, transform: transformSteps });
