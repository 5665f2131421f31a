/**
 * The answers AWS gives to the calls the two functions make, for the in-memory handler and
 * the answer server alike: S3 GetObject (the raw object), PutObject and the multipart calls
 * of lib-storage's Upload, and DynamoDB PutItem. Shaped like the real responses, so the SDK
 * parses (and checksums) what it would parse in the cloud.
 */
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import type { Answerer, AwsAnswer, AwsRequest } from './in-memory-aws.js';

/** The object GetObject returns: its bytes, or a fresh stream of them for each call. */
export interface ServedObject {
  body: () => Buffer | Readable;
  bytes: number;
  /** Base64 CRC32, as S3 returns for an object written with one (the SDK then checks it). */
  crc32?: string;
}

/** Chunks of a response body as a socket delivers them (Node reads up to 64 KiB at a time). */
const NETWORK_CHUNK_BYTES = 64 * 1024;

/** A served object from bytes held in memory, with the CRC32 S3 keeps for single-part uploads. */
export function servedBytes(bytes: Buffer): ServedObject {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += NETWORK_CHUNK_BYTES)
    chunks.push(bytes.subarray(at, at + NETWORK_CHUNK_BYTES));
  return { body: () => Readable.from(chunks), bytes: bytes.length, crc32: crc32Base64(crc32(bytes)) };
}

/** The `x-amz-checksum-crc32` of a body: its CRC32, big-endian, base64. */
export function crc32Base64(checksum: number): string {
  const value = Buffer.alloc(4);
  value.writeUInt32BE(checksum >>> 0);
  return value.toString('base64');
}

const ETAG = '"9b2cf535f27731c974343645a3985328"';
const xml = (body: string): AwsAnswer => ({ headers: { 'content-type': 'application/xml' }, body });

function s3Answer(request: AwsRequest, served: ServedObject | undefined): AwsAnswer {
  const { method, query } = request;
  if (method === 'GET') {
    if (served === undefined) return { statusCode: 404, ...xml('<Error><Code>NoSuchKey</Code></Error>') };
    const checksum: Record<string, string> =
      served.crc32 === undefined
        ? {}
        : { 'x-amz-checksum-crc32': served.crc32, 'x-amz-checksum-type': 'FULL_OBJECT' };
    return {
      headers: {
        'content-type': 'application/x-ndjson',
        'content-length': String(served.bytes),
        etag: ETAG,
        ...checksum,
      },
      body: served.body(),
    };
  }
  if (method === 'POST' && 'uploads' in query)
    return xml(
      '<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>upload-1</UploadId></InitiateMultipartUploadResult>',
    );
  if (method === 'POST' && 'uploadId' in query)
    return xml(
      `<CompleteMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><ETag>${ETAG}</ETag></CompleteMultipartUploadResult>`,
    );
  if (method === 'DELETE') return { statusCode: 204 };
  // PutObject and UploadPart.
  return { headers: { etag: ETAG } };
}

function dynamoDbAnswer(): AwsAnswer {
  return { headers: { 'content-type': 'application/x-amz-json-1.0' }, body: '{}' };
}

/** DynamoDB calls carry an `x-amz-target`; everything else here is S3. */
export function pipelineAnswers(getObject?: ServedObject): Answerer {
  return (request) =>
    request.headers['x-amz-target']?.startsWith('DynamoDB_')
      ? dynamoDbAnswer()
      : s3Answer(request, getObject);
}
