/**
 * A quarantined record, with why and where it came from. Two kinds, told apart by their
 * fields: ingest's (raw bucket, docs/architecture.md §4), a stream record that failed
 * validation, kept whole as `payload`; and the transform's (processed bucket, §5), a raw
 * line it could not transform, kept whole as `line`.
 */
import { ERROR_CODES, type ValidationError } from '../errors.js';
import { type KinesisMetadata, kinesisMetadataError } from './kinesis-metadata.js';
import {
  type FieldRule,
  fieldError,
  firstFieldError,
  type LineResult,
  lineError,
  NON_EMPTY_STRING,
  OBJECT,
  parseLineObject,
  STRING,
  TIMESTAMP,
} from './line-result.js';

/** A validation failure, or (a bug) an enrichment that threw. They name quarantine partitions. */
export const QUARANTINE_CODES = [...ERROR_CODES, 'transform_failed'] as const;
export type QuarantineCode = (typeof QUARANTINE_CODES)[number];

export interface QuarantineError {
  code: QuarantineCode;
  message: string;
  /** JSON Pointer of the offending field ('' for the record as a whole). */
  path: string;
}

export interface IngestQuarantineLine {
  error: ValidationError;
  kinesis_metadata: KinesisMetadata;
  /** When the record reached the stream (ISO 8601): stable across retries, unlike the clock. */
  received_at: string;
  /** The record's original bytes, base64: kept whole whatever was wrong with them. */
  payload: string;
}

export interface TransformQuarantineLine {
  error: QuarantineError;
  /** `s3://<raw bucket>/<key>` and the 1-based line number within it. */
  raw_object: string;
  line_number: number;
  quarantined_at: string;
  /** The original raw line, unchanged. */
  line: string;
}

export type QuarantineLine = IngestQuarantineLine | TransformQuarantineLine;

const codeIn = (codes: readonly string[]): FieldRule => ({
  type: 'string',
  expected: `one of ${codes.join(', ')}`,
  test: (value: string) => codes.includes(value),
  code: 'bad_value',
});
const errorRules = (codes: readonly string[]): Record<keyof QuarantineError, FieldRule> => ({
  code: codeIn(codes),
  message: STRING,
  path: STRING,
});
const INGEST_ERROR = errorRules(ERROR_CODES);
const TRANSFORM_ERROR = errorRules(QUARANTINE_CODES);

const BASE64: FieldRule = {
  type: 'string',
  expected: 'base64 (RFC 4648 §4, padded)',
  test: (value: string) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(value),
  code: 'bad_value',
};
const LINE_NUMBER: FieldRule = {
  type: 'number',
  expected: 'a line number (an integer >= 1)',
  test: (value: number) => Number.isInteger(value) && value >= 1,
  code: 'bad_value',
};
const TRANSFORM_FIELDS: Record<Exclude<keyof TransformQuarantineLine, 'error'>, FieldRule> = {
  raw_object: NON_EMPTY_STRING,
  line_number: LINE_NUMBER,
  quarantined_at: TIMESTAMP,
  line: STRING,
};

function errorFieldError(
  line: Record<string, unknown>,
  rules: Record<keyof QuarantineError, FieldRule>,
): ValidationError | undefined {
  return (
    fieldError(line, '', 'error', OBJECT) ??
    firstFieldError(line.error as Record<string, unknown>, '/error', rules)
  );
}

export function parseQuarantineLine(text: string): LineResult<QuarantineLine> {
  const parsed = parseLineObject(text);
  if (!parsed.ok) return parsed;
  const line = parsed.value;
  let error: ValidationError | undefined;
  if ('payload' in line) {
    error =
      errorFieldError(line, INGEST_ERROR) ??
      kinesisMetadataError(line) ??
      fieldError(line, '', 'received_at', TIMESTAMP) ??
      fieldError(line, '', 'payload', BASE64);
  } else if ('line' in line) {
    error = errorFieldError(line, TRANSFORM_ERROR) ?? firstFieldError(line, '', TRANSFORM_FIELDS);
  } else {
    return lineError(
      'missing_field',
      'a quarantine line holds the record it quarantined: payload (ingest) or line (transform)',
      '',
    );
  }
  if (error !== undefined) return { ok: false, error };
  return { ok: true, line: line as unknown as QuarantineLine };
}
