/**
 * Reads an S3 object as text lines without holding the body in memory: node:readline
 * over the GetObject body stream. A failed request or a broken stream rejects the
 * iteration, so the caller can abandon the object and let Lambda retry.
 */
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';

export interface ObjectLocation {
  bucket: string;
  key: string;
  /** Read exactly the version that triggered the run (versioned raw bucket). */
  versionId?: string | undefined;
}

export class ObjectReadError extends Error {
  override name = 'ObjectReadError';
}

export async function* readObjectLines(s3: S3Client, location: ObjectLocation): AsyncGenerator<string> {
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
  const lines = createInterface({ input: body, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    yield* lines;
  } catch (error) {
    throw new ObjectReadError(`reading ${where} failed mid-stream: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    lines.close();
    body.destroy();
  }
}
