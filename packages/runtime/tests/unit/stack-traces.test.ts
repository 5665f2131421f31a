import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { build } from 'esbuild';
import { formatStack, readLinkedSourceMap } from '../../src/stack-traces.js';

const STACK_TRACES = fileURLToPath(new URL('../../src/stack-traces.ts', import.meta.url));
const workDir = mkdtempSync(join(tmpdir(), 'stack-traces-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** A module that throws from its third line after the prelude, bundled as the functions are: minified, a linked map without sources. */
async function bundleThrower(name: string, prelude = ''): Promise<{ bundle: string; source: string }> {
  const source = join(workDir, `${name}.ts`);
  writeFileSync(
    source,
    `${prelude}
export function run(): never {
  const reason = 'the thrower';
  throw new TypeError(\`failed in \${reason}\`);
}
`.trimStart(),
  );
  await build({
    entryPoints: [source],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    sourcemap: 'linked',
    sourcesContent: false,
    outfile: join(workDir, 'out', `${name}.mjs`),
    logLevel: 'silent',
  });
  return { bundle: join(workDir, 'out', `${name}.mjs`), source };
}

/** Runs the bundle's `run` in a fresh node (with the given flags) and returns the error's stack. */
function stackOf(bundle: string, nodeOptions: string): Promise<string> {
  const script = `import(${JSON.stringify(bundle)}).then((m) => { try { m.run(); } catch (e) { console.log(e.stack); } });`;
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      ['-e', script],
      { env: { PATH: process.env.PATH, NODE_OPTIONS: nodeOptions } },
      (error, stdout) => (error ? reject(error) : resolve(stdout.trim())),
    ),
  );
}

describe('mapStackTracesLazily', () => {
  it('names the source file and line of each frame, as --enable-source-maps does', async () => {
    const prelude = `import { mapStackTracesLazily } from ${JSON.stringify(STACK_TRACES)};\nmapStackTracesLazily();`;
    const { bundle, source } = await bundleThrower('lazy', prelude);
    const lazy = await stackOf(bundle, '');
    // The prelude's two lines come first: `throw` is on line 5.
    expect(lazy.split('\n')[0]).toBe('TypeError: failed in the thrower');
    expect(lazy.split('\n')[1]).toContain(`${source}:5:`);
    expect(lazy).not.toContain('lazy.mjs');
  });

  it('leaves stacks to Node where --enable-source-maps maps them already', async () => {
    const prelude = `import { mapStackTracesLazily } from ${JSON.stringify(STACK_TRACES)};\nconsole.log('installed', mapStackTracesLazily());`;
    const { bundle, source } = await bundleThrower('flagged', prelude);
    const output = await stackOf(bundle, '--enable-source-maps');
    expect(output).toContain('installed false');
    expect(output).toContain(`${source}:5:`);
  });

  it('leaves a bundle that does not install it minified', async () => {
    const { bundle } = await bundleThrower('plain');
    expect((await stackOf(bundle, '')).split('\n')[1]).toContain('plain.mjs:');
  });
});

describe('readLinkedSourceMap', () => {
  it('reads the map a file links to, its sources resolved next to the map, and nothing for a file without one', async () => {
    const { bundle, source } = await bundleThrower('linked');
    const map = readLinkedSourceMap(bundle);
    expect(map?.payload.sources).toEqual([source]);
    const unlinked = join(workDir, 'unlinked.mjs');
    writeFileSync(unlinked, 'export const x = 1;\n');
    expect(readLinkedSourceMap(unlinked)).toBeUndefined();
    expect(readLinkedSourceMap(join(workDir, 'missing.mjs'))).toBeUndefined();
  });
});

describe('formatStack', () => {
  const callSite = (text: string, file: string | null, line: number, column: number) =>
    ({
      toString: () => text,
      getFileName: () => file,
      getLineNumber: () => line,
      getColumnNumber: () => column,
    }) as unknown as NodeJS.CallSite;

  it("writes V8's layout, replacing the positions a map knows and keeping the others", () => {
    const maps = (file: string) =>
      file === 'file:///task/lambda.mjs'
        ? ({
            findEntry: (line: number, column: number) =>
              line === 0 && column === 41
                ? { originalSource: '/src/handler.ts', originalLine: 9, originalColumn: 2 }
                : {},
          } as never)
        : undefined;
    const stack = formatStack(
      new RangeError('out of range'),
      [
        callSite('Ab.go (file:///task/lambda.mjs:1:42)', 'file:///task/lambda.mjs', 1, 42),
        callSite('async Xy (file:///task/lambda.mjs:1:99)', 'file:///task/lambda.mjs', 1, 99),
        callSite(
          'process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
          'node:internal/process/task_queues',
          95,
          5,
        ),
      ],
      maps,
    );
    expect(stack).toBe(
      [
        'RangeError: out of range',
        '    at Ab.go (/src/handler.ts:10:3)',
        '    at async Xy (file:///task/lambda.mjs:1:99)',
        '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      ].join('\n'),
    );
  });
});
