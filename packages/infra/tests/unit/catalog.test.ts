// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation ${...} placeholders, not JavaScript templates
/**
 * The catalog expectations pass resources/catalog.yml as the stage's parameters render it, and
 * fail when a table, the workgroup or the results bucket drifts from the contract.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseCloudFormationYaml } from '../../src/cloudformation-yaml.js';
import { runStackCommand, type StackRunner } from '../../src/deploy/run-stacks.js';
import { checkCatalog } from '../../src/expectations/catalog.js';
import { loadStageParams, type StageParams } from '../../src/stage-params.js';
import type { CfnTemplate } from '../../src/template.js';
import { secureBucket, template } from '../helpers/factories.js';
import { REPO_ROOT } from '../helpers/repo.js';

/** The fragment with `${param:...}` and `${sls:stage}` resolved, beside the two data buckets it reads. */
function catalogTemplate(params: StageParams, stage: string): CfnTemplate {
  const text = readFileSync(join(REPO_ROOT, 'resources/catalog.yml'), 'utf8')
    .replaceAll('${sls:stage}', stage)
    .replace(/\$\{param:([A-Za-z]+)\}/g, (_, name: string) => String(params[name]));
  const fragment = parseCloudFormationYaml(text, 'resources/catalog.yml') as CfnTemplate;
  return template({
    ...secureBucket('RawBucket'),
    ...secureBucket('ProcessedBucket'),
    ...fragment.Resources,
  });
}

const findings = (mutate: (t: CfnTemplate) => void, params?: StageParams) => {
  const p = params ?? dev;
  const t = catalogTemplate(p, 'dev');
  mutate(t);
  return checkCatalog('infra', t, p, 'dev').map((f) => `${f.resource}.${f.property}: ${f.message}`);
};

// biome-ignore lint/suspicious/noExplicitAny: reaching into a parsed template to break one field
const props = (t: CfnTemplate, id: string) => t.Resources[id]!.Properties as Record<string, any>;

let dev: StageParams;

describe('checkCatalog', () => {
  it('passes the committed fragment for dev and prod', async () => {
    dev = await loadStageParams(REPO_ROOT, 'dev');
    const prod = await loadStageParams(REPO_ROOT, 'prod');
    expect(findings(() => {})).toEqual([]);
    expect(checkCatalog('infra', catalogTemplate(prod, 'prod'), prod, 'prod')).toEqual([]);
  });

  it('refuses a database name Athena would need quoted', () => {
    expect(findings(() => {}, { ...dev, catalogDatabaseName: 'event-pipeline-dev' })).toEqual([
      'CatalogDatabase.DatabaseInput.Name: event-pipeline-dev: Glue and Athena names are lower case letters, digits and underscores (catalogDatabaseName)',
    ]);
  });

  it('refuses a location template that leaves out a partition key or the bucket', () => {
    const dropped = findings((t) => {
      const parameters = props(t, 'RawEventsTable').TableInput.Parameters;
      parameters['storage.location.template'] = {
        'Fn::Sub':
          's3://${RawBucket}/raw/event_type=${!event_type}/year=${!year}/month=${!month}/day=${!day}/',
      };
    });
    expect(dropped).toEqual([
      'RawEventsTable.TableInput.Parameters.storage.location.template: must place partition key hour as hour=${hour}/',
    ]);
    const elsewhere = findings((t) => {
      props(t, 'QuarantineTable').TableInput.Parameters['storage.location.template'] =
        's3://other/quarantine/reason=${reason}/year=${year}/month=${month}/day=${day}/hour=${hour}/';
    });
    expect(elsewhere.join('\n')).toMatch(/QuarantineTable.*must be s3:\/\/<a bucket of this stack>/);
  });

  it('refuses projection turned off', () => {
    expect(
      findings((t) => {
        props(t, 'CuratedMetricTable').TableInput.Parameters['projection.enabled'] = 'false';
      }),
    ).toEqual(['CuratedMetricTable.TableInput.Parameters: partition projection is off']);
  });

  it('refuses a workgroup clients may override, another engine, or another scan limit', () => {
    expect(
      findings((t) => {
        const config = props(t, 'AthenaWorkGroup').WorkGroupConfiguration;
        config.EnforceWorkGroupConfiguration = false;
        config.EngineVersion = { SelectedEngineVersion: 'AUTO' };
        config.BytesScannedCutoffPerQuery = 10_000_000;
      }),
    ).toEqual([
      'AthenaWorkGroup.WorkGroupConfiguration.EnforceWorkGroupConfiguration: expected true, is false',
      'AthenaWorkGroup.WorkGroupConfiguration.EngineVersion.SelectedEngineVersion: expected "Athena engine version 3", is "AUTO"',
      `AthenaWorkGroup.WorkGroupConfiguration.BytesScannedCutoffPerQuery: expected ${dev.athenaBytesScannedCutoffPerQuery}, is 10000000`,
    ]);
  });

  it('refuses results that never expire or go elsewhere', () => {
    expect(
      findings((t) => {
        props(t, 'AthenaResultsBucket').LifecycleConfiguration.Rules[0].Status = 'Disabled';
        props(t, 'AthenaWorkGroup').WorkGroupConfiguration.ResultConfiguration.OutputLocation =
          's3://somewhere/';
      }),
    ).toEqual([
      'AthenaWorkGroup.WorkGroupConfiguration.ResultConfiguration.OutputLocation: results must go to the AthenaResultsBucket (is s3://somewhere/)',
      `AthenaResultsBucket.LifecycleConfiguration: no enabled rule expires every result after ${dev.athenaResultsExpirationDays} days (athenaResultsExpirationDays)`,
    ]);
  });

  it('refuses a named query outside the workgroup', () => {
    expect(findings((t) => void delete props(t, 'MetricAnomaliesQuery').WorkGroup)).toEqual([
      'MetricAnomaliesQuery.WorkGroup: must be saved in the AthenaWorkGroup',
    ]);
  });
});

describe('npm run remove', () => {
  it('empties the query results bucket with the data buckets', async () => {
    const emptied: string[] = [];
    const runner: StackRunner = {
      sls: async () => 0,
      identity: async () => ({ account: '123456789012', arn: 'arn:aws:iam::123456789012:user/dev' }),
      stackOutputs: async () => ({
        RawBucketName: 'raw',
        ProcessedBucketName: 'processed',
        AthenaResultsBucketName: 'results',
      }),
      emptyBucket: async (bucket) => {
        emptied.push(bucket);
        return 0;
      },
      log: () => {},
    };
    await runStackCommand(
      { command: 'remove', stage: 'dev', region: 'us-east-1', params: { dataRemovalPolicy: 'Delete' } },
      runner,
    );
    expect(emptied).toEqual(['raw', 'processed', 'results']);
  });
});
