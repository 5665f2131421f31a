/**
 * The hostile input corpus (fixtures/hostile/corpus.json): records that are wrong in every way
 * we could think of, each with the code validation must give it ('valid' for the edge cases
 * that must pass). Large inputs are recipes, built here, so the committed file stays small.
 */
import { readFileSync } from 'node:fs';
import { ERROR_CODES, type ErrorCode } from '../../src/index.js';

/**
 * `repeat` `times` times; `fill_to_bytes`: a 1-byte `repeat` as often as makes the whole record
 * that many bytes (its placeholder used once).
 */
type Part =
  | { repeat: string; times: number }
  | { repeat: string; fill_to_bytes: number }
  | { repeat_base64: string; times: number }
  /** `<<i>>` in it becomes 0, 1, 2...: `times` distinct copies. */
  | { repeat_indexed: string; times: number };

/** A template whose `<<n>>` placeholders are replaced by `parts[n]`. */
export interface Recipe {
  template: string;
  parts: Part[];
}

export interface HostileCase {
  name: string;
  /** What the case is about, to check the corpus covers everything issue 8 lists. */
  topic: string;
  expected_code: ErrorCode | 'valid';
  expected_path?: string;
  payload_utf8?: string;
  payload_base64?: string;
  recipe?: Recipe;
}

export const CORPUS_PATH = new URL('../fixtures/hostile/corpus.json', import.meta.url);
const PLACEHOLDER = /<<(\d+)>>/g;

function check(entry: HostileCase, index: number): HostileCase {
  const where = `corpus.json[${index}] (${JSON.stringify(entry.name)})`;
  const payloads = ['payload_utf8', 'payload_base64', 'recipe'].filter((key) => key in entry);
  if (payloads.length !== 1)
    throw new Error(`${where} needs exactly one of payload_utf8, payload_base64, recipe`);
  if (entry.expected_code !== 'valid' && !(ERROR_CODES as readonly string[]).includes(entry.expected_code))
    throw new Error(`${where} has an unknown expected_code ${entry.expected_code}`);
  if (typeof entry.topic !== 'string' || entry.topic === '') throw new Error(`${where} needs a topic`);
  return entry;
}

export function loadHostileCorpus(): HostileCase[] {
  const entries = JSON.parse(readFileSync(CORPUS_PATH, 'utf8')) as HostileCase[];
  return entries.map(check);
}

function partBytes(part: Part, bytesWithoutIt: number): Buffer {
  if ('repeat_base64' in part) {
    const unit = Buffer.from(part.repeat_base64, 'base64');
    return Buffer.alloc(unit.length * part.times, unit);
  }
  if ('repeat_indexed' in part) {
    const copies: string[] = [];
    for (let i = 0; i < part.times; i++) copies.push(part.repeat_indexed.replaceAll('<<i>>', String(i)));
    return Buffer.from(copies.join(''));
  }
  if ('fill_to_bytes' in part) {
    const unit = Buffer.from(part.repeat);
    const missing = part.fill_to_bytes - bytesWithoutIt;
    if (unit.length !== 1 || missing < 0)
      throw new Error(`cannot fill to ${part.fill_to_bytes} bytes with ${part.repeat}`);
    return Buffer.alloc(missing, unit);
  }
  return Buffer.from(part.repeat.repeat(part.times));
}

function build({ template, parts }: Recipe): Buffer {
  const pieces = template.split(PLACEHOLDER); // text, index, text, index, ..., text
  const built = new Map<number, Buffer>();
  const sizeOfBuilt = (): number => {
    let size = 0;
    pieces.forEach((piece, i) => {
      size += i % 2 === 0 ? Buffer.byteLength(piece) : (built.get(Number(piece))?.length ?? 0);
    });
    return size;
  };
  // Fixed parts first, so a fill part knows how many bytes the rest takes.
  const order = parts
    .map((_, i) => i)
    .sort((a, b) => Number('fill_to_bytes' in parts[a]!) - Number('fill_to_bytes' in parts[b]!));
  for (const index of order) built.set(index, partBytes(parts[index]!, sizeOfBuilt()));
  return Buffer.concat(
    pieces.map((piece, i) => {
      if (i % 2 === 0) return Buffer.from(piece);
      const part = built.get(Number(piece));
      if (part === undefined) throw new Error(`the template uses <<${piece}>> but has no such part`);
      return part;
    }),
  );
}

const cache = new Map<HostileCase, Buffer>();

/** The record's bytes, as a producer would put them on the stream. */
export function payloadOf(entry: HostileCase): Buffer {
  let bytes = cache.get(entry);
  if (bytes === undefined) {
    if (entry.payload_utf8 !== undefined) bytes = Buffer.from(entry.payload_utf8, 'utf8');
    else if (entry.payload_base64 !== undefined) bytes = Buffer.from(entry.payload_base64, 'base64');
    else bytes = build(entry.recipe!);
    cache.set(entry, bytes);
  }
  return bytes;
}
