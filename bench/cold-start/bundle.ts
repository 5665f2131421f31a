/**
 * Bundles a function exactly as `sls package` does: serverless-esbuild reads
 * config/esbuild.yml (through each service's `custom.esbuild`), drops its own keys, turns
 * `exclude` into esbuild externals and `outputFileExtension` into `outExtension`, and builds
 * the handler's file from the service directory. The metafile rides along for the analysis;
 * it does not change the output.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { parse } from 'yaml';

/** serverless-esbuild's own settings, removed before the rest goes to esbuild (its bundle.js). */
const PLUGIN_KEYS = [
  'concurrency',
  'zipConcurrency',
  'exclude',
  'nativeZip',
  'packager',
  'packagePath',
  'watch',
  'keepOutputDirectory',
  'packagerOptions',
  'installExtraArgs',
  'outputFileExtension',
  'outputBuildFolder',
  'outputWorkFolder',
  'nodeExternals',
  'skipBuild',
  'skipRebuild',
  'skipBuildExcludeFns',
  'stripEntryResolveExtensions',
  'disposeContext',
];

export interface DeployedBuild {
  options: BuildOptions;
  outputFileExtension: string;
}

/** The esbuild options serverless-esbuild derives from the shared settings file. */
export function deployedBuildOptions(settingsFile: string): DeployedBuild {
  const settings = parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
  const exclude = (settings.exclude as string[] | undefined) ?? ['aws-sdk'];
  const external = (settings.external as string[] | undefined) ?? [];
  const outputFileExtension = (settings.outputFileExtension as string | undefined) ?? '.js';
  const options: Record<string, unknown> = Object.fromEntries(
    Object.entries(settings).filter(([key]) => !PLUGIN_KEYS.includes(key)),
  );
  options.external = [...external, ...(exclude.includes('*') ? [] : exclude)];
  if (outputFileExtension !== '.js') options.outExtension = { '.js': outputFileExtension };
  return { options: options as BuildOptions, outputFileExtension };
}

export interface Bundle {
  /** The bundle's path (what the zip's handler file is). */
  file: string;
  /** The code the zip holds: the bundle and its chunks (config/esbuild.yml splits off what is only imported dynamically). */
  bytes: number;
  /** What every init reads and compiles: the bundle and the chunks it imports statically, not those only imported dynamically. */
  initBytes: number;
  /** The linked source maps' size (they ship in the zip too). */
  sourceMapBytes: number;
  metafile: Metafile;
}

/**
 * Builds `entry` (relative to `workingDir`, as the service's `handler` names it) into `outDir`
 * with the deployed settings.
 */
export async function bundleFunction(
  settingsFile: string,
  workingDir: string,
  entry: string,
  outDir: string,
): Promise<Bundle> {
  const { options, outputFileExtension } = deployedBuildOptions(settingsFile);
  const result = await build({
    ...options,
    absWorkingDir: workingDir,
    entryPoints: [entry],
    outdir: outDir,
    metafile: true,
    logLevel: 'silent',
  });
  const base = entry.slice(entry.lastIndexOf('/') + 1, entry.lastIndexOf('.'));
  const file = join(outDir, `${base}${outputFileExtension}`);
  const outputs = Object.entries(result.metafile.outputs);
  const total = (maps: boolean) =>
    outputs.filter(([path]) => path.endsWith('.map') === maps).reduce((sum, [, { bytes }]) => sum + bytes, 0);
  return {
    file,
    bytes: total(false),
    initBytes: staticClosureBytes(result.metafile, workingDir, file),
    sourceMapBytes: total(true),
    metafile: result.metafile,
  };
}

/** The bytes of `file` and of every chunk it imports statically, transitively. */
function staticClosureBytes(metafile: Metafile, workingDir: string, file: string): number {
  const outputs = metafile.outputs;
  // The metafile names outputs relative to the working directory.
  const entry = Object.keys(outputs).find((path) => resolve(workingDir, path) === file);
  if (entry === undefined) throw new Error(`${file} is not among the outputs of its build`);
  const seen = new Set<string>();
  const visit = (path: string): void => {
    if (seen.has(path) || outputs[path] === undefined) return;
    seen.add(path);
    for (const { path: imported, kind } of outputs[path].imports)
      if (kind === 'import-statement') visit(imported);
  };
  visit(entry);
  return [...seen].reduce((sum, path) => sum + outputs[path]!.bytes, 0);
}

/** The largest packages in a bundle by output bytes, for the report. */
export function heaviestPackages(metafile: Metafile, top = 8): Array<{ name: string; bytes: number }> {
  const byPackage = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      // node_modules/<package>, else the workspace folder (packages/schema, services/ingest, ...).
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const name =
        match?.[1] ??
        input
          .replace(/^(\.\.\/)+/, '')
          .split('/')
          .slice(0, 2)
          .join('/');
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...byPackage.entries()]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, top);
}

export interface DeployedBundles {
  ingest: Bundle;
  transform: Bundle;
  compact: Bundle;
  /** Only the S3 and DynamoDB clients, one call each (reference-handler.ts). */
  reference: Bundle;
}

/** The three functions' bundles as `sls package` builds them, and the reference with the same settings. */
export async function bundleDeployed(rootDir: string, outDir: string): Promise<DeployedBundles> {
  const settings = join(rootDir, 'config/esbuild.yml');
  // The services' `handler: src/lambda.handler`, built from each service's directory.
  const service = (name: string) =>
    bundleFunction(settings, join(rootDir, 'services', name), 'src/lambda.ts', join(outDir, name));
  const [ingest, transform, compact, reference] = await Promise.all([
    service('ingest'),
    service('transform'),
    service('compact'),
    bundleFunction(
      settings,
      join(rootDir, 'bench/cold-start'),
      'reference-handler.ts',
      join(outDir, 'reference'),
    ),
  ]);
  return { ingest, transform, compact, reference };
}
