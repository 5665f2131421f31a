/**
 * Reads an S3 object as text lines without holding the body in memory: the GetObject body
 * stream, decoded as UTF-8 (a character split across chunks is kept whole) and split into
 * lines as node:readline splits them. Lines come in batches, one per chunk of the body, so
 * the caller awaits once per chunk rather than once per line. A failed request or a broken
 * stream rejects the iteration, so the caller can abandon the object and let Lambda retry.
 */
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { LineSplitter } from '../line-splitter.js';

export interface ObjectLocation {
  bucket: string;
  key: string;
  /** Read exactly the version that triggered the run (versioned raw bucket). */
  versionId?: string | undefined;
}

class ObjectReadError extends Error {
  override name = 'ObjectReadError';
}

/** The object's lines, in order, in batches (a batch may be empty). */
export async function* readObjectLines(s3: S3Client, location: ObjectLocation): AsyncGenerator<string[]> {
  const where = `s3://${location.bucket}/${location.key}`;
  let body: unknown;
  try {
    const response = await s3.send(
      new GetObjectCommand({ Bucket: location.bucket, Key: location.key, VersionId: location.versionId }),
    );
    body = response.Body;
  } catch (error) {
    throw new ObjectReadError(`could not read ${where}: ${(error as Error).message}`, { cause: error });
  }
  if (!(body instanceof Readable))
    throw new ObjectReadError(`could not read ${where}: the response has no body stream`);
  const decoder = new StringDecoder('utf8');
  const lines = new LineSplitter();
  try {
    for await (const chunk of body) {
      yield lines.push(typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
    }
    yield lines.push(decoder.end());
    yield lines.end();
  } catch (error) {
    throw new ObjectReadError(`reading ${where} failed mid-stream: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    body.destroy();
  }
}
