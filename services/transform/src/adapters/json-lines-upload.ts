/**
 * Writes a JSON Lines object to S3 as it is produced: lines go into a PassThrough that a
 * lib-storage Upload drains (one PutObject for small bodies, multipart for large ones), so
 * memory stays bounded by the part size however big the object is. `append` is synchronous
 * (a line costs no promise); `settle` passes the lines on once they fill a chunk and waits
 * while the upload is behind (backpressure), so the caller awaits once per batch of lines.
 */
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { LAKE_OBJECT_SETTINGS } from '@event-pipeline/runtime';

export class ObjectWriteError extends Error {
  override name = 'ObjectWriteError';
}

/** Lines are encoded straight into buffers of this size, which enter the stream when full. */
const CHUNK_BYTES = 256 * 1024;
const NEWLINE = 0x0a;

export class JsonLinesUpload {
  readonly key: string;
  private readonly where: string;
  private readonly body = new PassThrough();
  private readonly finished: Promise<void>;
  private failure: Error | undefined;
  /** The chunk being filled, and the full ones not yet in the stream. */
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private full: Buffer[] = [];

  constructor(s3: S3Client, bucket: string, key: string) {
    this.key = key;
    this.where = `s3://${bucket}/${key}`;
    const upload = new Upload({
      client: s3,
      params: { Bucket: bucket, Key: key, Body: this.body, ...LAKE_OBJECT_SETTINGS },
    });
    this.finished = upload.done().then(
      () => undefined,
      (error: unknown) => {
        this.failure ??= new ObjectWriteError(`could not write ${this.where}: ${(error as Error).message}`, {
          cause: error,
        });
        this.body.destroy();
        throw this.failure;
      },
    );
    // Observed by write()/close(); this keeps an early failure from being reported as unhandled.
    this.finished.catch(() => undefined);
  }

  /**
   * Appends one line (a newline is added); throws if the upload has already failed. The line is
   * encoded at once, so it is garbage before the next one: no string outlives its record.
   */
  append(line: string): void {
    if (this.failure !== undefined) throw this.failure;
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    const room = line.length * 3 + 1;
    if (this.used + room > this.chunk.length) {
      if (this.used > 0) this.full.push(this.chunk.subarray(0, this.used));
      this.chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, room));
      this.used = 0;
    }
    this.used += this.chunk.write(line, this.used);
    this.chunk[this.used++] = NEWLINE;
  }

  /** Passes the full chunks on, waiting while the upload is behind. */
  async settle(): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    await this.flush();
  }

  /** Ends the body and waits until the object is stored; throws if it was not. */
  async close(): Promise<void> {
    if (this.used > 0) this.full.push(this.chunk.subarray(0, this.used));
    this.used = 0;
    await this.flush();
    this.body.end();
    await this.finished;
  }

  /** Gives up on the object: the upload fails and nothing is stored (multipart parts are aborted). */
  async abort(reason: Error): Promise<void> {
    this.failure ??= new ObjectWriteError(`abandoned ${this.where}: ${reason.message}`, { cause: reason });
    this.body.destroy(reason);
    await this.finished.catch(() => undefined);
  }

  private async flush(): Promise<void> {
    const chunks = this.full;
    this.full = [];
    for (const chunk of chunks) {
      if (!this.body.write(chunk)) await Promise.race([once(this.body, 'drain'), this.finished]);
      if (this.failure !== undefined) throw this.failure;
    }
  }
}
