import type { LineError } from './transform-line.js';

/** A raw line that could not be transformed, kept with why and where it came from. */
export interface QuarantineRecord {
  error: LineError;
  /** `s3://<raw bucket>/<key>` and the 1-based line number within it. */
  raw_object: string;
  line_number: number;
  quarantined_at: string;
  /** The original line, unchanged. */
  line: string;
}

export function buildQuarantineRecord(input: {
  error: LineError;
  rawObject: string;
  lineNumber: number;
  quarantinedAt: string;
  line: string;
}): QuarantineRecord {
  return {
    error: input.error,
    raw_object: input.rawObject,
    line_number: input.lineNumber,
    quarantined_at: input.quarantinedAt,
    line: input.line,
  };
}
