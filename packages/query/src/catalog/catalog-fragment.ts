// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are CloudFormation Fn::Sub templates and Serverless variables
/**
 * resources/catalog.yml, generated (`npm run generate`): the Glue database and the lake's tables
 * (tables.ts), the Athena workgroup and its encrypted, expiring results bucket, the saved queries
 * (queries/*.sql) as named queries, and an analyst policy that may run them. Generated so that the
 * tables' columns and the queries' text have one source each; a test fails when the committed
 * file is stale.
 */
import { stringify } from 'yaml';
import type { SavedQuery } from '../saved-queries.js';
import { glueTableInput } from './glue-table.js';
import { LAKE_TABLES, type LakeTable } from './tables.js';

export const CATALOG_FRAGMENT = 'resources/catalog.yml';

const pascal = (name: string) =>
  name
    .split(/[-_]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

const tableResourceId = (table: LakeTable) => `${pascal(table.name)}Table`;
const namedQueryResourceId = (query: SavedQuery) => `${pascal(query.name)}Query`;

const ref = (id: string) => ({ Ref: id });
const sub = (template: string) => ({ 'Fn::Sub': template });

const RESULTS = 'AthenaResultsBucket';
/** Where the workgroup writes results, under its bucket. */
const RESULTS_PREFIX = 'results/';

function resultsBucket(): Record<string, unknown> {
  const both = [{ 'Fn::GetAtt': `${RESULTS}.Arn` }, sub(`\${${RESULTS}.Arn}/*`)];
  return {
    [RESULTS]: {
      Type: 'AWS::S3::Bucket',
      // Follows the data buckets: `npm run remove` empties it with them, or it outlives the stack with them.
      DeletionPolicy: '${param:dataRemovalPolicy}',
      UpdateReplacePolicy: '${param:dataRemovalPolicy}',
      Properties: {
        BucketName: sub('${param:app}-${sls:stage}-athena-${AWS::AccountId}-${AWS::Region}'),
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: true },
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        // Query results are copies of lake data: they expire instead of accumulating.
        LifecycleConfiguration: {
          Rules: [
            {
              Id: 'expire-query-results',
              Status: 'Enabled',
              ExpirationInDays: '${param:athenaResultsExpirationDays}',
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
            },
          ],
        },
      },
    },
    [`${RESULTS}Policy`]: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: ref(RESULTS),
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'DenyInsecureTransport',
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: both,
              Condition: { Bool: { 'aws:SecureTransport': false } },
            },
            {
              Sid: 'DenyOutdatedTls',
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: both,
              Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
            },
          ],
        },
      },
    },
  };
}

function workGroup(): Record<string, unknown> {
  return {
    AthenaWorkGroup: {
      Type: 'AWS::Athena::WorkGroup',
      Properties: {
        Name: '${param:app}-${sls:stage}',
        Description: 'The event pipeline lake: saved queries, enforced settings, encrypted results.',
        State: 'ENABLED',
        // Removing the stack also removes queries users saved in the workgroup by hand.
        RecursiveDeleteOption: true,
        WorkGroupConfiguration: {
          // Clients cannot override the results location, encryption or the scan limit.
          EnforceWorkGroupConfiguration: true,
          EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
          BytesScannedCutoffPerQuery: '${param:athenaBytesScannedCutoffPerQuery}',
          PublishCloudWatchMetricsEnabled: true,
          RequesterPaysEnabled: false,
          ResultConfiguration: {
            OutputLocation: sub(`s3://\${${RESULTS}}/${RESULTS_PREFIX}`),
            EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
            ExpectedBucketOwner: ref('AWS::AccountId'),
          },
        },
      },
    },
  };
}

/** What running the saved queries needs, on this stage's resources only. */
function analystPolicy(): Record<string, unknown> {
  const arn = (service: string, resource: string) =>
    sub(`arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${resource}`);
  const dataBuckets = ['RawBucket', 'ProcessedBucket'];
  return {
    AnalystPolicy: {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        ManagedPolicyName: sub('${param:app}-${sls:stage}-analyst-${AWS::Region}'),
        Description: "Query the stage's lake with Athena: its workgroup, catalog and buckets, read-only.",
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'RunQueriesInTheWorkGroup',
              Effect: 'Allow',
              Action: [
                'athena:StartQueryExecution',
                'athena:StopQueryExecution',
                'athena:GetQueryExecution',
                'athena:GetQueryResults',
                'athena:ListQueryExecutions',
                'athena:GetWorkGroup',
                'athena:ListNamedQueries',
                'athena:GetNamedQuery',
                'athena:BatchGetNamedQuery',
              ],
              Resource: arn('athena', 'workgroup/${AthenaWorkGroup}'),
            },
            {
              Sid: 'ReadTheCatalog',
              Effect: 'Allow',
              Action: [
                'glue:GetDatabase',
                'glue:GetTable',
                'glue:GetTables',
                'glue:GetPartition',
                'glue:GetPartitions',
              ],
              Resource: [
                arn('glue', 'catalog'),
                arn('glue', 'database/${CatalogDatabase}'),
                arn('glue', 'table/${CatalogDatabase}/*'),
              ],
            },
            {
              Sid: 'ListTheLake',
              Effect: 'Allow',
              Action: ['s3:ListBucket', 's3:GetBucketLocation'],
              Resource: dataBuckets.map((b) => ({ 'Fn::GetAtt': `${b}.Arn` })),
            },
            {
              Sid: 'ReadTheLake',
              Effect: 'Allow',
              Action: 's3:GetObject',
              Resource: [
                ...['raw/*', 'quarantine/*'].map((p) => sub(`\${RawBucket.Arn}/${p}`)),
                ...['processed/*', 'curated/*', 'quarantine/*'].map((p) =>
                  sub(`\${ProcessedBucket.Arn}/${p}`),
                ),
              ],
            },
            {
              Sid: 'WriteAndReadResults',
              Effect: 'Allow',
              Action: [
                's3:ListBucket',
                's3:GetBucketLocation',
                's3:GetObject',
                's3:PutObject',
                's3:AbortMultipartUpload',
                's3:ListMultipartUploadParts',
              ],
              Resource: [{ 'Fn::GetAtt': `${RESULTS}.Arn` }, sub(`\${${RESULTS}.Arn}/${RESULTS_PREFIX}*`)],
            },
          ],
        },
      },
    },
  };
}

function namedQuery(query: SavedQuery): Record<string, unknown> {
  return {
    [namedQueryResourceId(query)]: {
      Type: 'AWS::Athena::NamedQuery',
      Properties: {
        Name: query.name,
        Description: query.description,
        Database: ref('CatalogDatabase'),
        WorkGroup: ref('AthenaWorkGroup'),
        QueryString: query.sql,
      },
    },
  };
}

/** The fragment as a CloudFormation document (Serverless `${param:...}` variables left in place). */
export function catalogFragment(queries: readonly SavedQuery[]): Record<string, unknown> {
  const tables = Object.fromEntries(
    LAKE_TABLES.map((table) => [
      tableResourceId(table),
      {
        Type: 'AWS::Glue::Table',
        Properties: {
          CatalogId: ref('AWS::AccountId'),
          DatabaseName: ref('CatalogDatabase'),
          TableInput: glueTableInput(table),
        },
      },
    ]),
  );
  return {
    Resources: {
      CatalogDatabase: {
        Type: 'AWS::Glue::Database',
        Properties: {
          CatalogId: ref('AWS::AccountId'),
          DatabaseInput: {
            Name: '${param:catalogDatabaseName}',
            Description: 'The event pipeline lake: raw, processed, quarantined and curated events.',
          },
        },
      },
      ...tables,
      ...workGroup(),
      ...resultsBucket(),
      ...analystPolicy(),
      ...Object.assign({}, ...queries.map(namedQuery)),
    },
    Outputs: {
      CatalogDatabaseName: { Value: ref('CatalogDatabase') },
      AthenaWorkGroupName: { Value: ref('AthenaWorkGroup') },
      AthenaResultsBucketName: { Value: ref(RESULTS) },
      AnalystPolicyArn: { Value: ref('AnalystPolicy') },
    },
  };
}

const HEADER = `# GENERATED by \`npm run generate\` (packages/query/scripts/generate-catalog.ts): do not edit.
# The catalog and query side of the lake (docs/architecture.md §9): the tables come from
# packages/query/src/catalog/tables.ts (event columns from packages/schema), the named queries
# from queries/*.sql. A test fails while this file differs from what they generate.
`;

export function renderCatalogFragment(queries: readonly SavedQuery[]): string {
  return HEADER + stringify(catalogFragment(queries), { lineWidth: 0, aliasDuplicateObjects: false });
}
