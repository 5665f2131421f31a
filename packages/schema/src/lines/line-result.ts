/**
 * What the lake's line parsers share: their result, and the checks of a line's own fields
 * (the event inside a line is checked by validateEvent). Every failure is a ValidationError
 * with the path of the offending field, like a record's.
 */
import { type ErrorCode, fieldName, type ValidationError } from '../errors.js';
import { isRfc3339DateTime } from '../formats.js';
import { isPlainObject } from '../plain-object.js';

/** A parsed line, or why it is not one. */
export type LineResult<Line> = { ok: true; line: Line } | LineFailure;
export type LineFailure = { ok: false; error: ValidationError };

export function lineError(code: ErrorCode, message: string, path: string): LineFailure {
  return { ok: false, error: { code, message, path } };
}

/** A line's text as JSON, or `not_json`. */
export function parseLineJson(text: string): { ok: true; value: unknown } | LineFailure {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return lineError('not_json', `the line is not valid JSON: ${(error as Error).message}`, '');
  }
}

/** A line's text as a JSON object, or `not_json` / `not_object`. */
export function parseLineObject(text: string): { ok: true; value: Record<string, unknown> } | LineFailure {
  const parsed = parseLineJson(text);
  if (!parsed.ok) return parsed;
  if (!isPlainObject(parsed.value)) return lineError('not_object', 'the line must be a JSON object', '');
  return { ok: true, value: parsed.value };
}

/** What one field of a line must hold. */
export interface FieldRule {
  type: 'string' | 'number' | 'object';
  /** For messages: `<field> must be <expected>`. */
  expected: string;
  /** A further condition on a value of the right type. */
  test?: (value: never) => boolean;
  /** The code when that condition fails (a wrong type is always `wrong_type`). */
  code?: ErrorCode;
}

function hasType(value: unknown, type: FieldRule['type']): boolean {
  return type === 'object' ? isPlainObject(value) : typeof value === type;
}

/** The error of `parent[field]` (at `<parentPath>/<field>`) against its rule, if any. */
export function fieldError(
  parent: Record<string, unknown>,
  parentPath: string,
  field: string,
  rule: FieldRule,
): ValidationError | undefined {
  const value = parent[field];
  // The path is only built for an error: every line of an object is checked field by field.
  const path = (): string => `${parentPath}/${field}`;
  if (value === undefined) {
    const at = path();
    return { code: 'missing_field', message: `missing required field ${fieldName(at)}`, path: at };
  }
  if (!hasType(value, rule.type)) {
    const at = path();
    return { code: 'wrong_type', message: `${fieldName(at)} must be ${rule.expected}`, path: at };
  }
  if (rule.test !== undefined && !rule.test(value as never)) {
    const at = path();
    return {
      code: rule.code ?? 'wrong_type',
      message: `${fieldName(at)} must be ${rule.expected}`,
      path: at,
    };
  }
  return undefined;
}

/** The first error among `rules`, checked in their order. */
export function firstFieldError(
  parent: Record<string, unknown>,
  parentPath: string,
  rules: Readonly<Record<string, FieldRule>>,
): ValidationError | undefined {
  for (const [field, rule] of Object.entries(rules)) {
    const error = fieldError(parent, parentPath, field, rule);
    if (error !== undefined) return error;
  }
  return undefined;
}

export const NON_EMPTY_STRING: FieldRule = {
  type: 'string',
  expected: 'a non-empty string',
  test: (value: string) => value !== '',
};
export const STRING: FieldRule = { type: 'string', expected: 'a string' };
export const OBJECT: FieldRule = { type: 'object', expected: 'an object' };
export const TIMESTAMP: FieldRule = {
  type: 'string',
  expected: 'an RFC 3339 date-time with a zone',
  test: isRfc3339DateTime,
  code: 'bad_timestamp',
};
