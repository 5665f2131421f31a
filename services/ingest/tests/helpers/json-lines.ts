/** Reading back what the ingest function wrote. */
import type { KinesisMetadata } from '@event-pipeline/schema';

/** Parses a JSON Lines body, checking the format itself: one object a line, a final newline. */
export function parseJsonLines<T = Record<string, unknown>>(body: string): T[] {
  if (body === '') return [];
  if (!body.endsWith('\n')) throw new Error('a JSON Lines body must end with a newline');
  return body
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as T);
}

export interface WrittenObject {
  key: string;
  body: string;
}

/** Each written object's lines, keyed by the sequence number of the record they hold. */
export function linesBySequence<T extends { kinesis_metadata: KinesisMetadata }>(
  objects: readonly WrittenObject[],
): Map<string, { key: string; line: T }> {
  const found = new Map<string, { key: string; line: T }>();
  for (const { key, body } of objects) {
    for (const line of parseJsonLines<T>(body)) {
      const sequence = line.kinesis_metadata.sequence_number;
      if (found.has(sequence)) throw new Error(`record ${sequence} was written twice`);
      found.set(sequence, { key, line });
    }
  }
  return found;
}
