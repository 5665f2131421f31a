/**
 * An object written to S3 as its bytes are produced: a PassThrough that lib-storage's Upload
 * drains (one PutObject when small, a multipart upload when large). Either way the object
 * appears whole or not at all: readers never see part of it, and an abandoned upload leaves
 * the previous version in place (its parts are aborted).
 */
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

export class ObjectWriteError extends Error {
  override name = 'ObjectWriteError';
}

export class ObjectUpload {
  private readonly body = new PassThrough({ highWaterMark: 8 * 1024 * 1024 });
  private readonly done: Promise<void>;
  private failure: Error | undefined;
  bytes = 0;

  constructor(
    s3: S3Client,
    readonly bucket: string,
    readonly key: string,
    contentType: string,
  ) {
    const upload = new Upload({
      client: s3,
      params: {
        Bucket: bucket,
        Key: key,
        Body: this.body,
        ContentType: contentType,
        ServerSideEncryption: 'AES256',
      },
    });
    this.done = upload.done().then(
      () => undefined,
      (error: unknown) => {
        this.failure ??= new ObjectWriteError(
          `could not write s3://${bucket}/${key}: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
        this.body.destroy();
        throw this.failure;
      },
    );
    this.done.catch(() => undefined);
  }

  /** Resolves when the upload can take more (backpressure). */
  async write(bytes: Uint8Array | string): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    this.bytes += typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength;
    if (!this.body.write(bytes)) await Promise.race([once(this.body, 'drain'), this.done]);
    if (this.failure !== undefined) throw this.failure;
  }

  /** Ends the body and waits until the object is stored. */
  async close(): Promise<void> {
    this.body.end();
    await this.done;
  }

  /** Gives up: nothing is stored. */
  async abort(reason: Error): Promise<void> {
    this.failure ??= new ObjectWriteError(`abandoned s3://${this.bucket}/${this.key}: ${reason.message}`, {
      cause: reason,
    });
    this.body.destroy(reason);
    await this.done.catch(() => undefined);
  }
}
