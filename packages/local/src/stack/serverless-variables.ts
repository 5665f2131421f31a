/**
 * The subset of Serverless Framework variables that the stack files use, resolved the way
 * `sls package` resolves them: `${param:x}`, `${sls:stage}`, `${opt:stage}`, `${opt:region}`,
 * `${self:path.to.value}`, `${env:NAME}`, `${aws:region}`, `${aws:accountId}`, `${file(path)}`
 * and `${file(path):key}`, each with `, fallback` alternatives (another source or a literal).
 * CloudFormation's own `${AWS::Region}`-style placeholders inside `Fn::Sub` are left alone,
 * as Serverless leaves them.
 *
 * Superseded by the compiled templates (compiled-templates.ts): see service-functions.ts.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCloudFormationYaml } from '@event-pipeline/infra';

export interface VariableContext {
  stage: string;
  region: string;
  accountId: string;
  params: Record<string, unknown>;
  /** The raw (unresolved) serverless.yml, for `${self:...}`. */
  self: Record<string, unknown>;
  /** The directory `${file(...)}` paths are relative to. */
  baseDir: string;
  env?: Record<string, string | undefined>;
}

const SOURCE = String.raw`(?:param|sls|opt|self|env|aws):|file\(|strToBool\(`;
// A variable with no nested `${` inside: resolved innermost first.
const VARIABLE = new RegExp(String.raw`\$\{\s*((?:${SOURCE})[^$\{\}]*)\}`);
const WHOLE_VARIABLE = new RegExp(String.raw`^\$\{\s*((?:${SOURCE})[^$\{\}]*)\}$`);
const MAX_DEPTH = 20;

export class VariableError extends Error {
  override name = 'VariableError';
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

function pathGet(root: unknown, path: string): unknown {
  let value = root;
  for (const key of path.split('.').filter((part) => part !== '')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function readYamlFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new VariableError(`cannot read ${path}: ${(error as Error).message}`);
  }
  return parseCloudFormationYaml(text, path);
}

export class VariableResolver {
  constructor(private readonly context: VariableContext) {}

  /** Resolves every variable in `value` (strings, arrays and objects, recursively). */
  resolve(value: unknown, where = 'value', depth = 0): unknown {
    if (depth > MAX_DEPTH) throw new VariableError(`${where}: variables nest too deep (a cycle?)`);
    if (typeof value === 'string') return this.resolveString(value, where, depth);
    if (Array.isArray(value)) return value.map((item, i) => this.resolve(item, `${where}[${i}]`, depth));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, this.resolve(item, `${where}.${key}`, depth)]),
      );
    }
    return value;
  }

  /**
   * The value a lone variable points at, its own variables left for later (as Serverless
   * reads `params: ${file(...)}`: each param is resolved when it is used, in its stage).
   */
  resolveShallow(value: unknown, where = 'value'): unknown {
    const whole = typeof value === 'string' ? WHOLE_VARIABLE.exec(value) : null;
    return whole ? this.lookup(whole[1]!, where, 0) : value;
  }

  private resolveString(text: string, where: string, depth: number): unknown {
    let current: unknown = text;
    for (let guard = 0; typeof current === 'string'; guard++) {
      if (guard > 100) throw new VariableError(`${where}: too many variables in "${text}"`);
      const whole = WHOLE_VARIABLE.exec(current);
      if (whole) return this.resolve(this.lookup(whole[1]!, where, depth), where, depth + 1);
      const match = VARIABLE.exec(current);
      if (!match) return current;
      const value = this.resolve(this.lookup(match[1]!, where, depth), where, depth + 1);
      if (value !== null && typeof value === 'object')
        throw new VariableError(`${where}: \${${match[1]}} is an object and cannot be part of a string`);
      current = current.slice(0, match.index) + String(value) + current.slice(match.index + match[0].length);
    }
    return current;
  }

  /** `source:address` with `, fallback` alternatives, the first defined one wins. */
  private lookup(expression: string, where: string, depth: number): unknown {
    const alternatives = splitTopLevel(expression);
    for (const alternative of alternatives) {
      const value = this.single(alternative, where, depth);
      if (value !== undefined && value !== null) return value;
    }
    throw new VariableError(`${where}: \${${expression}} has no value (stage "${this.context.stage}")`);
  }

  private single(expression: string, where: string, depth: number): unknown {
    const literal = /^(['"])(.*)\1$/s.exec(expression);
    if (literal) return literal[2];
    if (/^-?\d+(\.\d+)?$/.test(expression)) return Number(expression);
    if (expression === 'true' || expression === 'false') return expression === 'true';
    const { context } = this;
    const file = /^file\(([^)]+)\)(?::(.+))?$/.exec(expression);
    if (file) {
      const content = readYamlFile(resolve(context.baseDir, file[1]!.trim()));
      return file[2] === undefined ? content : pathGet(content, file[2].trim());
    }
    const toBool = /^strToBool\((.+)\)$/.exec(expression);
    if (toBool) return String(this.resolve(toBool[1]!.trim(), where, depth + 1)) === 'true';
    const colon = expression.indexOf(':');
    if (colon < 0) throw new VariableError(`${where}: cannot read the variable "${expression}"`);
    const source = expression.slice(0, colon);
    const address = expression.slice(colon + 1).trim();
    switch (source) {
      case 'param':
        return context.params[address];
      case 'sls':
        if (address === 'stage') return context.stage;
        throw new VariableError(`${where}: \${sls:${address}} is not supported locally`);
      case 'opt':
        if (address === 'stage') return context.stage;
        if (address === 'region') return context.region;
        return undefined;
      case 'self':
        return this.resolve(pathGet(context.self, address), `${where} (self:${address})`, depth + 1);
      case 'env':
        return (context.env ?? process.env)[address];
      case 'aws':
        if (address === 'region') return context.region;
        if (address === 'accountId') return context.accountId;
        throw new VariableError(`${where}: \${aws:${address}} is not supported locally`);
      default:
        throw new VariableError(`${where}: unknown variable source "${source}"`);
    }
  }
}

/** Per-stage parameters: the stage's block merged over `default`, as Serverless does. */
export function stageParams(stages: unknown, stage: string): Record<string, unknown> {
  const all = (stages ?? {}) as Record<string, Record<string, unknown> | null | undefined>;
  return { ...(all.default ?? {}), ...(all[stage] ?? {}) };
}

export function readYaml(path: string): unknown {
  return readYamlFile(path);
}
