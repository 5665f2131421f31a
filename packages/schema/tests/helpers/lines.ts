/** Lake lines as the services write them, built here from literals (not by the services' code). */
import { type ValidKind, validEvents } from './factories.js';

type Json = Record<string, unknown>;

export const kinesisMetadata = {
  shard_id: 'shardId-000000000001',
  sequence_number: '49654321098765432109876543210987654321098765432109876546',
  partition_key: 'user_1',
  approximate_arrival_timestamp: 1705314600.25,
};

export const rawLineOf = (kind: ValidKind = 'user_action'): Json => ({
  ...structuredClone(validEvents[kind]),
  kinesis_metadata: { ...kinesisMetadata },
});

export const processedLine = (): Json => ({
  record_id: 'a'.repeat(64),
  event_type: 'metric',
  original_timestamp: '2024-01-15T10:30:00+01:00',
  original_data: { metric_name: 'cpu_utilization', value: -3.5, host: 'host-1' },
  enriched_data: {
    metric_name: 'cpu_utilization',
    value: -3.5,
    host: 'host-1',
    metric_date: '2024-01-15',
    value_range: 'negative',
    is_anomaly: true,
  },
  kinesis_metadata: { ...kinesisMetadata },
  processed_timestamp: '2024-01-15T10:31:00.000Z',
  metadata: {
    source: 'kinesis-stream',
    processing_stage: 'transformed',
    version: '1.0',
    raw_object: 's3://raw-bucket/raw/event_type=metric/year=2024/month=01/day=15/hour=09/data_a.json',
  },
});

export const ingestQuarantineLine = (): Json => ({
  error: { code: 'not_json', message: 'the record is not valid JSON: ...', path: '' },
  kinesis_metadata: { ...kinesisMetadata },
  received_at: '2024-01-15T10:30:00.250Z',
  payload: Buffer.from('{"event_type":').toString('base64'),
});

export const transformQuarantineLine = (): Json => ({
  error: { code: 'transform_failed', message: 'could not transform: boom', path: '' },
  raw_object: 's3://raw-bucket/raw/event_type=metric/year=2024/month=01/day=15/hour=09/data_a.json',
  line_number: 3,
  quarantined_at: '2024-01-15T10:31:00.000Z',
  line: JSON.stringify(rawLineOf('metric')),
});

/** `line` with the value at `path` (`a.b`) set, or removed when `value` is undefined. */
export function withField(line: Json, path: string, value: unknown): Json {
  const copy = structuredClone(line);
  const keys = path.split('.');
  const last = keys.pop()!;
  let parent = copy;
  for (const key of keys) parent = parent[key] as Json;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return copy;
}
