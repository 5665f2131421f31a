/**
 * The ledger table as resources/table.yml defines it (docs/architecture.md §4, §6), made into
 * a CreateTable request for the DynamoDB emulator: the key schema and indexes come from the
 * fragment, so a test's table cannot drift from the deployed one.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { parseCloudFormationYaml } from '@event-pipeline/infra';

/** The repository's fragment that defines the ledger table. */
export const LEDGER_TABLE_FRAGMENT = fileURLToPath(new URL('../../../resources/table.yml', import.meta.url));

interface TableProperties {
  AttributeDefinitions: CreateTableCommandInput['AttributeDefinitions'];
  KeySchema: CreateTableCommandInput['KeySchema'];
  GlobalSecondaryIndexes?: NonNullable<CreateTableCommandInput['GlobalSecondaryIndexes']>;
  LocalSecondaryIndexes?: NonNullable<CreateTableCommandInput['LocalSecondaryIndexes']>;
}

function tableProperties(fragment: string): TableProperties {
  const template = parseCloudFormationYaml(readFileSync(fragment, 'utf8'), fragment) as {
    Resources?: Record<string, { Type?: string; Properties?: Partial<TableProperties> }>;
  };
  const tables = Object.entries(template?.Resources ?? {}).filter(
    ([, resource]) => resource?.Type === 'AWS::DynamoDB::Table',
  );
  if (tables.length !== 1)
    throw new Error(`${fragment}: expected one AWS::DynamoDB::Table, found ${tables.length}`);
  const [logicalId, { Properties: properties = {} }] = tables[0]!;
  if (!Array.isArray(properties.KeySchema) || !Array.isArray(properties.AttributeDefinitions))
    throw new Error(`${fragment}: ${logicalId} has no KeySchema or AttributeDefinitions`);
  return properties as TableProperties;
}

/**
 * The CreateTable request for a ledger table named `table`. On demand whatever the fragment
 * bills: the emulator has no capacity to provision, and only the keys and indexes matter here.
 */
export function ledgerTableInput(table: string, fragment = LEDGER_TABLE_FRAGMENT): CreateTableCommandInput {
  const { AttributeDefinitions, KeySchema, GlobalSecondaryIndexes, LocalSecondaryIndexes } =
    tableProperties(fragment);
  return {
    TableName: table,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions,
    KeySchema,
    ...(GlobalSecondaryIndexes === undefined
      ? {}
      : {
          GlobalSecondaryIndexes: GlobalSecondaryIndexes.map(({ IndexName, KeySchema, Projection }) => ({
            IndexName,
            KeySchema,
            Projection,
          })),
        }),
    ...(LocalSecondaryIndexes === undefined
      ? {}
      : {
          LocalSecondaryIndexes: LocalSecondaryIndexes.map(({ IndexName, KeySchema, Projection }) => ({
            IndexName,
            KeySchema,
            Projection,
          })),
        }),
  };
}
