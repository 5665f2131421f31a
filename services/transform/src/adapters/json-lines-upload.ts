/**
 * Writes a JSON Lines object to S3 as it is produced: lines go into a PassThrough that a
 * lib-storage Upload drains (one PutObject for small bodies, multipart for large ones), so
 * memory stays bounded by the part size however big the object is. Backpressure is honoured:
 * `write` waits while the upload is behind.
 */
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

export class ObjectWriteError extends Error {
  override name = 'ObjectWriteError';
}

/** Lines are joined into chunks of about this size before they enter the stream. */
const CHUNK_BYTES = 256 * 1024;

export class JsonLinesUpload {
  readonly key: string;
  private readonly where: string;
  private readonly body = new PassThrough();
  private readonly finished: Promise<void>;
  private failure: Error | undefined;
  private pending: string[] = [];
  private pendingLength = 0;
  lines = 0;

  constructor(s3: S3Client, bucket: string, key: string) {
    this.key = key;
    this.where = `s3://${bucket}/${key}`;
    const upload = new Upload({
      client: s3,
      params: {
        Bucket: bucket,
        Key: key,
        Body: this.body,
        ContentType: 'application/x-ndjson',
        ServerSideEncryption: 'AES256',
      },
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

  /** Appends one line (a newline is added). */
  async write(line: string): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    this.pending.push(line, '\n');
    this.pendingLength += line.length + 1;
    this.lines++;
    if (this.pendingLength >= CHUNK_BYTES) await this.flush();
  }

  /** Ends the body and waits until the object is stored; throws if it was not. */
  async close(): Promise<void> {
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
    if (this.pending.length === 0) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    if (!this.body.write(chunk)) await Promise.race([once(this.body, 'drain'), this.finished]);
    if (this.failure !== undefined) throw this.failure;
  }
}
