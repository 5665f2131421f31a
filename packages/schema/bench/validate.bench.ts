/**
 * How much validation costs per event: the compiled schema check on a parsed event (the
 * figure the 1 µs target is about), and the whole path from bytes (UTF-8 check, JSON.parse,
 * schema) next to JSON.parse alone. Median of several rounds over a mix of typical events.
 */
import { Command } from 'commander';
import { sampleBatch, validate, validateEvent } from '../src/index.js';

export interface ValidationBench {
  events: number;
  rounds: number;
  validate_ns_per_event: number;
  validate_bytes_ns_per_event: number;
  json_parse_ns_per_event: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function nsPerItem<T>(items: readonly T[], rounds: number, work: (item: T) => unknown): number {
  const samples: number[] = [];
  let sink = 0;
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    for (const item of items) if (work(item)) sink++;
    samples.push(Number(process.hrtime.bigint() - start) / items.length);
  }
  if (sink < 0) console.log(sink); // keeps the loop from being optimised away
  return median(samples);
}

export function benchValidation({ events = 10_000, rounds = 15 } = {}): ValidationBench {
  const samples = sampleBatch(events, { seed: 1 }).filter((s) => s.valid);
  const bytes = samples.map((s) => s.bytes);
  const parsed = bytes.map((b) => JSON.parse(b.toString('utf8')) as unknown);
  const warm = Math.max(3, Math.floor(rounds / 3));
  nsPerItem(parsed, warm, (e) => validateEvent(e).ok);
  nsPerItem(bytes, warm, (b) => validate(b).ok);
  return {
    events: samples.length,
    rounds,
    validate_ns_per_event: nsPerItem(parsed, rounds, (e) => validateEvent(e).ok),
    validate_bytes_ns_per_event: nsPerItem(bytes, rounds, (b) => validate(b).ok),
    json_parse_ns_per_event: nsPerItem(bytes, rounds, (b) => JSON.parse(b.toString('utf8'))),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const options = new Command()
    .name('bench:validate')
    .description('Measure the event validator: ns per event, median of several rounds.')
    .option('--events <n>', 'events per round', (v) => Number.parseInt(v, 10), 10_000)
    .option('--rounds <n>', 'measured rounds', (v) => Number.parseInt(v, 10), 15)
    .parse()
    .opts<{ events: number; rounds: number }>();
  const result = benchValidation(options);
  console.table({
    'schema check of a parsed event': { ns_per_event: Math.round(result.validate_ns_per_event) },
    'validate(bytes): utf-8 + parse + schema': {
      ns_per_event: Math.round(result.validate_bytes_ns_per_event),
    },
    'JSON.parse alone (floor)': { ns_per_event: Math.round(result.json_parse_ns_per_event) },
  });
  console.log(`${result.events} events x ${result.rounds} rounds; target: schema check <= 1000 ns per event`);
}
