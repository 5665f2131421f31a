/**
 * Reads a partition's processed objects: their keys from a listing of that partition's prefix
 * only (never the bucket), then their lines, object after object in key order, while the next
 * few objects are already being fetched (a partition-hour at full rate is ~70,000 small objects:
 * one at a time would take most of the run in round trips).
 */
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { processedPrefix } from '../keys.js';

export class SourceReadError extends Error {
  override name = 'SourceReadError';
}

export interface SourceObject {
  key: string;
  bytes: number;
}

/** The partition's processed objects (`*.json`), in key order. */
export async function listProcessedObjects(
  s3: S3Client,
  bucket: string,
  partition: string,
): Promise<SourceObject[]> {
  const prefix = processedPrefix(partition);
  const objects: SourceObject[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const { Key, Size } of page.Contents ?? [])
        if (Key?.endsWith('.json')) objects.push({ key: Key, bytes: Size ?? 0 });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  } catch (error) {
    throw new SourceReadError(`could not list s3://${bucket}/${prefix}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

async function getText(s3: S3Client, bucket: string, key: string): Promise<string> {
  try {
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (Body === undefined) throw new Error('the response has no body');
    return await Body.transformToString('utf8');
  } catch (error) {
    throw new SourceReadError(`could not read s3://${bucket}/${key}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Lines as node:readline splits them: at `\n`, `\r\n` or `\r`; no empty last line. */
export function splitLines(text: string): string[] {
  const lines = text.includes('\r') ? text.split(/\r\n|\n|\r/) : text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Each object's lines, in key order, with up to `concurrency` objects fetched ahead. */
export async function* readObjectsInOrder(
  s3: S3Client,
  bucket: string,
  keys: readonly string[],
  concurrency: number,
): AsyncGenerator<{ key: string; lines: string[] }> {
  const ahead: Array<Promise<string>> = [];
  let next = 0;
  const fill = () => {
    while (next < keys.length && ahead.length < concurrency) {
      const promise = getText(s3, bucket, keys[next++]!);
      // Observed when its turn comes; this keeps an early failure from being reported as unhandled.
      promise.catch(() => undefined);
      ahead.push(promise);
    }
  };
  for (let i = 0; i < keys.length; i++) {
    fill();
    const text = await ahead.shift()!;
    yield { key: keys[i]!, lines: splitLines(text) };
  }
}
