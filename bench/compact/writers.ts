/**
 * Chooses the curated dataset's Parquet writer by measurement (issue 12): each candidate is
 * bundled as `sls package` would bundle it (config/esbuild.yml; native and WebAssembly parts
 * counted beside the bundle), then run in fresh processes: cold start (import + a first write
 * of one small row group), and rows/s and peak RSS writing `--rows` transaction rows in row
 * groups of `--group-rows`. Each measure is repeated `--repeat` times (median, min-max). Every
 * output is read back with DuckDB to check the Parquet types Athena needs. The candidates the
 * pipeline does not use are not dependencies of the repository: they are installed on first use
 * into .local/bench-writers-deps (`npm install --no-save --prefix`, from the npm registry).
 *
 *   npx tsx bench/compact/writers.ts [--rows 200000] [--group-rows 50000] [--repeat 3] [--only hyparquet ...]
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { Command } from 'commander';
import { build } from 'esbuild';
import { deployedBuildOptions } from '../cold-start/bundle.js';
import { runNode } from '../lib/child.js';
import { median } from '../lib/stats.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HERE = fileURLToPath(new URL('./writers', import.meta.url));
const CHILD = join(HERE, 'run-child.mjs');
/** Where the candidates' own packages are installed, kept between runs. */
const DEPS_DIR = join(ROOT, '.local', 'bench-writers-deps');
const DEPS_MODULES = join(DEPS_DIR, 'node_modules');

interface Candidate {
  name: string;
  entry: string;
  /** Packages that cannot be bundled (native code): shipped as they are, e.g. in a layer. */
  external?: string[];
  /** Files the bundle loads at run time (under the candidates' node_modules), copied beside it and counted in its size. */
  assets?: string[];
  /** The packages it needs that the repository does not depend on: name -> exact version. */
  packages?: Record<string, string>;
  /** A CommonJS part needs `__dirname` inside the ESM bundle. */
  dirname?: boolean;
}

const CANDIDATES: Candidate[] = [
  { name: 'hyparquet-writer', entry: 'hyparquet.ts' },
  {
    name: 'parquet-wasm + apache-arrow',
    entry: 'parquet-wasm.ts',
    assets: ['parquet-wasm/node/parquet_wasm_bg.wasm'],
    packages: { 'parquet-wasm': '0.8.0', 'apache-arrow': '21.2.0' },
    dirname: true,
  },
  { name: '@dsnp/parquetjs', entry: 'parquetjs.ts', packages: { '@dsnp/parquetjs': '1.8.8' } },
  { name: 'duckdb (@duckdb/node-api)', entry: 'duckdb.ts', external: ['@duckdb/*'] },
];

/** The native packages DuckDB needs at run time (this machine's platform build). */
const DUCKDB_NATIVE = [
  '@duckdb/node-api',
  '@duckdb/node-bindings',
  `@duckdb/node-bindings-linux-${process.arch}`,
];

/** Installs the packages a candidate needs, unless the same versions are there from a previous run. */
function installPackages(packages: Record<string, string>): void {
  const installed = (name: string) => {
    const file = join(DEPS_MODULES, name, 'package.json');
    return existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version;
  };
  const missing = Object.entries(packages).filter(([name, version]) => installed(name) !== version);
  if (missing.length === 0) return;
  mkdirSync(DEPS_DIR, { recursive: true });
  // Its own project, so that npm does not take the repository's workspaces for it.
  writeFileSync(join(DEPS_DIR, 'package.json'), '{ "private": true }\n');
  const specs = missing.map(([name, version]) => `${name}@${version}`);
  process.stderr.write(`installing ${specs.join(' ')} into ${DEPS_DIR} ...\n`);
  const result = spawnSync(
    'npm',
    ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', DEPS_DIR, ...specs],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (result.status !== 0) throw new Error(`npm install ${specs.join(' ')} failed (exit ${result.status})`);
}

function directoryBytes(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.size;
  let total = 0;
  for (const entry of readdirSync(path)) total += directoryBytes(join(path, entry));
  return total;
}

interface Built {
  file: string;
  bundleBytes: number;
  /** Assets and native packages that ship beside the bundle. */
  besideBytes: number;
}

async function bundle(candidate: Candidate, outDir: string): Promise<Built> {
  if (candidate.packages) installPackages(candidate.packages);
  const { options, outputFileExtension } = deployedBuildOptions(join(ROOT, 'config/esbuild.yml'));
  const banner = (options.banner as { js?: string } | undefined)?.js ?? '';
  const dirnameShim = candidate.dirname
    ? " import { fileURLToPath as __fileURLToPath } from 'node:url'; import { dirname as __pathDirname } from 'node:path'; const __dirname = __pathDirname(__fileURLToPath(import.meta.url));"
    : '';
  await build({
    ...options,
    banner: { js: banner + dirnameShim },
    external: [...(options.external ?? []), ...(candidate.external ?? [])],
    nodePaths: [DEPS_MODULES],
    absWorkingDir: HERE,
    entryPoints: [candidate.entry],
    outdir: outDir,
    logLevel: 'silent',
  });
  const file = join(outDir, candidate.entry.replace(/\.ts$/, outputFileExtension));
  let besideBytes = 0;
  for (const asset of candidate.assets ?? []) {
    const source = join(DEPS_MODULES, asset);
    cpSync(source, join(outDir, asset.slice(asset.lastIndexOf('/') + 1)));
    besideBytes += statSync(source).size;
  }
  if (candidate.external?.includes('@duckdb/*'))
    for (const name of DUCKDB_NATIVE) besideBytes += directoryBytes(join(ROOT, 'node_modules', name));
  return { file, bundleBytes: statSync(file).size, besideBytes };
}

interface Run {
  loadMs: number;
  writeMs: number;
  maxRssMb: number;
}

const runOnce = (built: Built, file: string, rows: number, groupRows: number, label: string) =>
  runNode<Run>({
    args: [CHILD, built.file, file, String(rows), String(groupRows)],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
    nodeOptions: '--enable-source-maps',
    label,
  });

interface Spread {
  median: number;
  min: number;
  max: number;
}
const spread = (values: number[]): Spread => ({
  median: median(values),
  min: Math.min(...values),
  max: Math.max(...values),
});

/** The Parquet types of the columns Athena is particular about, as DuckDB reads them. */
async function typesOf(file: string): Promise<Record<string, string>> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const path = file.replaceAll("'", "''");
    const schema = await connection.runAndReadAll(
      `SELECT name, type, converted_type, CAST(logical_type AS VARCHAR) AS logical_type FROM parquet_schema('${path}') WHERE name IN ('record_id', 'event_time', 'transaction_date', 'amount', 'is_high_value')`,
    );
    const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path}')`);
    const codecs = await connection.runAndReadAll(
      `SELECT DISTINCT compression FROM parquet_metadata('${path}')`,
    );
    const sqlTypes = Object.fromEntries(
      described.getRowObjectsJS().map((row) => [String(row.column_name), String(row.column_type)]),
    );
    const out: Record<string, string> = {};
    for (const row of schema.getRowObjectsJS()) {
      const name = String(row.name);
      out[name] = `${sqlTypes[name]} (${row.type}/${row.converted_type ?? '-'}/${row.logical_type ?? '-'})`;
    }
    out.compression = codecs
      .getRowObjectsJS()
      .map((row) => String(row.compression))
      .join(',');
    out.rows = String(
      (
        await connection.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM read_parquet('${path}')`)
      ).getRowObjectsJS()[0]!.n,
    );
    return out;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function main(): Promise<void> {
  const flags = new Command()
    .option('--rows <n>', 'rows written for rows/s and peak RSS', Number, 200_000)
    .option('--group-rows <n>', 'rows per row group', Number, 50_000)
    .option('--repeat <n>', 'runs of each measure (median, min-max)', Number, 3)
    .option('--only <names...>', 'candidates whose name contains one of these')
    .parse()
    .opts<{ rows: number; groupRows: number; repeat: number; only?: string[] }>();
  const work = join(ROOT, '.local', 'bench-writers');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const chosen = CANDIDATES.filter((c) => !flags.only || flags.only.some((o) => c.name.includes(o)));
  const results = [];
  try {
    for (const candidate of chosen) {
      const outDir = join(work, candidate.entry.replace(/\.ts$/, ''));
      const built = await bundle(candidate, outDir);
      const cold: Run[] = [];
      const full: Run[] = [];
      const output = join(outDir, 'out.parquet');
      // Interleaved, so a burst of load from another process does not hit one measure only.
      for (let i = 0; i < flags.repeat; i++) {
        cold.push(await runOnce(built, join(outDir, 'cold.parquet'), 1000, 1000, `${candidate.name} cold`));
        full.push(await runOnce(built, output, flags.rows, flags.groupRows, `${candidate.name} write`));
      }
      const result = {
        writer: candidate.name,
        bundle_kb: Math.round(built.bundleBytes / 1024),
        beside_bundle_kb: Math.round(built.besideBytes / 1024),
        cold_start_ms: spread(cold.map((r) => r.loadMs + r.writeMs)),
        import_ms: spread(cold.map((r) => r.loadMs)),
        rows_per_s: spread(full.map((r) => flags.rows / (r.writeMs / 1000))),
        peak_rss_mb: spread(full.map((r) => r.maxRssMb)),
        file_kb: Math.round(statSync(output).size / 1024),
        types: await typesOf(output),
      };
      results.push(result);
      process.stderr.write(`${JSON.stringify(result)}\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(
    JSON.stringify(
      {
        rows: flags.rows,
        group_rows: flags.groupRows,
        repeat: flags.repeat,
        platform: `${process.platform}-${process.arch}`,
        node: process.version,
        results,
      },
      null,
      2,
    ),
  );
}

main().catch((error: unknown) => {
  console.error(`writers: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
