/**
 * The catalog and query side of the infrastructure stack (docs/architecture.md §9): a Glue database
 * named for the stage, tables whose partitions Athena projects from the key layout, an enforced
 * Athena engine 3 workgroup with the stage's scan limit writing encrypted results to its own expiring
 * bucket, and named queries bound to both.
 */
import { isPlainObject } from '@event-pipeline/schema';
import { placeholder, referencedResource, renderString } from '../intrinsics.js';
import { asList } from '../rules/policy-documents.js';
import { numberParam, type StageParams, stringParam } from '../stage-params.js';
import type { CfnTemplate, Finding } from '../template.js';
import { resourcesOfType } from '../template.js';
import { TemplateExpectations, valueAt } from './expect.js';

const GLUE_NAME = /^[a-z0-9_]+$/;
const ENGINE = 'Athena engine version 3';

/** The data buckets' placeholders a table may read (`${RawBucket}`...), from the template's buckets. */
function bucketPlaceholders(template: CfnTemplate): string[] {
  return resourcesOfType(template, 'AWS::S3::Bucket').map(([id]) => placeholder(id));
}

function checkTable(e: TemplateExpectations, id: string, template: CfnTemplate, database: string): void {
  const input = valueAt(template.Resources[id], 'Properties.TableInput');
  if (!isPlainObject(input)) {
    e.fail(id, 'TableInput', 'missing');
    return;
  }
  const name = String(input.Name);
  e.check(
    id,
    'TableInput.Name',
    GLUE_NAME.test(name),
    `${name}: use lower case letters, digits and underscores`,
  );
  e.check(
    id,
    'DatabaseName',
    referencedResource(valueAt(template.Resources[id], 'Properties.DatabaseName')) === database,
    `must belong to ${database}`,
  );
  const parameters = isPlainObject(input.Parameters) ? input.Parameters : {};
  e.check(
    id,
    'TableInput.Parameters',
    parameters['projection.enabled'] === 'true',
    'partition projection is off',
  );
  const keys = asList(input.PartitionKeys)
    .filter(isPlainObject)
    .map((k) => String(k.Name));
  const location = renderString(parameters['storage.location.template']);
  // Fn::Sub writes a literal `${key}` as `${!key}`.
  const literal = location.replaceAll('${!', '${');
  for (const key of keys) {
    const type = parameters[`projection.${key}.type`];
    e.check(id, 'TableInput.Parameters', type !== undefined, `partition key ${key} has no projection type`);
    e.check(
      id,
      'TableInput.Parameters.storage.location.template',
      literal.includes(`${key}=\${${key}}/`),
      `must place partition key ${key} as ${key}=\${${key}}/`,
    );
  }
  const buckets = bucketPlaceholders(template);
  const bucket = buckets.find((b) => location.startsWith(`s3://${b}/`));
  e.check(
    id,
    'TableInput.Parameters.storage.location.template',
    bucket !== undefined && literal.endsWith('/'),
    `must be s3://<a bucket of this stack>/<prefix>/.../ (is ${location})`,
  );
  const root = renderString(valueAt(input, 'StorageDescriptor.Location'));
  e.check(
    id,
    'TableInput.StorageDescriptor.Location',
    bucket !== undefined && literal.startsWith(root) && root.endsWith('/'),
    `must be the template's fixed part (${root} is not a prefix of ${location})`,
  );
}

export function checkCatalog(stack: string, template: CfnTemplate, p: StageParams, stage: string): Finding[] {
  const e = new TemplateExpectations(stack, template, 'catalog-contract');
  const app = stringParam(p, 'app');
  const database = stringParam(p, 'catalogDatabaseName');
  if (e.resource('CatalogDatabase', 'AWS::Glue::Database')) {
    e.equals('CatalogDatabase', 'Properties.DatabaseInput.Name', database);
    e.check(
      'CatalogDatabase',
      'DatabaseInput.Name',
      GLUE_NAME.test(database),
      `${database}: Glue and Athena names are lower case letters, digits and underscores (catalogDatabaseName)`,
    );
  }
  const tables = resourcesOfType(template, 'AWS::Glue::Table');
  if (tables.length === 0) e.fail('CatalogDatabase', '', 'no AWS::Glue::Table over the lake');
  for (const [id] of tables) checkTable(e, id, template, 'CatalogDatabase');

  if (e.resource('AthenaWorkGroup', 'AWS::Athena::WorkGroup')) {
    const config = 'Properties.WorkGroupConfiguration';
    e.equals('AthenaWorkGroup', 'Properties.Name', `${app}-${stage}`);
    e.equals('AthenaWorkGroup', `${config}.EnforceWorkGroupConfiguration`, true);
    e.equals('AthenaWorkGroup', `${config}.EngineVersion.SelectedEngineVersion`, ENGINE);
    e.equals(
      'AthenaWorkGroup',
      `${config}.BytesScannedCutoffPerQuery`,
      numberParam(p, 'athenaBytesScannedCutoffPerQuery'),
    );
    e.equals(
      'AthenaWorkGroup',
      `${config}.ResultConfiguration.EncryptionConfiguration.EncryptionOption`,
      'SSE_S3',
    );
    const output = renderString(
      valueAt(template.Resources.AthenaWorkGroup, `${config}.ResultConfiguration.OutputLocation`),
    );
    e.check(
      'AthenaWorkGroup',
      'WorkGroupConfiguration.ResultConfiguration.OutputLocation',
      output.startsWith(`s3://${placeholder('AthenaResultsBucket')}/`),
      `results must go to the AthenaResultsBucket (is ${output})`,
    );
  }

  if (e.resource('AthenaResultsBucket', 'AWS::S3::Bucket')) {
    e.renders(
      'AthenaResultsBucket',
      'Properties.BucketName',
      `${app}-${stage}-athena-\${AWS::AccountId}-\${AWS::Region}`,
    );
    const days = numberParam(p, 'athenaResultsExpirationDays');
    const rules = asList(
      valueAt(template.Resources.AthenaResultsBucket, 'Properties.LifecycleConfiguration.Rules'),
    ).filter(isPlainObject);
    e.check(
      'AthenaResultsBucket',
      'LifecycleConfiguration',
      rules.some((r) => r.Status === 'Enabled' && r.ExpirationInDays === days && r.Prefix === undefined),
      `no enabled rule expires every result after ${days} days (athenaResultsExpirationDays)`,
    );
  }

  const queries = resourcesOfType(template, 'AWS::Athena::NamedQuery');
  if (queries.length === 0) e.fail('AthenaWorkGroup', '', 'no AWS::Athena::NamedQuery (queries/*.sql)');
  for (const [id, query] of queries) {
    e.check(
      id,
      'Database',
      referencedResource(query.Properties?.Database) === 'CatalogDatabase',
      'must run in the CatalogDatabase',
    );
    e.check(
      id,
      'WorkGroup',
      referencedResource(query.Properties?.WorkGroup) === 'AthenaWorkGroup',
      'must be saved in the AthenaWorkGroup',
    );
  }
  return e.findings;
}
