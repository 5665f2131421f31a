import { expectations } from './schemas.js';

/** Why a record was refused. Stable strings: they name quarantine partitions and metrics. */
export const ERROR_CODES = [
  'not_utf8',
  'not_json',
  'not_object',
  'too_large',
  'too_deep',
  'duplicate_key',
  'forbidden_key',
  'lone_surrogate',
  'missing_field',
  'wrong_type',
  'unknown_event_type',
  'bad_timestamp',
  'bad_value',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ValidationError {
  code: ErrorCode;
  /** Names the field and what was expected, and what was found where that is short. */
  message: string;
  /** JSON Pointer of the offending field ('' for the record as a whole). */
  path: string;
}

/** The subset of an ajv ErrorObject the mapping reads. */
export interface SchemaViolation {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

export function fieldName(path: string): string {
  return path === '' ? 'the record' : path.slice(1).replaceAll('/', '.');
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') {
    const shown = value.length > 64 ? `${value.slice(0, 64)}...` : value;
    return `the string ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function valueAt(root: unknown, path: string): unknown {
  let node = root;
  for (const key of path.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

const ARTICLE: Record<string, string> = { object: 'an object', array: 'an array', integer: 'an integer' };

/** Maps the first schema violation to the contract's error codes, with a message for people. */
export function fromSchemaViolation(
  violation: SchemaViolation,
  root: unknown,
  pathPrefix = '',
): ValidationError {
  const path = pathPrefix + violation.instancePath;
  const found = describe(valueAt(root, violation.instancePath));
  const expected = expectations[path];
  switch (violation.keyword) {
    case 'required': {
      const missing = `${path}/${String(violation.params.missingProperty)}`;
      return {
        code: 'missing_field',
        path: missing,
        message: `missing required field ${fieldName(missing)}`,
      };
    }
    case 'type': {
      if (path === '') {
        return { code: 'not_object', path, message: `the record must be a JSON object, got ${found}` };
      }
      const type = String(violation.params.type);
      const wanted = ARTICLE[type] ?? `a ${type}`;
      return { code: 'wrong_type', path, message: `${fieldName(path)} must be ${wanted}, got ${found}` };
    }
    case 'enum':
      return {
        code: path === '/event_type' ? 'unknown_event_type' : 'bad_value',
        path,
        message: `${fieldName(path)} must be ${expected ?? 'one of the allowed values'}, got ${found}`,
      };
    case 'format':
      return {
        code: path === '/timestamp' ? 'bad_timestamp' : 'bad_value',
        path,
        message: `${fieldName(path)} must be ${expected ?? `in format ${String(violation.params.format)}`}, got ${found}`,
      };
    default:
      return {
        code: 'bad_value',
        path,
        message: `${fieldName(path)} must be ${expected ?? describeConstraint(violation)}, got ${found}`,
      };
  }
}

function describeConstraint({ keyword, params }: SchemaViolation): string {
  switch (keyword) {
    case 'minimum':
      return `>= ${String(params.limit)}`;
    case 'minLength':
      return `at least ${String(params.limit)} character(s) long`;
    case 'maxLength':
      return `at most ${String(params.limit)} characters long`;
    case 'pattern':
      return `a string matching ${String(params.pattern)}`;
    default:
      return `valid (${keyword})`;
  }
}
