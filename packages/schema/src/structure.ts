/**
 * What the JSON Schemas cannot say about a parsed record, found in one pass: nesting beyond
 * MAX_NESTING_DEPTH (JSON.parse accepts 500,000 levels within 1 MiB), forbidden keys,
 * strings with unpaired surrogates, numbers that overflowed to Infinity, and the member count
 * the duplicate-key proof needs (duplicate-keys.ts). The pass builds no paths: a path is
 * only looked for, breadth first, once a problem is known to exist.
 */
import { pointerToken } from './json-pointer.js';
import { MAX_NESTING_DEPTH } from './schemas.js';

/**
 * Keys that pollute prototypes in consumers that merge objects (`Object.assign`, deep merge).
 * JSON.parse makes them harmless own properties, but the lake must not carry them onwards.
 */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

// String.prototype.isWellFormed is ES2024 (Node 20+); the project's lib is ES2023.
const isWellFormed = (text: string): boolean => (text as string & { isWellFormed(): boolean }).isWellFormed();

const isContainer = (value: unknown): value is object => typeof value === 'object' && value !== null;

/**
 * The findings of one pass. Recursive, but never deeper than MAX_NESTING_DEPTH + 1 calls: it
 * stops at the first container past the limit. (It runs on every record: about 80 ns for a
 * typical event, where an explicit stack of nodes measured several times slower.)
 */
export class StructureScan {
  /** Some object or array sits deeper than MAX_NESTING_DEPTH (the scan stopped there). */
  tooDeep = false;
  forbiddenKey = false;
  /** Some key or string holds an unpaired UTF-16 surrogate (only looked for when asked). */
  loneSurrogate = false;
  /** Some number is not finite: JSON has no Infinity, but 1e400 parses to it. */
  nonFinite = false;
  /**
   * Object members in the parsed value, counted with for...in (30-100 ns a record faster than
   * Object.keys): exact unless Object.prototype has enumerable keys (duplicate-keys.ts checks).
   */
  keys = 0;

  constructor(
    root: unknown,
    /** Look for lone surrogates (needless when the text has no `\u` escape of one). */
    private readonly checkStrings: boolean,
  ) {
    this.visit(root, 1);
  }

  /** false once the scan must stop (too deep). */
  private visit(value: unknown, depth: number): boolean {
    if (typeof value === 'object') {
      if (value === null) return true;
      if (depth > MAX_NESTING_DEPTH) {
        this.tooDeep = true;
        return false;
      }
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!this.visit(value[i], depth + 1)) return false;
        return true;
      }
      for (const key in value) {
        this.keys++;
        // Every forbidden key is 9 or 11 characters long: most keys skip the set lookup.
        if ((key.length === 9 || key.length === 11) && FORBIDDEN_KEYS.has(key)) this.forbiddenKey = true;
        if (this.checkStrings && !isWellFormed(key)) this.loneSurrogate = true;
        if (!this.visit((value as Record<string, unknown>)[key], depth + 1)) return false;
      }
      return true;
    }
    if (typeof value === 'number') {
      if (value - value !== 0) this.nonFinite = true;
    } else if (this.checkStrings && typeof value === 'string' && !isWellFormed(value)) {
      this.loneSurrogate = true;
    }
    return true;
  }
}

export interface Found {
  path: string;
  value: unknown;
}

/**
 * The JSON Pointer (and the value) of the shallowest value or key that `test` accepts,
 * breadth first. `depth` is the value's nesting level, the root being level 1. Slow path only.
 */
function firstPathWhere(
  root: unknown,
  test: (value: unknown, key: string | undefined, depth: number) => boolean,
): Found | undefined {
  const queue: Array<{ node: unknown; path: string; depth: number }> = [{ node: root, path: '', depth: 1 }];
  for (let i = 0; i < queue.length; i++) {
    const { node, path, depth } = queue[i]!;
    if (!isContainer(node)) continue;
    const entries: Array<[string | undefined, string, unknown]> = Array.isArray(node)
      ? node.map((item, index) => [undefined, String(index), item])
      : Object.keys(node).map((key) => [key, pointerToken(key), (node as Record<string, unknown>)[key]]);
    for (const [key, token, value] of entries) {
      const at = `${path}/${token}`;
      if (test(value, key, depth + 1)) return { path: at, value };
      queue.push({ node: value, path: at, depth: depth + 1 });
    }
  }
  return undefined;
}

export const tooDeepAt = (root: unknown): Found | undefined =>
  firstPathWhere(root, (value, _key, depth) => isContainer(value) && depth > MAX_NESTING_DEPTH);

export const forbiddenKeyAt = (root: unknown): Found | undefined =>
  firstPathWhere(root, (_value, key) => key !== undefined && FORBIDDEN_KEYS.has(key));

export const loneSurrogateAt = (root: unknown): Found | undefined =>
  firstPathWhere(
    root,
    (value, key) =>
      (key !== undefined && !isWellFormed(key)) || (typeof value === 'string' && !isWellFormed(value)),
  );

export const nonFiniteNumberAt = (root: unknown): Found | undefined =>
  firstPathWhere(root, (value) => typeof value === 'number' && !Number.isFinite(value));
