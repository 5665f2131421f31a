import { describe, expect, it } from '@jest/globals';
import { encodeS3EventKey, matchesFilter } from '../../../src/s3/notifications.js';

describe('S3 notification keys and filters', () => {
  it('encodes keys as S3 does in notifications: = as %3D, space as +, / kept', () => {
    expect(encodeS3EventKey('raw/event_type=metric/year=2024/a b+c.json')).toBe(
      'raw/event_type%3Dmetric/year%3D2024/a+b%2Bc.json',
    );
    expect(decodeURIComponent(encodeS3EventKey('x/ü é.json').replaceAll('+', ' '))).toBe('x/ü é.json');
  });

  it('matches the event type (with wildcard), prefix and suffix', () => {
    const filter = { event: 's3:ObjectCreated:*', prefix: 'raw/', suffix: '.json' };
    expect(matchesFilter(filter, 'ObjectCreated:Put', 'raw/a/b.json')).toBe(true);
    expect(matchesFilter(filter, 'ObjectCreated:CompleteMultipartUpload', 'raw/b.json')).toBe(true);
    expect(matchesFilter(filter, 'ObjectRemoved:Delete', 'raw/b.json')).toBe(false);
    expect(matchesFilter(filter, 'ObjectCreated:Put', 'quarantine/b.json')).toBe(false);
    expect(matchesFilter(filter, 'ObjectCreated:Put', 'raw/b.txt')).toBe(false);
    expect(matchesFilter({ event: 's3:ObjectCreated:Put' }, 'ObjectCreated:Copy', 'x')).toBe(false);
  });
});
