import { isUtf8 } from 'node:buffer';
import { type ErrorCode, fromSchemaViolation, type SchemaViolation, type ValidationError } from './errors.js';
import * as compiled from './generated/validators.js';
import { MAX_RECORD_BYTES } from './schemas.js';
import type { EventType, PipelineEvent } from './types.js';

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

/**
 * Keys that pollute prototypes in consumers that merge objects (`Object.assign`, deep merge).
 * JSON.parse makes them harmless own properties, but the lake must not carry them onwards.
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const FORBIDDEN_HINT = /__proto__|constructor|prototype/;

function fail(code: ErrorCode, message: string, path = ''): ValidationResult {
  return { ok: false, error: { code, message, path } };
}

/** Validates a record's raw bytes as they arrive from the stream. */
export function validate(bytes: Uint8Array): ValidationResult {
  const size = bytes.byteLength;
  if (size > MAX_RECORD_BYTES) {
    return fail(
      'too_large',
      `the record is ${size} bytes, more than the limit of ${MAX_RECORD_BYTES} bytes (1 MiB)`,
    );
  }
  if (size === 0) return fail('not_json', 'the record is empty, expected a JSON object');
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, size).toString('utf8');
  // Decoding replaces malformed sequences with U+FFFD; only then is the (slower) strict check needed.
  if (text.includes('\uFFFD') && !isUtf8(bytes)) {
    return fail('not_utf8', 'the record is not valid UTF-8 text, expected a UTF-8 JSON object');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail('not_json', `the record is not valid JSON: ${(error as Error).message}`);
  }
  return validateEvent(parsed, text);
}

/**
 * Validates an already-parsed value. Pass the source text when there is one: it lets the
 * forbidden-key scan be skipped for the (usual) records whose text cannot contain such a key.
 */
export function validateEvent(value: unknown, text?: string): ValidationResult {
  if (text === undefined || FORBIDDEN_HINT.test(text)) {
    const forbidden = findForbiddenKey(value);
    if (forbidden !== undefined) {
      const key = forbidden.slice(forbidden.lastIndexOf('/') + 1);
      return fail(
        'forbidden_key',
        `the key "${key}" at ${forbidden} is not allowed anywhere in an event`,
        forbidden,
      );
    }
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

/**
 * JSON Pointer of the first forbidden key, or undefined. Iterative (input may nest 10,000
 * deep) and path-free on the hot path: paths are only built once a key has been found.
 */
function findForbiddenKey(root: unknown): string | undefined {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    for (const key in node) {
      if (FORBIDDEN_KEYS.has(key)) return pathToForbiddenKey(root);
      stack.push((node as Record<string, unknown>)[key]);
    }
  }
  return undefined;
}

function pathToForbiddenKey(root: unknown): string | undefined {
  const queue: Array<[unknown, string]> = [[root, '']];
  for (let i = 0; i < queue.length; i++) {
    const [node, path] = queue[i]!;
    if (node === null || typeof node !== 'object') continue;
    for (const key of Object.keys(node)) {
      if (FORBIDDEN_KEYS.has(key)) return `${path}/${key}`;
      queue.push([(node as Record<string, unknown>)[key], `${path}/${key}`]);
    }
  }
  return undefined;
}
