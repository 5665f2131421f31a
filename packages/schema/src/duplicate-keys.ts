/**
 * Duplicate keys: `{"amount": 1, "amount": 1e6}` is valid JSON, JSON.parse keeps the last
 * value and other parsers keep the first, so two readers of the same record would disagree.
 * They are refused; the parsed value cannot show them, only the text can.
 *
 * Tokenising every record would cost more than parsing it, so the usual case is settled by
 * counting. Outside strings, every `:` separates one object member, so the text holds
 * `colons(text) - colons inside its strings` members, and it holds more than the parsed value
 * exactly when a key was repeated (JSON.parse collapsed it). Unless the text has a `\u003a`
 * escape, every colon in a parsed string is a literal colon inside a string of the text, so
 * the colons of any subset of the parsed strings are a lower bound of the colons inside the
 * text's strings, and `colons(text) === members + colons of some parsed strings` proves there
 * is no duplicate. The subset tried first is the timestamp, the only string of a typical event
 * with colons; then all strings. Only when both fail (or with a `\u003a` escape) does the
 * exact scanner run, and then it also finds the path.
 */
import { pointer } from './json-pointer.js';

const COLON_ESCAPE = /\\u003[aA]/;

/** `:` characters in a text. */
function colonsIn(text: string): number {
  let count = 0;
  for (let at = text.indexOf(':'); at !== -1; at = text.indexOf(':', at + 1)) count++;
  return count;
}

/** Colons in every key and string of a value no deeper than MAX_NESTING_DEPTH (so recursion is bounded). */
function stringColonsIn(value: unknown): number {
  if (typeof value === 'string') return colonsIn(value);
  if (typeof value !== 'object' || value === null) return 0;
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) count += stringColonsIn(item);
  } else {
    for (const [key, item] of Object.entries(value)) count += colonsIn(key) + stringColonsIn(item);
  }
  return count;
}

/** for...in, which counted the members, also yields enumerable keys of a polluted prototype. */
function prototypeIsClean(): boolean {
  for (const _key in Object.prototype) return false;
  return true;
}

function timestampColons(value: unknown): number {
  const timestamp = (value as { timestamp?: unknown } | null)?.timestamp;
  return typeof timestamp === 'string' ? colonsIn(timestamp) : 0;
}

/**
 * The JSON Pointer of the first duplicate key of `text`, or undefined when it has none.
 * `value` is what JSON.parse made of `text`, already checked to nest at most
 * MAX_NESTING_DEPTH; `members` counts its object members (StructureScan.keys, for...in);
 * `hasEscapes`: `text` holds a `\`.
 */
export function duplicateKeyIn(
  text: string,
  value: unknown,
  members: number,
  hasEscapes: boolean,
): string | undefined {
  if (!(hasEscapes && COLON_ESCAPE.test(text)) && prototypeIsClean()) {
    const colons = colonsIn(text);
    if (colons === members + timestampColons(value)) return undefined;
    if (colons === members + stringColonsIn(value)) return undefined;
  }
  return findDuplicateKey(text);
}

/** Index of the quote closing the string that opens at `start`. */
function endOfString(text: string, start: number): number {
  let at = text.indexOf('"', start + 1);
  for (;;) {
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return at;
    at = text.indexOf('"', at + 1);
  }
}

interface Frame {
  /** The keys seen so far (objects), or undefined (arrays). */
  keys: Set<string> | undefined;
  index: number;
}

/**
 * The exact scan: the JSON Pointer of the first key, in text order, that its object already
 * had (keys compared after unescaping, as JSON.parse compares them), or undefined. `text`
 * must be valid JSON (it has been parsed); iterative, so depth is no concern.
 */
export function findDuplicateKey(text: string): string | undefined {
  const frames: Frame[] = [];
  const tokens: Array<string | number> = [];
  let expectKey = false;
  for (let at = 0; at < text.length; at++) {
    switch (text.charCodeAt(at)) {
      case 0x7b: // {
        frames.push({ keys: new Set(), index: 0 });
        tokens.push('');
        expectKey = true;
        break;
      case 0x5b: // [
        frames.push({ keys: undefined, index: 0 });
        tokens.push(0);
        expectKey = false;
        break;
      case 0x7d: // }
      case 0x5d: // ]
        frames.pop();
        tokens.pop();
        expectKey = false; // an empty {} leaves it set
        break;
      case 0x2c: {
        // ,
        const frame = frames[frames.length - 1]!;
        if (frame.keys === undefined) tokens[tokens.length - 1] = ++frame.index;
        else expectKey = true;
        break;
      }
      case 0x22: {
        // "
        const end = endOfString(text, at);
        if (expectKey) {
          const raw = text.slice(at + 1, end);
          const key = raw.includes('\\') ? (JSON.parse(text.slice(at, end + 1)) as string) : raw;
          const keys = frames[frames.length - 1]!.keys!;
          tokens[tokens.length - 1] = key;
          if (keys.has(key)) return pointer(tokens);
          keys.add(key);
          expectKey = false;
        }
        at = end;
        break;
      }
    }
  }
  return undefined;
}
