/** resources/catalog.yml is what the table definitions and queries/*.sql generate, and says what they say. */
import { readFileSync } from 'node:fs';
import { EVENT_TYPES } from '@event-pipeline/schema';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import {
  CATALOG_FRAGMENT,
  catalogFragment,
  renderCatalogFragment,
} from '../../src/catalog/catalog-fragment.js';
import { hiveType } from '../../src/catalog/column-types.js';
import { LAKE_TABLES } from '../../src/catalog/tables.js';
import { loadSavedQueries } from '../../src/saved-queries.js';

const root = new URL('../../../../', import.meta.url);
const queries = loadSavedQueries(new URL('queries', root).pathname);
// biome-ignore lint/suspicious/noExplicitAny: a CloudFormation document, read back field by field
type Resource = { Type: string; Properties: Record<string, any> };
const resources = catalogFragment(queries).Resources as Record<string, Resource>;
const ofType = (type: string) => Object.values(resources).filter((r) => r.Type === type);

describe('resources/catalog.yml', () => {
  it('is up to date with the tables and queries/*.sql (run `npm run generate` after changing them)', () => {
    const committed = readFileSync(new URL(CATALOG_FRAGMENT, root), 'utf8');
    expect(committed).toBe(renderCatalogFragment(queries));
  });

  it('parses back to the generated document', () => {
    const committed = parse(readFileSync(new URL(CATALOG_FRAGMENT, root), 'utf8'));
    expect(committed).toEqual(catalogFragment(queries));
  });

  it('deploys every saved query as a named query with its file text', () => {
    const named = ofType('AWS::Athena::NamedQuery').map((r) => r.Properties);
    expect(named.map((q) => q.Name).sort()).toEqual(queries.map((q) => q.name).sort());
    for (const query of queries) {
      const deployed = named.find((q) => q.Name === query.name)!;
      expect(deployed.QueryString).toBe(query.sql);
      expect(deployed.Description).toBe(query.description);
    }
  });

  it('has the tables raw_events, processed_events, quarantine, processed_quarantine and curated_<type>', () => {
    const names = ofType('AWS::Glue::Table').map((r) => r.Properties.TableInput.Name);
    expect(names.sort()).toEqual(
      [
        'raw_events',
        'processed_events',
        'quarantine',
        'processed_quarantine',
        ...EVENT_TYPES.map((t) => `curated_${t}`),
      ].sort(),
    );
  });

  it('gives each curated table the curated columns in Glue types', () => {
    const input = ofType('AWS::Glue::Table').find(
      (r) => r.Properties.TableInput.Name === 'curated_transaction',
    )!.Properties.TableInput;
    const columns = input.StorageDescriptor.Columns as Array<{ Name: string; Type: string }>;
    expect(columns.find((c) => c.Name === 'event_time')?.Type).toBe('timestamp');
    expect(columns.find((c) => c.Name === 'transaction_date')?.Type).toBe('date');
    expect(columns.find((c) => c.Name === 'is_high_value')?.Type).toBe('boolean');
    expect(columns.find((c) => c.Name === 'amount')?.Type).toBe('double');
    expect(input.StorageDescriptor.SerdeInfo.SerializationLibrary).toMatch(/ParquetHiveSerDe/);
    expect(input.PartitionKeys.map((k: { Name: string }) => k.Name)).toEqual([
      'year',
      'month',
      'day',
      'hour',
    ]);
  });

  it('escapes the projection placeholders for Fn::Sub and keeps the bucket a reference', () => {
    for (const table of LAKE_TABLES) {
      const input = ofType('AWS::Glue::Table').find((r) => r.Properties.TableInput.Name === table.name)!
        .Properties.TableInput;
      const template: string = input.Parameters['storage.location.template']['Fn::Sub'];
      expect(template).toMatch(/^s3:\/\/\$\{(RawBucket|ProcessedBucket)\}\//);
      for (const key of table.partitionKeys) expect(template).toContain(`${key.name}=\${!${key.name}}/`);
      expect(input.StorageDescriptor.Columns).toEqual(
        table.columns.map((c) => ({ Name: c.name, Type: hiveType(c.type) })),
      );
    }
  });
});

describe('hiveType', () => {
  it('spells nested structs the way Glue does', () => {
    expect(
      hiveType({
        struct: [
          { name: 'a', type: 'string' },
          { name: 'b', type: { struct: [{ name: 'c', type: 'double' }] } },
        ],
      }),
    ).toBe('struct<a:string,b:struct<c:double>>');
  });
});
