/**
 * The per-stage parameters of config/stages.yml, resolved the way Serverless resolves them for a
 * stack: the stage's block merged over `default`, then `${param:name}` and `${sls:stage}` substituted.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isPlainObject } from '@event-pipeline/schema';
import { parse } from 'yaml';

export type StageParams = Readonly<Record<string, string | number | boolean>>;

export const STAGES_FILE = 'config/stages.yml';

export function resolveStageParams(document: unknown, stage: string): StageParams {
  if (!isPlainObject(document) || !isPlainObject(document.default)) {
    throw new Error(`${STAGES_FILE} must map 'default' (and each stage) to parameters`);
  }
  const stageBlock = document[stage];
  const merged: Record<string, unknown> = {
    ...document.default,
    ...(isPlainObject(stageBlock) ? stageBlock : {}),
  };
  const resolved: Record<string, string | number | boolean> = {};
  const resolving = new Set<string>();
  const resolve = (name: string): string | number | boolean => {
    if (name in resolved) return resolved[name]!;
    const raw = merged[name];
    if (raw === undefined) throw new Error(`${STAGES_FILE}: no parameter '${name}' for stage '${stage}'`);
    if (typeof raw !== 'string') {
      if (typeof raw !== 'number' && typeof raw !== 'boolean') {
        throw new Error(`${STAGES_FILE}: parameter '${name}' must be a string, number or boolean`);
      }
      resolved[name] = raw;
      return raw;
    }
    if (resolving.has(name)) throw new Error(`${STAGES_FILE}: parameter '${name}' refers to itself`);
    resolving.add(name);
    const value = raw.replace(/\$\{([^}]+)\}/g, (_, variable: string) => {
      const v = variable.trim();
      if (v === 'sls:stage') return stage;
      if (v.startsWith('param:')) return String(resolve(v.slice('param:'.length)));
      throw new Error(
        `${STAGES_FILE}: parameter '${name}' uses \${${v}}; only \${param:...} and \${sls:stage} are supported`,
      );
    });
    resolving.delete(name);
    resolved[name] = value;
    return value;
  };
  for (const name of Object.keys(merged)) resolve(name);
  return resolved;
}

export async function loadStageParams(repoRoot: string, stage: string): Promise<StageParams> {
  return resolveStageParams(parse(await readFile(join(repoRoot, STAGES_FILE), 'utf8')), stage);
}

/** A parameter that must be a number (Serverless passes YAML numbers through as numbers). */
export function numberParam(params: StageParams, name: string): number {
  const value = params[name];
  if (typeof value !== 'number')
    throw new Error(`${STAGES_FILE}: parameter '${name}' must be a number, is ${String(value)}`);
  return value;
}

export function stringParam(params: StageParams, name: string): string {
  const value = params[name];
  if (typeof value !== 'string')
    throw new Error(`${STAGES_FILE}: parameter '${name}' must be a string, is ${String(value)}`);
  return value;
}

export function booleanParam(params: StageParams, name: string): boolean {
  const value = params[name];
  if (typeof value !== 'boolean')
    throw new Error(`${STAGES_FILE}: parameter '${name}' must be true or false, is ${String(value)}`);
  return value;
}
