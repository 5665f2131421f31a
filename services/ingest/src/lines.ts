/**
 * The JSON Lines the ingest function writes: one line per record, no line break inside. Their
 * formats (RawLine, IngestQuarantineLine) are the schema package's.
 *
 * A raw line is the event with `kinesis_metadata` as its last member. Readers parse lines, so
 * the contract is the parsed value, not the bytes: a line parses to the value `rawLine` gives,
 * and re-serialised it is byte for byte `rawLine`'s text. The fast path keeps the producer's
 * own text (its whitespace, escapes and number spellings) and splices the member in before the
 * closing brace (`spliceAt`, `kinesisMetadataMember`); everything else is re-serialised.
 */
import {
  type IngestQuarantineLine,
  jsonNumber,
  jsonString,
  type KinesisMetadata,
  kinesisMetadataJson,
  type PipelineEvent,
  type RawLine,
  type ValidationError,
} from '@event-pipeline/schema';
import { arrivalOf, type DecodedRecord } from './kinesis-record.js';

/**
 * A valid event with its stream position, re-serialised: the reference the spliced lines are
 * held to, and the path for records the splice cannot take.
 *
 * The event is taken over: `kinesis_metadata` is set on it (replacing one the producer sent,
 * in its place; else as the last key), the same text `{ ...event, kinesis_metadata }` gives
 * without the copy. Copying an object and adding a key is V8's slow path (about 20x).
 */
export function rawLine(event: PipelineEvent, metadata: KinesisMetadata): string {
  (event as RawLine).kinesis_metadata = metadata;
  return JSON.stringify(event);
}

const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
/** The first byte of a UTF-8 byte order mark. */
const BOM_LEAD = 0xef;

/**
 * Where `kinesis_metadata` goes in the bytes of a valid event (`validate` accepted them, and
 * `event` is what they parse to): the index of the closing brace, or -1 when the line must be
 * re-serialised instead. That is when the text holds a raw line break (outside strings, so a
 * pretty-printed record: kept, it would be several lines, and readers split on `\r` too), starts
 * with a byte order mark, is an empty object, or already has a `kinesis_metadata` (ours
 * replaces it: a second member would be a duplicate key). Cost: two native byte searches and a
 * look at the last bytes.
 */
export function spliceAt(bytes: Uint8Array, event: PipelineEvent): number {
  if (Object.hasOwn(event, 'kinesis_metadata')) return -1;
  if (bytes[0] === BOM_LEAD || bytes.indexOf(LINE_FEED) !== -1 || bytes.indexOf(CARRIAGE_RETURN) !== -1)
    return -1;
  const end = lastNonBlank(bytes, bytes.length - 1);
  if (bytes[end] !== CLOSE_BRACE) return -1;
  const before = lastNonBlank(bytes, end - 1);
  return before < 0 || bytes[before] === OPEN_BRACE ? -1 : end;
}

/** The index of the last byte at or before `from` that is not a space or a tab (-1 if none). */
function lastNonBlank(bytes: Uint8Array, from: number): number {
  let at = from;
  while (at >= 0 && (bytes[at] === SPACE || bytes[at] === TAB)) at--;
  return at;
}

/**
 * What the splice puts in place of the closing brace: `,"kinesis_metadata":<metadata>}`, the
 * metadata written as JSON.stringify writes it. `shardIdJson` is the shard id already as a
 * JSON string (one per batch); `sequenceNumber` is decimal digits (the envelope checks it, and
 * ordering the batch already relies on it), which need no escape.
 */
export function kinesisMetadataMember(
  shardIdJson: string,
  sequenceNumber: string,
  partitionKey: string,
  approximateArrivalTimestamp: number,
): string {
  const metadata = kinesisMetadataJson(
    shardIdJson,
    `"${sequenceNumber}"`,
    jsonString(partitionKey),
    jsonNumber(approximateArrivalTimestamp),
  );
  return `,"kinesis_metadata":${metadata}}`;
}

export function quarantineLine(error: ValidationError, record: DecodedRecord): string {
  const line: IngestQuarantineLine = {
    error,
    kinesis_metadata: record.metadata,
    received_at: arrivalOf(record.metadata).toISOString(),
    payload: record.bytes.toString('base64'),
  };
  return JSON.stringify(line);
}

/** JSON Lines: every line ends with a newline, the last one too. */
export function jsonLines(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
