import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { bundleFunction } from '../cold-start/bundle.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);
type Gte = { gte(a: string, b: string): boolean };
const stub = require(join(ROOT, 'config/esbuild-aliases/semver.cjs')) as Gte;
const semver = require(join(ROOT, 'node_modules/aws-xray-sdk-core/node_modules/semver')) as Gte;

describe('the semver stand-in (config/esbuild-aliases/semver.cjs)', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'esbuild-aliases-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('orders versions as semver.gte does', () => {
    const versions = ['2.7.15', '2.7.14', '2.7.16', '2.1692.0', '3.0.0', '1.99.99', 'v2.7.15', '2.10.0'];
    const prereleases = [
      '2.7.15-beta.1',
      '2.7.15-beta.2',
      '2.7.15-beta.10',
      '2.7.15-alpha',
      '2.7.15-1',
      '2.7.15+b.1',
    ];
    const all = [...versions, ...prereleases];
    for (const a of all)
      for (const b of all) expect([a, b, stub.gte(a, b)]).toEqual([a, b, semver.gte(a, b)]);
    expect(() => stub.gte('not a version', '2.7.15')).toThrow(TypeError);
  });

  it("stands in only for the X-Ray SDK's AWS SDK v2 patcher, which asks it nothing but gte", async () => {
    const bundle = await bundleFunction(
      join(ROOT, 'config/esbuild.yml'),
      join(ROOT, 'services/ingest'),
      'src/lambda.ts',
      join(outDir, 'ingest'),
    );
    const importers = Object.entries(bundle.metafile.inputs)
      .filter(([, input]) => input.imports.some((i) => i.original === 'semver'))
      .map(([path]) => path.replace(/^.*node_modules\//, ''));
    expect(importers).toEqual(['aws-xray-sdk-core/dist/lib/patchers/aws_p.js']);
    expect(Object.keys(bundle.metafile.inputs).some((path) => path.includes('node_modules/semver/'))).toBe(
      false,
    );
  }, 60_000);
});
