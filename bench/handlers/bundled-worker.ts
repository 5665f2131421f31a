/**
 * A bench worker bundled as the functions are (`config/esbuild.yml`, so the handlers' code is
 * compiled exactly as it ships) and run in fresh `node` processes, one after another, with the
 * functions' deployed NODE_OPTIONS. Its options go in an environment variable as JSON; each
 * process's result comes back as `BENCH {...}` (lib/child.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleFunction } from '../cold-start/bundle.js';
import { DEPLOYED_NODE_OPTIONS } from '../cold-start/fresh-process.js';
import { runNode } from '../lib/child.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export async function runBundledWorker<T>({
  entry,
  optionsVariable,
  options,
  processes = 1,
  label,
}: {
  /** The worker's source, from the repository root. */
  entry: string;
  /** The environment variable the worker reads its options from. */
  optionsVariable: string;
  options: unknown;
  processes?: number;
  label: string;
}): Promise<T[]> {
  const outDir = mkdtempSync(join(tmpdir(), 'bench-worker-'));
  try {
    const worker = await bundleFunction(join(ROOT, 'config/esbuild.yml'), ROOT, entry, outDir);
    const results: T[] = [];
    for (let i = 0; i < processes; i++) {
      results.push(
        await runNode<T>({
          // Imported from -e, not run as the main script: a CLI the worker imports stays asleep.
          args: [
            '--input-type=module',
            '-e',
            `await import(${JSON.stringify(pathToFileURL(worker.file).href)});`,
          ],
          env: {
            PATH: process.env.PATH,
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
            [optionsVariable]: JSON.stringify(options),
          },
          label: processes === 1 ? label : `${label} (process ${i + 1} of ${processes})`,
          nodeOptions: DEPLOYED_NODE_OPTIONS,
        }),
      );
    }
    return results;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
