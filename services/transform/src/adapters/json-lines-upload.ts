/**
 * Writes a JSON Lines object to S3 as it is produced. Lines are encoded into buffers as they
 * come; a body that ends within one part is stored by a single PutObject of those bytes (the
 * usual object: ingest writes small ones), a larger one by a multipart upload whose parts are
 * sent as they fill, at most PARTS_IN_FLIGHT at a time, so memory stays bounded by a few parts
 * however big the object is. `append` is synchronous (a line costs no promise); `settle` sends
 * the parts that are full and waits while too many are in flight (backpressure), so the caller
 * awaits once per batch of lines.
 *
 * The multipart upload is made here rather than by lib-storage's Upload over a stream: fed line
 * by line, its stream, part assembly and async iteration cost about 1.4 µs of CPU per processed
 * line (a sixth of the handler's time, bench/handlers/steps.ts); the requests are the ones it sends.
 */
import {
  AbortMultipartUploadCommand,
  ChecksumAlgorithm,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { LAKE_OBJECT_SETTINGS } from '@event-pipeline/runtime';

export class ObjectWriteError extends Error {
  override name = 'ObjectWriteError';
}

/** Lines are encoded straight into buffers of this size; a part is made of whole ones. */
const CHUNK_BYTES = 256 * 1024;
/** S3's smallest part (but the last): a body up to this size is stored by one PutObject. */
export const PART_BYTES = 5 * 1024 * 1024;
/** Parts being sent at once (lib-storage's default queue): the memory bound is about this many parts. */
export const PARTS_IN_FLIGHT = 4;
const NEWLINE = 0x0a;

/** A multipart upload under way: its id once created, and the parts sent or being sent. */
interface Multipart {
  uploadId: Promise<string>;
  /** Parts numbered so far (the next one is this plus one). */
  parts: number;
  inFlight: Set<Promise<void>>;
  done: CompletedPart[];
  /** The abort, once the upload is given up (made once, whoever gives up first). */
  abandoned?: Promise<void>;
}

export class JsonLinesUpload {
  readonly key: string;
  private readonly where: string;
  private readonly s3: S3Client;
  private readonly bucket: string;
  /** Started once the body outgrows a part; until then the body is all in `full` and `chunk`. */
  private multipart: Multipart | undefined;
  private failure: Error | undefined;
  /** The chunk being filled, and the full ones not sent yet (their bytes in `fullBytes`). */
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

  /** Sends the body's full parts, waiting while too many are in flight. */
  async settle(): Promise<void> {
    while (this.fullBytes >= PART_BYTES && this.failure === undefined) await this.sendPart();
    if (this.failure !== undefined) throw await this.abandon();
  }

  /** Sends the rest of the body and waits until the object is stored; throws if it was not. */
  async close(): Promise<void> {
    if (this.failure !== undefined) throw await this.abandon();
    this.keepChunk();
    if (this.multipart === undefined && this.fullBytes <= PART_BYTES) {
      await this.putWhole();
      return;
    }
    while (this.fullBytes > 0 && this.failure === undefined) await this.sendPart();
    const multipart = this.multipart!;
    await Promise.all(multipart.inFlight);
    if (this.failure !== undefined) throw await this.abandon();
    const parts = multipart.done.sort((a, b) => a.PartNumber! - b.PartNumber!);
    try {
      await this.s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: this.key,
          UploadId: await multipart.uploadId,
          MultipartUpload: { Parts: parts },
        }),
      );
    } catch (error) {
      this.writeFailed(error);
      throw await this.abandon();
    }
  }

  /** Gives up on the object: nothing is stored (a multipart upload's parts are aborted). */
  async abort(reason: Error): Promise<void> {
    this.failure ??= new ObjectWriteError(`abandoned ${this.where}: ${reason.message}`, { cause: reason });
    this.full = [];
    this.fullBytes = 0;
    await this.abandon();
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

  /** The full chunks as one buffer (one chunk as it is, without a copy); none is left. */
  private takeFull(): Buffer {
    const body = this.full.length === 1 ? this.full[0]! : Buffer.concat(this.full, this.fullBytes);
    this.full = [];
    this.fullBytes = 0;
    return body;
  }

  /** The whole body in one PutObject. */
  private async putWhole(): Promise<void> {
    const body = this.takeFull();
    try {
      await this.s3.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: this.key, Body: body, ...LAKE_OBJECT_SETTINGS }),
      );
    } catch (error) {
      throw this.writeFailed(error);
    }
  }

  /** Sends the full chunks as the next part, once fewer than PARTS_IN_FLIGHT are in flight. */
  private async sendPart(): Promise<void> {
    this.multipart ??= this.createMultipart();
    const multipart = this.multipart;
    while (multipart.inFlight.size >= PARTS_IN_FLIGHT) await Promise.race(multipart.inFlight);
    if (this.failure !== undefined) return;
    const body = this.takeFull();
    const partNumber = ++multipart.parts;
    const sent = this.uploadPart(multipart, partNumber, body).then(() => {
      multipart.inFlight.delete(sent);
    });
    multipart.inFlight.add(sent);
  }

  /** Sends one part and keeps what completing the upload needs of it; records a failure, never rejects. */
  private async uploadPart(multipart: Multipart, partNumber: number, body: Buffer): Promise<void> {
    try {
      const UploadId = await multipart.uploadId;
      const result = await this.s3.send(
        new UploadPartCommand({
          Bucket: this.bucket,
          Key: this.key,
          UploadId,
          PartNumber: partNumber,
          Body: body,
        }),
      );
      if (result.ETag === undefined)
        throw new Error(`part ${partNumber} has no ETag in the UploadPart response`);
      // The part's checksum (the client's CRC32) is what CompleteMultipartUpload checks it by.
      const { ETag, ChecksumCRC32, ChecksumCRC32C, ChecksumCRC64NVME, ChecksumSHA1, ChecksumSHA256 } = result;
      multipart.done.push({
        PartNumber: partNumber,
        ETag,
        ...(ChecksumCRC32 && { ChecksumCRC32 }),
        ...(ChecksumCRC32C && { ChecksumCRC32C }),
        ...(ChecksumCRC64NVME && { ChecksumCRC64NVME }),
        ...(ChecksumSHA1 && { ChecksumSHA1 }),
        ...(ChecksumSHA256 && { ChecksumSHA256 }),
      });
    } catch (error) {
      this.writeFailed(error);
    }
  }

  /** Creates the upload; its parts carry the checksum the client computes (as lib-storage asks for it). */
  private createMultipart(): Multipart {
    const uploadId = (async () => {
      const calculation = await this.s3.config.requestChecksumCalculation();
      const { UploadId } = await this.s3.send(
        new CreateMultipartUploadCommand({
          Bucket: this.bucket,
          Key: this.key,
          ...LAKE_OBJECT_SETTINGS,
          ...(calculation === 'WHEN_SUPPORTED' && { ChecksumAlgorithm: ChecksumAlgorithm.CRC32 }),
        }),
      );
      if (UploadId === undefined) throw new Error('CreateMultipartUpload returned no UploadId');
      return UploadId;
    })();
    // Observed by each part and by close()/abort(); this keeps an early failure from being unhandled.
    uploadId.catch(() => undefined);
    return { uploadId, parts: 0, inFlight: new Set(), done: [] };
  }

  /**
   * Gives up on the multipart upload, if one was started: waits for the parts in flight, then
   * aborts it (its parts are dropped). Returns the failure, to be thrown.
   */
  private async abandon(): Promise<Error> {
    const multipart = this.multipart;
    if (multipart !== undefined) {
      multipart.abandoned ??= (async () => {
        await Promise.all(multipart.inFlight);
        try {
          const UploadId = await multipart.uploadId;
          await this.s3.send(
            new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: this.key, UploadId }),
          );
        } catch {
          // Nothing was created, or the abort failed: the bucket's lifecycle rule clears what is left.
        }
      })();
      await multipart.abandoned;
    }
    return this.failure!;
  }
}
