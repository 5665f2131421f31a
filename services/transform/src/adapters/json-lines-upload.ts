/**
 * Writes a JSON Lines object to S3 as it is produced. Lines are encoded into buffers as they
 * come; a body that ends within one part is stored by a single PutObject of those bytes (the
 * usual object: ingest writes small ones), and only once the body outgrows a part do the
 * buffers go into a PassThrough that a lib-storage Upload drains as a multipart upload, so
 * memory stays bounded by the part size however big the object is. `append` is synchronous
 * (a line costs no promise); `settle` passes the lines on once they fill a chunk and waits
 * while the upload is behind (backpressure), so the caller awaits once per batch of lines.
 */
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { LAKE_OBJECT_SETTINGS } from '@event-pipeline/runtime';

export class ObjectWriteError extends Error {
  override name = 'ObjectWriteError';
}

/** Lines are encoded straight into buffers of this size, which enter the stream when full. */
const CHUNK_BYTES = 256 * 1024;
/**
 * lib-storage's part size (its default, S3's minimum part): a body up to this size is one
 * PutObject however it is sent, so it is sent without the stream, the part copies and the
 * multipart machinery.
 */
export const PART_BYTES = 5 * 1024 * 1024;
const NEWLINE = 0x0a;

/** The multipart upload of a body that outgrew one part: its stream and when it is stored. */
interface Streaming {
  body: PassThrough;
  finished: Promise<void>;
}

export class JsonLinesUpload {
  readonly key: string;
  private readonly where: string;
  private readonly s3: S3Client;
  private readonly bucket: string;
  /** Started once the body outgrows a part; until then the body is all in `full` and `chunk`. */
  private streaming: Streaming | undefined;
  private failure: Error | undefined;
  /** The chunk being filled, and the full ones not yet in the stream (their bytes in `fullBytes`). */
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private full: Buffer[] = [];
  private fullBytes = 0;

  constructor(s3: S3Client, bucket: string, key: string) {
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
    this.where = `s3://${bucket}/${key}`;
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
      this.keepChunk();
      this.chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, room));
    }
    this.used += this.chunk.write(line, this.used);
    this.chunk[this.used++] = NEWLINE;
  }

  /** Passes the full chunks on once the body outgrows a part, waiting while the upload is behind. */
  async settle(): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    if (this.streaming === undefined && this.fullBytes <= PART_BYTES) return;
    await this.flush(this.stream());
  }

  /** Ends the body and waits until the object is stored; throws if it was not. */
  async close(): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    this.keepChunk();
    if (this.streaming === undefined && this.fullBytes <= PART_BYTES) {
      await this.putWhole();
      return;
    }
    const streaming = this.stream();
    await this.flush(streaming);
    streaming.body.end();
    await streaming.finished;
  }

  /** Gives up on the object: nothing is stored (a multipart upload's parts are aborted). */
  async abort(reason: Error): Promise<void> {
    this.failure ??= new ObjectWriteError(`abandoned ${this.where}: ${reason.message}`, { cause: reason });
    this.full = [];
    if (this.streaming === undefined) return;
    this.streaming.body.destroy(reason);
    await this.streaming.finished.catch(() => undefined);
  }

  /** Moves the filled part of the chunk to the full ones. */
  private keepChunk(): void {
    if (this.used === 0) return;
    this.full.push(this.chunk.subarray(0, this.used));
    this.fullBytes += this.used;
    this.chunk = this.chunk.subarray(this.used);
    this.used = 0;
  }

  /** The upload's failure: the first one recorded (an abandon, or this write error). */
  private writeFailed(error: unknown): Error {
    this.failure ??= new ObjectWriteError(`could not write ${this.where}: ${(error as Error).message}`, {
      cause: error,
    });
    return this.failure;
  }

  /** The whole body in one PutObject (one chunk is sent as it is, without a copy). */
  private async putWhole(): Promise<void> {
    const body = this.full.length === 1 ? this.full[0]! : Buffer.concat(this.full, this.fullBytes);
    this.full = [];
    try {
      await this.s3.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: this.key, Body: body, ...LAKE_OBJECT_SETTINGS }),
      );
    } catch (error) {
      throw this.writeFailed(error);
    }
  }

  /** The multipart upload, started on first use. */
  private stream(): Streaming {
    if (this.streaming !== undefined) return this.streaming;
    const body = new PassThrough();
    const upload = new Upload({
      client: this.s3,
      params: { Bucket: this.bucket, Key: this.key, Body: body, ...LAKE_OBJECT_SETTINGS },
    });
    const finished = upload.done().then(
      () => undefined,
      (error: unknown) => {
        const failure = this.writeFailed(error);
        body.destroy();
        throw failure;
      },
    );
    // Observed by flush()/close(); this keeps an early failure from being reported as unhandled.
    finished.catch(() => undefined);
    this.streaming = { body, finished };
    return this.streaming;
  }

  private async flush({ body, finished }: Streaming): Promise<void> {
    const chunks = this.full;
    this.full = [];
    this.fullBytes = 0;
    for (const chunk of chunks) {
      if (!body.write(chunk)) await Promise.race([once(body, 'drain'), finished]);
      if (this.failure !== undefined) throw this.failure;
    }
  }
}
