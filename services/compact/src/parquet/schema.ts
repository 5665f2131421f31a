/**
 * The curated columns (packages/schema) as Parquet schema elements, in the logical types
 * Athena engine 3 reads: STRING (UTF8), TIMESTAMP(UTC, MILLIS) on INT64, DATE on INT32,
 * DOUBLE, BOOLEAN. Both the legacy converted type and the logical type are written, so
 * older readers agree with newer ones.
 */
import type { CuratedColumn, CuratedType } from '@event-pipeline/schema';
import type { SchemaElement } from 'hyparquet';

const ELEMENT: Record<CuratedType, Omit<SchemaElement, 'name'>> = {
  string: { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } },
  timestamp: {
    type: 'INT64',
    converted_type: 'TIMESTAMP_MILLIS',
    logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
  },
  date: { type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } },
  double: { type: 'DOUBLE' },
  boolean: { type: 'BOOLEAN' },
};

export function parquetSchema(columns: readonly CuratedColumn[]): SchemaElement[] {
  return [
    { name: 'schema', num_children: columns.length },
    ...columns.map(
      ({ name, type, required }): SchemaElement => ({
        name,
        ...ELEMENT[type],
        repetition_type: required ? 'REQUIRED' : 'OPTIONAL',
      }),
    ),
  ];
}
