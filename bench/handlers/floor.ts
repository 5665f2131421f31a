/**
 * The floor a handler is measured against: the least any code must do with the same records,
 * decode them, parse the JSON and serialise it again. Results are summed so V8 cannot drop the work.
 */
import type { KinesisStreamEvent } from 'aws-lambda';

/** Kinesis records: base64 -> UTF-8 text -> JSON.parse -> JSON.stringify. */
export function kinesisFloor(event: KinesisStreamEvent): number {
  let bytes = 0;
  for (const record of event.Records) {
    const text = Buffer.from(record.kinesis.data, 'base64').toString('utf8');
    bytes += JSON.stringify(JSON.parse(text)).length;
  }
  return bytes;
}

/** A JSON Lines object (already plain bytes, no base64): UTF-8 text -> lines -> JSON.parse -> JSON.stringify. */
export function jsonLinesFloor(object: Buffer): number {
  let bytes = 0;
  for (const line of object.toString('utf8').split('\n'))
    if (line !== '') bytes += JSON.stringify(JSON.parse(line)).length;
  return bytes;
}
