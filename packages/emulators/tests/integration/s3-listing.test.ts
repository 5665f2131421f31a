/**
 * Object listings through the S3 emulator with the real SDK, checked against what S3 answers
 * (the model in ../helpers/s3-listing-model.ts): every level of the lake's partition layout,
 * ListObjectsV2 pages past 1,000 keys, delimiters with pagination, StartAfter, ListObjects (v1)
 * markers and `EncodingType=url`.
 */
import {
  CreateBucketCommand,
  ListObjectsCommand,
  type ListObjectsCommandOutput,
  ListObjectsV2Command,
  type ListObjectsV2CommandInput,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  paginateListObjectsV2,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Emulators, startEmulators } from '../../src/index.js';
import { compareUtf8, expectedListing, type ListingEntry, sortUtf8 } from '../helpers/s3-listing-model.js';

const BUCKET = 'listing-lake';

function partition(zone: string, eventType: string, hour: string): string {
  return `${zone}/event_type=${eventType}/year=2024/month=01/day=15/hour=${hour}/`;
}

// 3 event types x 2 hours x 210 files: past 1,000 keys, spread over partitions so that pages
// end inside partitions and at their edges. Unpadded numbers: data_10 sorts before data_2.
const RAW_KEYS = ['click', 'purchase', 'view'].flatMap((eventType) =>
  ['10', '11'].flatMap((hour) =>
    Array.from({ length: 210 }, (_, n) => `${partition('raw', eventType, hour)}data_${n}.json`),
  ),
);
const PROCESSED_KEYS = [
  `${partition('processed', 'click', '10')}data_1.json`,
  `${partition('processed', 'view', '10')}data_1.json`,
];
const QUARANTINE_KEYS = ['quarantine/year=2024/month=01/day=15/hour=10/bad_1.json'];
// Keys whose UTF-8 order differs from naive orders: '.' < '/' < '0' (a file beside a
// "directory"), a folder marker ('a/'), a space and a '+', and a character above the UTF-16
// surrogates (U+E000) against one encoded with them (U+1F600).
const ODD_KEYS = ['a', 'a b', 'a+b', 'a.b', 'a/', 'a/b', 'a0', '100%.csv', 'é', '\uE000', '😀'];
const ALL_KEYS = [...RAW_KEYS, ...PROCESSED_KEYS, ...QUARANTINE_KEYS, ...ODD_KEYS];

function entriesOf(page: ListObjectsV2CommandOutput | ListObjectsCommandOutput): ListingEntry[] {
  const entries: ListingEntry[] = [
    ...(page.Contents ?? []).map(({ Key }) => ({ key: Key! })),
    ...(page.CommonPrefixes ?? []).map(({ Prefix }) => ({ prefix: Prefix! })),
  ];
  const text = (entry: ListingEntry): string => ('key' in entry ? entry.key : entry.prefix);
  return entries.sort((a, b) => compareUtf8(text(a), text(b)));
}

describe('S3 listings on the emulator', () => {
  let emulators: Emulators;
  let s3: S3Client;

  beforeAll(async () => {
    emulators = await startEmulators({ services: ['s3'] });
    s3 = new S3Client(emulators.clientConfig('s3'));
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const pending = [...ALL_KEYS];
    const putNext = async (): Promise<void> => {
      for (let key = pending.pop(); key !== undefined; key = pending.pop())
        await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: '{}\n' }));
    };
    await Promise.all(Array.from({ length: 8 }, putNext));
  }, 120_000);
  afterAll(async () => {
    await emulators.stop();
  });

  async function listAll(
    input: Omit<ListObjectsV2CommandInput, 'Bucket'>,
    pageSize: number,
  ): Promise<{ pages: ListObjectsV2CommandOutput[]; entries: ListingEntry[] }> {
    const pages: ListObjectsV2CommandOutput[] = [];
    for await (const page of paginateListObjectsV2({ client: s3, pageSize }, { Bucket: BUCKET, ...input }))
      pages.push(page);
    return { pages, entries: pages.flatMap(entriesOf) };
  }

  describe('the lake layout, one level at a time with Delimiter "/"', () => {
    it.each([
      ['', ['a/', 'processed/', 'quarantine/', 'raw/']],
      ['raw/', ['raw/event_type=click/', 'raw/event_type=purchase/', 'raw/event_type=view/']],
      ['raw/event_type=click/', ['raw/event_type=click/year=2024/']],
      ['raw/event_type=click/year=2024/', ['raw/event_type=click/year=2024/month=01/']],
      ['raw/event_type=click/year=2024/month=01/', ['raw/event_type=click/year=2024/month=01/day=15/']],
      [
        'raw/event_type=click/year=2024/month=01/day=15/',
        [
          'raw/event_type=click/year=2024/month=01/day=15/hour=10/',
          'raw/event_type=click/year=2024/month=01/day=15/hour=11/',
        ],
      ],
      ['processed/', ['processed/event_type=click/', 'processed/event_type=view/']],
    ])('under "%s" lists the sub-partitions %j', async (prefix, prefixes) => {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, Delimiter: '/' }),
      );
      expect((page.CommonPrefixes ?? []).map(({ Prefix }) => Prefix)).toEqual(prefixes);
      expect(entriesOf(page)).toEqual(expectedListing(ALL_KEYS, { prefix, delimiter: '/' }));
      expect(page.KeyCount).toBe(entriesOf(page).length);
      expect(page.IsTruncated).toBe(false);
    });

    it('lists the objects of an hour partition, in key order', async () => {
      const prefix = partition('raw', 'view', '11');
      const { entries } = await listAll({ Prefix: prefix, Delimiter: '/' }, 1000);
      expect(entries).toEqual(
        sortUtf8(RAW_KEYS.filter((key) => key.startsWith(prefix))).map((key) => ({ key })),
      );
      expect(entries).toHaveLength(210);
    });

    it('lists the keys beside the prefixes at the bucket root', async () => {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Delimiter: '/' }));
      expect((page.Contents ?? []).map(({ Key }) => Key)).toEqual([
        '100%.csv',
        'a',
        'a b',
        'a+b',
        'a.b',
        'a0',
        'é',
        '\uE000',
        '😀',
      ]);
    });
  });

  describe('ListObjectsV2 pagination past 1,000 keys', () => {
    it.each([1000, 7])(
      'returns every key exactly once, in UTF-8 order, with MaxKeys %i',
      async (pageSize) => {
        const { pages, entries } = await listAll({}, pageSize);
        expect(entries).toEqual(sortUtf8(ALL_KEYS).map((key) => ({ key })));
        expect(pages).toHaveLength(Math.ceil(ALL_KEYS.length / pageSize));
        for (const [i, page] of pages.entries()) {
          const last = i === pages.length - 1;
          expect(page.KeyCount).toBe(page.Contents?.length);
          expect(page.MaxKeys).toBe(pageSize);
          expect(page.IsTruncated).toBe(!last);
          expect(page.NextContinuationToken === undefined).toBe(last);
          if (!last) expect(page.KeyCount).toBe(pageSize);
        }
      },
    );

    it('lists a prefix with more than 1,000 keys under it', async () => {
      const { pages, entries } = await listAll({ Prefix: 'raw/' }, 1000);
      expect(entries).toEqual(sortUtf8(RAW_KEYS).map((key) => ({ key })));
      expect(pages).toHaveLength(2);
    });

    it('caps MaxKeys at 1,000 and echoes what was asked', async () => {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, MaxKeys: 5000 }));
      expect(page.KeyCount).toBe(1000);
      expect(page.MaxKeys).toBe(5000);
      expect(page.IsTruncated).toBe(true);
    });

    it('refuses a continuation token it did not make, as InvalidArgument', async () => {
      const error = await s3
        .send(new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: 'bm90IGEgdG9rZW4=' }))
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(S3ServiceException);
      expect((error as S3ServiceException).name).toBe('InvalidArgument');
    });
  });

  describe('Delimiter with pagination', () => {
    it.each([
      ['', 1],
      ['', 2],
      ['raw/', 2],
      ['raw/event_type=purchase/year=2024/month=01/day=15/', 1],
      [partition('raw', 'click', '10'), 7],
      ['a', 3],
    ])(
      'under "%s" with MaxKeys %i: common prefixes count toward MaxKeys, each listed once',
      async (prefix, pageSize) => {
        const { pages, entries } = await listAll({ Prefix: prefix, Delimiter: '/' }, pageSize);
        expect(entries).toEqual(expectedListing(ALL_KEYS, { prefix, delimiter: '/' }));
        for (const page of pages) {
          expect(page.KeyCount).toBe(entriesOf(page).length);
          expect(page.KeyCount).toBeLessThanOrEqual(pageSize);
        }
      },
    );

    it('rolls keys up on a delimiter other than "/"', async () => {
      const { entries } = await listAll({ Prefix: 'raw/event_type=', Delimiter: '=' }, 2);
      expect(entries).toEqual([
        { prefix: 'raw/event_type=click/year=' },
        { prefix: 'raw/event_type=purchase/year=' },
        { prefix: 'raw/event_type=view/year=' },
      ]);
    });
  });

  describe('StartAfter', () => {
    it('starts after a key that is stored, across partitions and pages', async () => {
      const startAfter = sortUtf8(RAW_KEYS)[500]!;
      const { entries } = await listAll({ Prefix: 'raw/', StartAfter: startAfter }, 100);
      expect(entries).toEqual(expectedListing(ALL_KEYS, { prefix: 'raw/', startAfter }));
      expect(entries).toHaveLength(RAW_KEYS.length - 501);
    });

    it('starts after a key that is not stored', async () => {
      const { entries } = await listAll({ StartAfter: 'q' }, 1000);
      expect(entries).toEqual(expectedListing(ALL_KEYS, { startAfter: 'q' }));
      expect(entries[0]).toEqual({ key: QUARANTINE_KEYS[0] });
    });

    it('with a delimiter, skips the common prefix StartAfter names', async () => {
      const page = await s3.send(
        new ListObjectsV2Command({
          Bucket: BUCKET,
          Prefix: 'raw/',
          Delimiter: '/',
          StartAfter: 'raw/event_type=click/',
        }),
      );
      expect(entriesOf(page)).toEqual([
        { prefix: 'raw/event_type=purchase/' },
        { prefix: 'raw/event_type=view/' },
      ]);
      expect(page.StartAfter).toBe('raw/event_type=click/');
    });
  });

  describe('ListObjects (v1)', () => {
    async function listV1(prefix: string, delimiter: string | undefined, maxKeys: number) {
      const pages: ListObjectsCommandOutput[] = [];
      let marker: string | undefined;
      do {
        const page = await s3.send(
          new ListObjectsCommand({
            Bucket: BUCKET,
            Prefix: prefix,
            MaxKeys: maxKeys,
            ...(delimiter === undefined ? {} : { Delimiter: delimiter }),
            ...(marker === undefined ? {} : { Marker: marker }),
          }),
        );
        pages.push(page);
        // Without a delimiter S3 gives no NextMarker: the next page starts after the last key.
        marker = page.IsTruncated ? (page.NextMarker ?? page.Contents?.at(-1)?.Key) : undefined;
      } while (marker !== undefined);
      return { pages, entries: pages.flatMap(entriesOf) };
    }

    it('pages by Marker through more than 1,000 keys', async () => {
      const { pages, entries } = await listV1('', undefined, 1000);
      expect(entries).toEqual(sortUtf8(ALL_KEYS).map((key) => ({ key })));
      expect(pages).toHaveLength(2);
      expect(pages[0]!.NextMarker).toBeUndefined();
    });

    it('pages by NextMarker with a delimiter, the marker being the last key or common prefix', async () => {
      const { pages, entries } = await listV1('', '/', 2);
      expect(entries).toEqual(expectedListing(ALL_KEYS, { delimiter: '/' }));
      const first = pages[0]!;
      expect(first.NextMarker).toBe('a');
      expect(pages.map((page) => page.NextMarker).filter(Boolean)).toContain('a/');
    });
  });

  describe('EncodingType=url', () => {
    it('percent-encodes keys, common prefixes, Prefix and Delimiter in the answer, "/" left as it is', async () => {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'a', Delimiter: '/', EncodingType: 'url' }),
      );
      expect(page.EncodingType).toBe('url');
      expect(page.Prefix).toBe('a');
      expect(page.Delimiter).toBe('/');
      expect((page.Contents ?? []).map(({ Key }) => Key)).toEqual(['a', 'a%20b', 'a%2Bb', 'a.b', 'a0']);
      expect((page.CommonPrefixes ?? []).map(({ Prefix }) => Prefix)).toEqual(['a/']);
      const unicode = await s3.send(
        new ListObjectsCommand({ Bucket: BUCKET, Prefix: 'é', EncodingType: 'url' }),
      );
      expect(unicode.Prefix).toBe('%C3%A9');
      expect((unicode.Contents ?? []).map(({ Key }) => decodeURIComponent(Key!))).toEqual(['é']);
    });

    it('refuses an encoding other than url', async () => {
      const error = await s3
        .send(new ListObjectsV2Command({ Bucket: BUCKET, EncodingType: 'base64' as 'url' }))
        .catch((caught: unknown) => caught);
      expect((error as S3ServiceException).name).toBe('InvalidArgument');
    });
  });
});
