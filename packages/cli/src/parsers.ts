/** Parsers of numeric option values (commander), with errors that say what is expected. */
import { InvalidArgumentError } from 'commander';

/** A finite number (the range is checked where the value is used). */
export function parseNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new InvalidArgumentError('not a number');
  return parsed;
}

/** A whole number of at least 1. */
export function parsePositiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('must be an integer >= 1');
  return parsed;
}
