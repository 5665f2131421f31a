/** Parsers of option values (commander), with errors that say what is expected. */
import { InvalidArgumentError } from 'commander';

/** A finite number (the range is checked where the value is used). */
export function parseNumber(value: string): number {
  const parsed = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(parsed)) throw new InvalidArgumentError('not a number');
  return parsed;
}

/** A number of at least 0 (seconds to wait, say). */
export function parseNonNegativeNumber(value: string): number {
  const parsed = parseNumber(value);
  if (parsed < 0) throw new InvalidArgumentError('must be a number >= 0');
  return parsed;
}

/** A number above 0 (a rate, say). */
export function parsePositiveNumber(value: string): number {
  const parsed = Number(value);
  if (!(Number.isFinite(parsed) && parsed > 0)) throw new InvalidArgumentError('must be a number > 0');
  return parsed;
}

/** A parser of whole numbers from `min` to `max`; `bound` says where the bounds come from, if anywhere. */
export function parseIntegerWithin(min: number, max: number, bound?: string): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!(Number.isInteger(parsed) && parsed >= min && parsed <= max))
      throw new InvalidArgumentError(
        `must be an integer from ${min} to ${max}${bound === undefined ? '' : ` (${bound})`}`,
      );
    return parsed;
  };
}

/** A whole number of at least 1. */
export function parsePositiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('must be an integer >= 1');
  return parsed;
}

/**
 * A stage name. Stage names end up in bucket names: lower-case letters, digits and hyphens, and
 * at most 63 characters for `event-pipeline-<stage>-processed-<account>-<region>`, which leaves
 * 10 for the stage.
 */
export function parseStage(value: string): string {
  if (!/^[a-z][a-z0-9-]{0,9}$/.test(value))
    throw new InvalidArgumentError(
      'use 1-10 lower-case letters, digits or hyphens, starting with a letter (it becomes part of bucket names).',
    );
  return value;
}
