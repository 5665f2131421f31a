/**
 * The infrastructure stack's CloudFormation template for a stage, assembled the way
 * `sls package` assembles it: the root `serverless.yml`'s `resources` (the fragments under
 * `resources/`), with its Serverless variables resolved for the stage. Without a root
 * serverless.yml, every `resources/*.yml` fragment is merged in name order.
 *
 * Superseded by the compiled templates (compiled-templates.ts): see service-functions.ts.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readYaml, stageParams, VariableResolver } from './serverless-variables.js';

export interface CloudFormationResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Condition?: string;
  DependsOn?: unknown;
}

export interface CloudFormationTemplate {
  Parameters: Record<string, { Default?: unknown }>;
  Mappings: Record<string, Record<string, Record<string, unknown>>>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, CloudFormationResource>;
  Outputs: Record<string, { Value: unknown; Export?: { Name: unknown }; Condition?: string }>;
}

export interface StackSource {
  /** The repository root (where serverless.yml, resources/ and config/ are). */
  rootDir: string;
  stage: string;
  region: string;
  accountId: string;
}

export interface LoadedStack {
  template: CloudFormationTemplate;
  /** The stage's parameters (config/stages.yml). */
  params: Record<string, unknown>;
  service: string;
  /** `<service>-<stage>`, as Serverless names the CloudFormation stack. */
  stackName: string;
  /** The files the template came from, for messages. */
  files: string[];
}

const SECTIONS = ['Parameters', 'Mappings', 'Conditions', 'Resources', 'Outputs'] as const;

function emptyTemplate(): CloudFormationTemplate {
  return { Parameters: {}, Mappings: {}, Conditions: {}, Resources: {}, Outputs: {} };
}

function mergeFragment(into: CloudFormationTemplate, fragment: unknown, source: string): void {
  if (fragment === null || fragment === undefined) return;
  if (typeof fragment !== 'object' || Array.isArray(fragment))
    throw new Error(`${source}: a resources fragment must be a map with Resources/Outputs/...`);
  for (const [section, entries] of Object.entries(fragment)) {
    if (!(SECTIONS as readonly string[]).includes(section)) continue;
    const target = into[section as (typeof SECTIONS)[number]] as Record<string, unknown>;
    for (const [name, value] of Object.entries((entries ?? {}) as Record<string, unknown>)) {
      if (name in target) throw new Error(`${source}: ${section}.${name} is defined twice`);
      target[name] = value;
    }
  }
}

export function loadStackTemplate(source: StackSource): LoadedStack {
  const { rootDir, stage, region, accountId } = source;
  const serverlessFile = join(rootDir, 'serverless.yml');
  const hasServerless = existsSync(serverlessFile);
  const raw = (hasServerless ? readYaml(serverlessFile) : {}) as Record<string, unknown>;

  const bootstrap = new VariableResolver({
    stage,
    region,
    accountId,
    params: {},
    self: raw,
    baseDir: rootDir,
  });
  const paramsSource =
    raw.params !== undefined
      ? bootstrap.resolveShallow(raw.params, 'serverless.yml params')
      : readYaml(join(rootDir, 'config', 'stages.yml'));
  const params = stageParams(paramsSource, stage);
  const self = hasServerless ? raw : { service: params.app, provider: { stage, region } };
  const resolver = new VariableResolver({ stage, region, accountId, params, self, baseDir: rootDir });
  const service = String(resolver.resolve(self.service, 'service'));

  const template = emptyTemplate();
  const files: string[] = [];
  const resources = hasServerless ? raw.resources : undefined;
  if (resources !== undefined) {
    files.push(serverlessFile);
    const fragments = Array.isArray(resources) ? resources : [resources];
    fragments.forEach((fragment, i) => {
      const where = `serverless.yml resources[${i}]`;
      if (typeof fragment === 'string') {
        const file = /\$\{file\(([^)]+)\)/.exec(fragment)?.[1];
        if (file !== undefined) files.push(join(rootDir, file.trim()));
      }
      mergeFragment(template, resolver.resolve(fragment, where), where);
    });
  } else {
    const dir = join(rootDir, 'resources');
    const names = existsSync(dir) ? readdirSync(dir).filter((name) => /\.ya?ml$/.test(name)) : [];
    for (const name of names.sort()) {
      const file = join(dir, name);
      files.push(file);
      mergeFragment(template, resolver.resolve(readYaml(file), `resources/${name}`), `resources/${name}`);
    }
  }
  if (Object.keys(template.Resources).length === 0)
    throw new Error(
      `no CloudFormation resources found in ${hasServerless ? serverlessFile : join(rootDir, 'resources')}`,
    );
  return { template, params, service, stackName: `${service}-${stage}`, files };
}
