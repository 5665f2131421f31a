/** One raw line in, one output record or one reason to quarantine out. Pure. */
import type { ErrorCode } from '@event-pipeline/schema';
import { buildOutputRecord, type OutputContext, type OutputRecord } from './output-record.js';
import { parseRawLine } from './raw-line.js';

/** Why a line was quarantined: a contract violation, or (a bug) an enrichment that threw. */
export type QuarantineCode = ErrorCode | 'transform_failed';

export interface LineError {
  code: QuarantineCode;
  message: string;
  path: string;
}

export type LineOutcome = { ok: true; record: OutputRecord } | { ok: false; error: LineError };

export function transformLine(line: string, context: OutputContext): LineOutcome {
  const parsed = parseRawLine(line);
  if (!parsed.ok) return parsed;
  try {
    return { ok: true, record: buildOutputRecord(parsed.event, context) };
  } catch (error) {
    return {
      ok: false,
      error: {
        code: 'transform_failed',
        message: `could not transform: ${(error as Error).message}`,
        path: '',
      },
    };
  }
}
