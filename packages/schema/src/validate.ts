import { isUtf8 } from 'node:buffer';
import { duplicateKeyIn } from './duplicate-keys.js';
import {
  type ErrorCode,
  fieldName,
  fromSchemaViolation,
  type SchemaViolation,
  type ValidationError,
} from './errors.js';
import * as compiled from './generated/validators.js';
import { lastToken } from './json-pointer.js';
import { MAX_NESTING_DEPTH, MAX_RECORD_BYTES } from './schemas.js';
import { forbiddenKeyAt, loneSurrogateAt, nonFiniteNumberAt, StructureScan, tooDeepAt } from './structure.js';
import type { EventType, PipelineEvent } from './types.js';
import { bytesAt, firstInvalidUtf8 } from './utf8.js';

export type ValidationResult = { ok: true; event: PipelineEvent } | { ok: false; error: ValidationError };

interface CompiledValidator {
  (data: unknown): boolean;
  errors?: SchemaViolation[] | null;
}

const validateEnvelope = compiled.validate_envelope as unknown as CompiledValidator;
const dataValidators: Record<EventType, CompiledValidator> = {
  user_action: compiled.validate_user_action as unknown as CompiledValidator,
  transaction: compiled.validate_transaction as unknown as CompiledValidator,
  metric: compiled.validate_metric as unknown as CompiledValidator,
  system_event: compiled.validate_system_event as unknown as CompiledValidator,
};

/** A `\uD800`-`\uDFFF` escape: the only way a surrogate gets past the UTF-8 check. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
const BYTE_ORDER_MARK = '\uFEFF';
const JSON_WHITESPACE_ONLY = /^[ \t\n\r]*$/;
const SHOWN_CHARACTERS = 120;

function fail(code: ErrorCode, message: string, path = ''): ValidationResult {
  return { ok: false, error: { code, message, path } };
}

/** JSON.parse quotes the text around the error, control characters included: show them escaped. */
const printable = (text: string): string =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Keys and paths in messages are cut short: a key can be 1 MiB long. */
const cut = (text: string): string =>
  text.length > SHOWN_CHARACTERS ? `${text.slice(0, SHOWN_CHARACTERS)}...` : text;
/** Cut, quoted and escaped (an unpaired surrogate in a key shows as its escape). */
const shown = (text: string): string => JSON.stringify(cut(text));

/**
 * Validates a record's raw bytes as they arrive from the stream. Checks run in this order and
 * the first failure is reported: size, UTF-8, JSON syntax, nesting depth, duplicate keys,
 * forbidden keys, lone surrogates, non-finite numbers, then the schemas.
 */
export function validate(bytes: Uint8Array): ValidationResult {
  const size = bytes.byteLength;
  if (size > MAX_RECORD_BYTES) {
    return fail(
      'too_large',
      `the record is ${size} bytes, more than the limit of ${MAX_RECORD_BYTES} bytes (1 MiB)`,
    );
  }
  if (size === 0) return fail('not_json', 'the record is empty, expected a JSON object');
  // toString() without an encoding is UTF-8 and skips the encoding lookup; a Buffer needs no new view.
  const text = (
    Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, size)
  ).toString();
  // Decoding replaces malformed sequences with U+FFFD; only then is the (slower) strict check needed.
  if (text.includes('\uFFFD') && !isUtf8(bytes)) {
    const offset = firstInvalidUtf8(bytes);
    return fail(
      'not_utf8',
      `the record is not valid UTF-8 text: no well-formed sequence starts at byte offset ${offset} (${bytesAt(bytes, offset)}); expected a UTF-8 JSON object`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail('not_json', notJsonMessage(text, error as Error));
  }
  return validateEvent(parsed, text);
}

function notJsonMessage(text: string, error: Error): string {
  // RFC 8259 §8.1: senders must not add a byte order mark; JSON.parse refuses one, and so do we, by name.
  if (text.startsWith(BYTE_ORDER_MARK))
    return 'the record starts with a byte order mark (U+FEFF), expected a JSON object';
  if (JSON_WHITESPACE_ONLY.test(text)) return 'the record holds only whitespace, expected a JSON object';
  return `the record is not valid JSON: ${printable(error.message)}`;
}

/**
 * Validates an already-parsed value. Pass the text it was parsed from when there is one (as
 * decoded from UTF-8, so it holds no raw lone surrogate): duplicate keys can only be seen in
 * the text, and it lets the surrogate check be skipped for the (usual) texts without escapes.
 */
export function validateEvent(value: unknown, text?: string): ValidationResult {
  const hasEscapes = text === undefined || text.includes('\\');
  const scan = new StructureScan(value, text === undefined || (hasEscapes && SURROGATE_ESCAPE.test(text)));
  if (scan.tooDeep) {
    const path = tooDeepAt(value)?.path ?? '';
    return fail(
      'too_deep',
      `the record nests objects and arrays more than ${MAX_NESTING_DEPTH} levels deep, at ${shown(path)}`,
      path,
    );
  }
  if (text !== undefined) {
    const path = duplicateKeyIn(text, value, scan.keys, hasEscapes);
    if (path !== undefined) {
      const parent = path.slice(0, path.lastIndexOf('/'));
      return fail(
        'duplicate_key',
        `the key ${shown(lastToken(path))} appears more than once in ${parent === '' ? 'the record' : `the object at ${shown(parent)}`}: JSON parsers disagree on which value counts`,
        path,
      );
    }
  }
  if (scan.forbiddenKey) {
    const path = forbiddenKeyAt(value)?.path ?? '';
    return fail(
      'forbidden_key',
      `the key "${lastToken(path)}" (at ${shown(path)}) is not allowed anywhere in an event`,
      path,
    );
  }
  if (scan.loneSurrogate) {
    const path = loneSurrogateAt(value)?.path ?? '';
    return fail(
      'lone_surrogate',
      `the key or string at ${shown(path)} holds an unpaired UTF-16 surrogate (a \\ud800-\\udfff escape without its other half): it has no UTF-8 form, and other parsers reject or replace it`,
      path,
    );
  }
  if (scan.nonFinite) {
    const { path, value: number } = nonFiniteNumberAt(value) ?? { path: '', value: Number.NaN };
    // 1e400 parses to Infinity, which JSON.stringify would write as null: a silent change.
    return fail('bad_value', `${cut(fieldName(path))} must be a finite number, got ${String(number)}`, path);
  }
  if (!validateEnvelope(value))
    return { ok: false, error: fromSchemaViolation(validateEnvelope.errors![0]!, value) };
  const event = value as PipelineEvent;
  const validateData = dataValidators[event.event_type];
  if (!validateData(event.data)) {
    return { ok: false, error: fromSchemaViolation(validateData.errors![0]!, event.data, '/data') };
  }
  return { ok: true, event };
}
