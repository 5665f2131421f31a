/**
 * Bundles a function exactly as `sls package` does: serverless-esbuild reads
 * config/esbuild.yml (through each service's `custom.esbuild`), drops its own keys, turns
 * `exclude` into esbuild externals and `outputFileExtension` into `outExtension`, and builds
 * the handler's file from the service directory. The metafile rides along for the analysis;
 * it does not change the output.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
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
  bytes: number;
  /** Its linked source map's size (it ships in the zip too). */
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
  const map = `${file}.map`;
  return {
    file,
    bytes: statSync(file).size,
    sourceMapBytes: options.sourcemap ? statSync(map).size : 0,
    metafile: result.metafile,
  };
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
