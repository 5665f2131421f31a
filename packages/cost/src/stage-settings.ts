/**
 * What a stage deploys, as far as its bill goes, read from the repository itself: the stage's
 * parameters (config/stages.yml, default <- stage, through packages/infra's resolver), each
 * function's memory and tracing (services/<service>/serverless.yml), and the billable resources
 * of the CloudFormation fragments (alarms, dashboards, keys, shard-level metrics, backups).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  numberParam,
  resolveStageParams,
  STAGES_FILE,
  type StageParams,
  stringParam,
} from '@event-pipeline/infra';
import type { LogLevel } from '@event-pipeline/runtime';
import { isPlainObject } from '@event-pipeline/schema';
import { parse } from 'yaml';
import { ASSUMPTIONS } from './assumptions.js';
import { PRICES } from './prices.js';

/** The levels a stage's functions may log at (config/stages.yml logLevel): Powertools' less SILENT. */
export const STAGE_LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const satisfies readonly LogLevel[];
export type StageLogLevel = (typeof STAGE_LOG_LEVELS)[number];

export interface FunctionSettings {
  memoryMb: number;
  traced: boolean;
  /** Where the figures come from: the service's serverless.yml, or an assumption until it exists. */
  source: string;
}

export interface StageSettings {
  stage: string;
  stream: { shards: number; retentionHours: number; shardLevelMetricsPerShard: number };
  ingest: FunctionSettings & { batchSize: number; batchWindowSeconds: number };
  transform: FunctionSettings;
  compact: FunctionSettings & { everyMinutes: number };
  logLevel: StageLogLevel;
  logRetentionDays: number;
  lake: {
    glacierTransitionDays: number;
    /** Objects at most this big stay in S3 Standard (the transition rule's ObjectSizeGreaterThan). */
    glacierMinimumObjectBytes: number;
    noncurrentVersionExpirationDays: number;
    /** 0: processed/ JSON Lines are kept (no expiration rule). */
    processedExpirationDays: number;
  };
  ledger: { pitr: boolean; indexes: number };
  monitoring: { alarmMetrics: number; dashboards: number; customerManagedKeys: number };
  /** The stage's reference workload, `npm run cost`'s default. */
  workload: { eventsPerSecond: number; eventBytes: number };
}

export class UnknownStageError extends Error {
  override name = 'UnknownStageError';
}

type Doc = Record<string, unknown>;

/** YAML with CloudFormation's short tags (!Ref, !Sub ...): read as plain values, which is all a count needs. */
function readYaml(path: string): Doc {
  const document: unknown = parse(readFileSync(path, 'utf8'), { logLevel: 'silent' });
  if (!isPlainObject(document)) throw new Error(`${path}: not a YAML mapping`);
  return document;
}

/** The stages a stages file defines: every top-level key but `default`. */
const stageNames = (document: Doc): string[] => Object.keys(document).filter((key) => key !== 'default');

/** The stages config/stages.yml defines. */
export function stagesOf(rootDir: string): string[] {
  return stageNames(readYaml(join(rootDir, STAGES_FILE)));
}

/** A value that is exactly `${param:name}` is that parameter of the stage; any other is itself. */
function paramValue(value: unknown, params: StageParams): unknown {
  const param = typeof value === 'string' ? /^\$\{param:([A-Za-z0-9]+)\}$/.exec(value) : null;
  return param ? params[param[1]!] : value;
}

function numberValue(value: unknown, params: StageParams, what: string): number {
  const resolved = paramValue(value, params);
  if (typeof resolved === 'number') return resolved;
  throw new Error(`${what}: expected a number or \${param:...} of one, got ${JSON.stringify(value)}`);
}

/** A service's function (`functionName`, or its only one): its memory and whether it is traced. */
function functionSettings(
  rootDir: string,
  service: string,
  params: StageParams,
  functionName?: string,
): FunctionSettings | undefined {
  const file = join(rootDir, 'services', service, 'serverless.yml');
  if (!existsSync(file)) return undefined;
  const document = readYaml(file);
  const provider = isPlainObject(document.provider) ? document.provider : {};
  const functions = isPlainObject(document.functions) ? document.functions : {};
  const fn = functionName === undefined ? Object.values(functions)[0] : functions[functionName];
  if (!isPlainObject(fn)) throw new Error(`${file}: no function '${functionName ?? '(any)'}'`);
  const providerTracing = isPlainObject(provider.tracing) ? provider.tracing.lambda : undefined;
  const tracing = fn.tracing ?? providerTracing;
  return {
    // Lambda's default when serverless.yml says nothing is 1,024 MB (osls' provider default).
    memoryMb: numberValue(fn.memorySize ?? provider.memorySize ?? 1024, params, `${file} memorySize`),
    traced: tracing === true || tracing === 'Active',
    source: `services/${service}/serverless.yml`,
  };
}

/** Every resource of every fragment under resources/, and of the services' own `resources:`. */
function resourcesOf(rootDir: string): Doc[] {
  const files = readdirSync(join(rootDir, 'resources'))
    .filter((name) => name.endsWith('.yml'))
    .map((name) => readYaml(join(rootDir, 'resources', name)).Resources);
  for (const service of ['ingest', 'transform', 'compact']) {
    const file = join(rootDir, 'services', service, 'serverless.yml');
    if (!existsSync(file)) continue;
    const { resources } = readYaml(file);
    if (isPlainObject(resources)) files.push(resources.Resources);
  }
  return files.flatMap((resources) =>
    isPlainObject(resources) ? Object.values(resources).filter(isPlainObject) : [],
  );
}

function propertiesOf(resource: Doc): Doc {
  return isPlainObject(resource.Properties) ? resource.Properties : {};
}

/** An alarm pays for each metric it watches: one, or each MetricStat of a metric-math alarm. */
function alarmMetrics(resource: Doc): number {
  const { Metrics } = propertiesOf(resource);
  if (!Array.isArray(Metrics)) return 1;
  return Metrics.filter((metric) => isPlainObject(metric) && metric.MetricStat !== undefined).length;
}

function shardLevelMetrics(resources: readonly Doc[], params: StageParams): number {
  const stream = resources.find((resource) => resource.Type === 'AWS::Kinesis::Stream');
  const metrics = stream ? propertiesOf(stream).DesiredShardLevelMetrics : undefined;
  if (!Array.isArray(metrics)) return 0;
  const names = metrics.map((metric) => paramValue(metric, params));
  return names.includes('ALL') ? PRICES.kinesis.shardLevelMetricsInAll : names.length;
}

/** Minutes between scheduled runs of a `rate(n minutes|hours)` expression. */
function scheduleMinutes(expression: string): number {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours)\)$/.exec(expression.trim());
  if (!rate) throw new Error(`compactionSchedule: expected rate(<n> minutes|hours), got '${expression}'`);
  return Number(rate[1]) * (rate[2]!.startsWith('hour') ? 60 : 1);
}

function logLevel(params: StageParams): StageLogLevel {
  const level = stringParam(params, 'logLevel').toUpperCase();
  if (!(STAGE_LOG_LEVELS as readonly string[]).includes(level))
    throw new Error(`${STAGES_FILE}: logLevel must be one of ${STAGE_LOG_LEVELS.join(', ')}, is ${level}`);
  return level as StageLogLevel;
}

export function loadStageSettings(rootDir: string, stage: string): StageSettings {
  const document = readYaml(join(rootDir, STAGES_FILE));
  const stages = stageNames(document);
  if (!stages.includes(stage))
    throw new UnknownStageError(`unknown stage '${stage}' (${STAGES_FILE} defines ${stages.join(', ')})`);
  const params = resolveStageParams(document, stage);
  const num = (name: string) => numberParam(params, name);
  const need = (settings: FunctionSettings | undefined, what: string) => {
    if (settings === undefined) throw new Error(`${what}: no serverless.yml`);
    return settings;
  };
  const resources = resourcesOf(rootDir);
  const ofType = (type: string) => resources.filter((resource) => resource.Type === type);
  const table = ofType('AWS::DynamoDB::Table')[0];
  const tableProperties = table ? propertiesOf(table) : {};
  const pitr = tableProperties.PointInTimeRecoverySpecification;
  // The compaction service may not be in this checkout yet: its settings are then the stated assumption.
  const compactDeployed = functionSettings(rootDir, 'compact', params);
  const compact = compactDeployed ?? { ...ASSUMPTIONS.compact.function };
  const schedule = params.compactionSchedule;
  return {
    stage,
    stream: {
      shards: num('streamShardCount'),
      retentionHours: num('streamRetentionHours'),
      shardLevelMetricsPerShard: shardLevelMetrics(resources, params),
    },
    ingest: {
      ...need(functionSettings(rootDir, 'ingest', params, 'processor'), 'services/ingest'),
      batchSize: num('ingestBatchSize'),
      batchWindowSeconds: num('ingestBatchWindowSeconds'),
    },
    transform: need(functionSettings(rootDir, 'transform', params, 'transformer'), 'services/transform'),
    compact: {
      ...compact,
      everyMinutes:
        typeof schedule === 'string' ? scheduleMinutes(schedule) : ASSUMPTIONS.compact.everyMinutes,
    },
    logLevel: logLevel(params),
    logRetentionDays: num('logRetentionDays'),
    lake: {
      glacierTransitionDays: num('glacierTransitionDays'),
      glacierMinimumObjectBytes: num('glacierMinimumObjectBytes'),
      noncurrentVersionExpirationDays: num('noncurrentVersionExpirationDays'),
      processedExpirationDays: num('processedExpirationDays'),
    },
    ledger: {
      pitr: isPlainObject(pitr) && pitr.PointInTimeRecoveryEnabled === true,
      indexes: Array.isArray(tableProperties.GlobalSecondaryIndexes)
        ? tableProperties.GlobalSecondaryIndexes.length
        : 0,
    },
    monitoring: {
      alarmMetrics:
        ofType('AWS::CloudWatch::Alarm').reduce((sum, alarm) => sum + alarmMetrics(alarm), 0) +
        (compactDeployed ? 0 : ASSUMPTIONS.compact.alarmMetrics),
      dashboards: ofType('AWS::CloudWatch::Dashboard').length,
      customerManagedKeys: ofType('AWS::KMS::Key').length,
    },
    workload: {
      eventsPerSecond: num('workloadEventsPerSecond'),
      eventBytes: num('workloadEventBytes'),
    },
  };
}
