/**
 * Configuration read from the environment once, at cold start. Every problem is collected
 * and reported together, each naming the setting, so a bad deploy fails on its first
 * invocation with a message that says what to fix.
 */

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
  }
}

type Env = Record<string, string | undefined>;

export interface Setting<T> {
  read(name: string, env: Env): T;
}

class Problem extends Error {}

function raw(name: string, env: Env, fallback: string | undefined): string {
  const value = env[name]?.trim();
  if (value !== undefined && value !== '') return value;
  if (fallback !== undefined) return fallback;
  throw new Problem(`${name} is not set`);
}

/** A required (or defaulted) non-empty string, optionally matching a pattern. */
export function str(options: { default?: string; pattern?: RegExp; hint?: string } = {}): Setting<string> {
  return {
    read(name, env) {
      const value = raw(name, env, options.default);
      if (options.pattern !== undefined && !options.pattern.test(value)) {
        throw new Problem(`${name} must be ${options.hint ?? `like ${options.pattern}`}, got "${value}"`);
      }
      return value;
    },
  };
}

/** A number within bounds; `integer` refuses fractions. */
export function num(
  options: { default?: number; min?: number; max?: number; integer?: boolean } = {},
): Setting<number> {
  return {
    read(name, env) {
      const text = raw(name, env, options.default === undefined ? undefined : String(options.default));
      const value = Number(text);
      const kind = options.integer ? 'an integer' : 'a number';
      if (!Number.isFinite(value) || (options.integer && !Number.isInteger(value))) {
        throw new Problem(`${name} must be ${kind}, got "${text}"`);
      }
      if (options.min !== undefined && value < options.min)
        throw new Problem(`${name} must be >= ${options.min}, got ${value}`);
      if (options.max !== undefined && value > options.max)
        throw new Problem(`${name} must be <= ${options.max}, got ${value}`);
      return value;
    },
  };
}

export type ConfigOf<S extends Record<string, Setting<unknown>>> = {
  [K in keyof S]: S[K] extends Setting<infer T> ? T : never;
};

/** Reads every setting of `spec` from `env`; throws one ConfigError listing all problems. */
export function loadConfig<S extends Record<string, Setting<unknown>>>(
  spec: S,
  env: Env = process.env,
): ConfigOf<S> {
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [name, setting] of Object.entries(spec)) {
    try {
      config[name] = setting.read(name, env);
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config as ConfigOf<S>;
}

/** S3 bucket names: 3-63 lower-case letters, digits, dots and hyphens. */
export const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** DynamoDB table names. */
export const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
