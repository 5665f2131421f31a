/**
 * The curated columns come from packages/schema (data fields from the JSON Schemas, enrichment
 * from its table), and the enrichment table says what the transformer really writes.
 */
import {
  COMMON_COLUMNS,
  CURATED_COLUMNS,
  dataSchemas,
  ENRICHMENT_COLUMNS,
  EVENT_TYPES,
  glueColumns,
  sampleBatch,
} from '@event-pipeline/schema';
import { DEFAULT_THRESHOLDS, enrich } from '@event-pipeline/transform';
import { describe, expect, it } from '@jest/globals';
import { parquetSchema } from '../../src/parquet/schema.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

describe('curated columns', () => {
  it('are the common columns, then the schema data fields, then the enrichment columns', () => {
    for (const type of EVENT_TYPES) {
      const names = CURATED_COLUMNS[type].map((c) => c.name);
      expect(names).toEqual([
        ...COMMON_COLUMNS.map((c) => c.name),
        ...Object.keys(dataSchemas[type].properties),
        ...ENRICHMENT_COLUMNS[type].map((c) => c.name),
      ]);
    }
    expect(CURATED_COLUMNS.transaction.map((c) => `${c.name}:${c.type}${c.required ? '!' : ''}`)).toEqual([
      'record_id:string!',
      'event_id:string',
      'event_time:timestamp!',
      'original_timestamp:string!',
      'source:string',
      'shard_id:string!',
      'sequence_number:string!',
      'partition_key:string',
      'arrival_time:timestamp',
      'processed_time:timestamp!',
      'raw_object:string!',
      'extra:string',
      'transaction_id:string!',
      'user_id:string!',
      'amount:double!',
      'currency:string!',
      'transaction_date:date!',
      'amount_category:string!',
      'is_high_value:boolean!',
    ]);
  });

  it('map to Glue types and Parquet logical types', () => {
    expect(glueColumns('metric').slice(-3)).toEqual([
      { Name: 'metric_date', Type: 'date' },
      { Name: 'value_range', Type: 'string' },
      { Name: 'is_anomaly', Type: 'boolean' },
    ]);
    const schema = parquetSchema(CURATED_COLUMNS.metric);
    expect(schema[0]).toEqual({ name: 'schema', num_children: CURATED_COLUMNS.metric.length });
    expect(schema.find((e) => e.name === 'event_time')).toMatchObject({
      type: 'INT64',
      logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
      repetition_type: 'REQUIRED',
    });
    expect(schema.find((e) => e.name === 'metric_date')).toMatchObject({
      type: 'INT32',
      logical_type: { type: 'DATE' },
    });
    expect(schema.find((e) => e.name === 'source')).toMatchObject({
      type: 'BYTE_ARRAY',
      logical_type: { type: 'STRING' },
      repetition_type: 'OPTIONAL',
    });
  });

  it('enrichment table agrees with what the transformer adds, name for name and type for type', () => {
    const samples = sampleBatch(400, { seed: 11 });
    for (const type of EVENT_TYPES) {
      const events = samples.flatMap((s) => (s.valid && s.event.event_type === type ? [s.event] : []));
      expect(events.length).toBeGreaterThan(20);
      for (const event of events) {
        const enriched = enrich(event, DEFAULT_THRESHOLDS) as Record<string, unknown>;
        const added = Object.keys(enriched).filter((key) => !(key in event.data));
        expect(added).toEqual(ENRICHMENT_COLUMNS[type].map((c) => c.name));
        for (const { name, type: columnType } of ENRICHMENT_COLUMNS[type]) {
          const value = enriched[name];
          if (columnType === 'date') expect(value).toMatch(DATE);
          else expect(typeof value).toBe(columnType);
        }
      }
    }
  });
});
