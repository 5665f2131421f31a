import { Readable } from 'node:stream';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from '@jest/globals';
import { HttpResponse } from '@smithy/core/protocols';
import { unsignedS3Payloads } from '../../src/index.js';

/** The HTTP layer under the SDK: records each signed request, answers 200 (what S3 says is not the point). */
function recordingClient() {
  const sent: Array<{ headers: Record<string, string> }> = [];
  const requestHandler = {
    async handle(request: { headers: Record<string, string>; body?: unknown }) {
      sent.push({ headers: { ...request.headers } });
      if (request.body instanceof Readable) for await (const _ of request.body);
      return { response: new HttpResponse({ statusCode: 200, headers: {}, body: Readable.from([]) }) };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
  };
  const client = new S3Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    requestHandler,
  });
  return { client, sent };
}

const put = (body: PutObjectCommand['input']['Body']) =>
  new PutObjectCommand({ Bucket: 'bucket', Key: 'raw/data.json', Body: body });

describe('unsignedS3Payloads', () => {
  it('signs an upload without hashing its body, and still sends its CRC32 in a signed header', async () => {
    const { client, sent } = recordingClient();
    await unsignedS3Payloads(client).send(put('{"a":1}\n'));
    const { headers } = sent[0]!;
    expect(headers['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD');
    expect(headers['x-amz-checksum-crc32']).toEqual(expect.any(String));
    expect(headers.authorization).toContain('x-amz-checksum-crc32');
    expect(headers.authorization).toContain('x-amz-content-sha256');
  });

  it('changes nothing else: without it the body is hashed, and a streamed body keeps the SDK\u2019s own mode', async () => {
    const plain = recordingClient();
    await plain.client.send(put('{"a":1}\n'));
    expect(plain.sent[0]!.headers['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);

    const streamed = recordingClient();
    await unsignedS3Payloads(streamed.client).send(
      new PutObjectCommand({
        Bucket: 'bucket',
        Key: 'raw/data.json',
        Body: Readable.from([Buffer.from('{"a":1}\n')]),
        ContentLength: 8,
      }),
    );
    expect(streamed.sent[0]!.headers['x-amz-content-sha256']).toBe('STREAMING-UNSIGNED-PAYLOAD-TRAILER');
  });
});
