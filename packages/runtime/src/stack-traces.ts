/**
 * Stack traces that name the TypeScript sources, without Node's `--enable-source-maps`: that
 * flag reads and parses the source map of every bundle and chunk as it loads, about a sixth
 * of a function's cold start (bench/cold-start), to use it only if an error's stack is ever
 * read. Here a file's map is read the first time a stack through that file is formatted.
 */
import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapping } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The map a generated file names (`//# sourceMappingURL=`), parsed; undefined without one. */
export type SourceMapLoader = (file: string) => SourceMap | undefined;

const MAPPING_URL = /\/\/# sourceMappingURL=(\S+)\s*$/;

/** Reads `file`'s linked source map from disk (a data: URL is not looked for: the bundles link theirs). */
export function readLinkedSourceMap(file: string): SourceMap | undefined {
  try {
    const path = file.startsWith('file:') ? fileURLToPath(file) : file;
    const tail = readFileSync(path, 'utf8').slice(-1000);
    const link = MAPPING_URL.exec(tail)?.[1];
    if (link === undefined || link.startsWith('data:')) return undefined;
    const mapUrl = new URL(link, pathToFileURL(path));
    const payload = JSON.parse(readFileSync(mapUrl, 'utf8')) as ConstructorParameters<typeof SourceMap>[0];
    // Sources are relative to the map: resolved once, so that frames name absolute paths.
    const sources = payload.sources.map((source) => {
      const url = new URL(source, mapUrl);
      return url.protocol === 'file:' ? fileURLToPath(url) : url.href;
    });
    return new SourceMap({ ...payload, sources });
  } catch {
    return undefined;
  }
}

/** One frame as V8 writes it, its generated position replaced by the original one where the map has it. */
function mappedFrame(callSite: NodeJS.CallSite, mapOf: (file: string) => SourceMap | undefined): string {
  const frame = String(callSite);
  const file = callSite.getFileName();
  const line = callSite.getLineNumber();
  const column = callSite.getColumnNumber();
  if (file === undefined || file === null || line === null || column === null) return frame;
  const map = mapOf(file);
  if (map === undefined) return frame;
  const entry = map.findEntry(line - 1, column - 1) as Partial<SourceMapping>;
  if (entry.originalSource === undefined || entry.originalLine === undefined) return frame;
  const original = `${entry.originalSource}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
  return frame.replace(`${file}:${line}:${column}`, original);
}

/** V8's own layout (the error's toString, then a line per frame), each frame source-mapped. */
export function formatStack(
  error: Error,
  callSites: readonly NodeJS.CallSite[],
  mapOf: (file: string) => SourceMap | undefined,
): string {
  let header: string;
  try {
    header = Error.prototype.toString.call(error);
  } catch {
    header = '<error>';
  }
  return [header, ...callSites.map((callSite) => `    at ${mappedFrame(callSite, mapOf)}`)].join('\n');
}

/**
 * Formats every stack from here on with source-mapped frames, each file's map read on first
 * use; false (nothing done) where Node maps them already (`--enable-source-maps`).
 */
export function mapStackTracesLazily(load: SourceMapLoader = readLinkedSourceMap): boolean {
  if (process.sourceMapsEnabled) return false;
  const maps = new Map<string, SourceMap | undefined>();
  const mapOf = (file: string): SourceMap | undefined => {
    if (!maps.has(file)) maps.set(file, load(file));
    return maps.get(file);
  };
  Error.prepareStackTrace = (error, callSites) => formatStack(error, callSites, mapOf);
  return true;
}
