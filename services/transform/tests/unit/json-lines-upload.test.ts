import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { JsonLinesUpload, PART_BYTES } from '../../src/adapters/json-lines-upload.js';

const BUCKET = 'processed';
const KEY = 'processed/a.json';

let s3: S3Client;
let s3Mock: ReturnType<typeof mockClient>;

beforeEach(() => {
  s3 = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  s3Mock = mockClient(s3);
  s3Mock.on(PutObjectCommand).resolves({ ETag: '"etag"' });
  s3Mock.on(CreateMultipartUploadCommand).resolves({ UploadId: 'upload-1' });
  s3Mock
    .on(UploadPartCommand)
    .callsFake(async (input: { PartNumber: number }) => ({ ETag: `"${input.PartNumber}"` }));
  s3Mock.on(CompleteMultipartUploadCommand).resolves({});
  s3Mock.on(AbortMultipartUploadCommand).resolves({});
});

/** Lines of `bytes` bytes each (the newline included), numbered, some with multi-byte characters. */
function lines(count: number, bytes: number): string[] {
  return Array.from({ length: count }, (_, index) => {
    const head = `{"n":${index},"s":"é`;
    return `${head}${'x'.repeat(bytes - Buffer.byteLength(head) - 3)}"}`;
  });
}

async function write(texts: string[], settleEvery = 100): Promise<JsonLinesUpload> {
  const upload = new JsonLinesUpload(s3, BUCKET, KEY);
  for (const [index, text] of texts.entries()) {
    upload.append(text);
    if (index % settleEvery === settleEvery - 1) await upload.settle();
  }
  await upload.close();
  return upload;
}

const commandNames = (): string[] => s3Mock.calls().map((call) => call.args[0].constructor.name);

describe('JsonLinesUpload', () => {
  it('stores a body that fits in one part with a single PutObject of exactly its lines', async () => {
    const texts = lines(3000, 1000); // about 3 MB: several chunks, one part
    await write(texts);
    expect(commandNames()).toEqual(['PutObjectCommand']);
    const { input } = s3Mock.commandCalls(PutObjectCommand)[0]!.args[0];
    expect(input).toMatchObject({
      Bucket: BUCKET,
      Key: KEY,
      ContentType: 'application/x-ndjson',
      ServerSideEncryption: 'AES256',
    });
    expect((input.Body as Buffer).toString('utf8')).toBe(`${texts.join('\n')}\n`);
  });

  it('stores an empty body as an empty object', async () => {
    await write([]);
    expect(commandNames()).toEqual(['PutObjectCommand']);
    expect((s3Mock.commandCalls(PutObjectCommand)[0]!.args[0].input.Body as Buffer).length).toBe(0);
  });

  it('streams a body that outgrows a part as a multipart upload, its parts making up the lines', async () => {
    const texts = lines(Math.ceil((PART_BYTES * 2.5) / 1000), 1000);
    await write(texts);
    const names = commandNames();
    expect(names).not.toContain('PutObjectCommand');
    expect(names[0]).toBe('CreateMultipartUploadCommand');
    expect(names.at(-1)).toBe('CompleteMultipartUploadCommand');
    const parts = s3Mock
      .commandCalls(UploadPartCommand)
      .map((call) => call.args[0].input as { PartNumber: number; Body: Uint8Array })
      .sort((a, b) => a.PartNumber - b.PartNumber);
    expect(parts).toHaveLength(3);
    expect(Buffer.concat(parts.map((part) => part.Body)).toString('utf8')).toBe(`${texts.join('\n')}\n`);
  });

  it('stores nothing when abandoned, and refuses lines after', async () => {
    const upload = new JsonLinesUpload(s3, BUCKET, KEY);
    upload.append('{"n":1}');
    await upload.abort(new Error('the raw object broke'));
    expect(() => upload.append('{"n":2}')).toThrow(`abandoned s3://${BUCKET}/${KEY}: the raw object broke`);
    expect(commandNames()).toEqual([]);
  });

  it('reports a failed PutObject with where it was writing', async () => {
    s3Mock.on(PutObjectCommand).rejects(Object.assign(new Error('SlowDown'), { name: 'SlowDown' }));
    await expect(write(lines(2, 100))).rejects.toThrow(`could not write s3://${BUCKET}/${KEY}: SlowDown`);
  });
});
