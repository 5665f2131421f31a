/**
 * Compiles the JSON Schemas into standalone ajv validators (src/generated/validators.ts),
 * so that no schema is compiled at cold start. `--check` exits non-zero when the committed
 * file differs from what the schemas produce now.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { renderValidators } from '../src/compile.js';

const target = fileURLToPath(new URL('../src/generated/validators.ts', import.meta.url));

const program = new Command()
  .name('generate-validators')
  .description('Compile packages/schema JSON Schemas into standalone ajv validators.')
  .option('--check', 'fail if the committed validators are stale instead of writing them')
  .parse();

const code = renderValidators();
if (program.opts<{ check?: boolean }>().check) {
  const current = readFileSync(target, 'utf8');
  if (current !== code) {
    console.error(`${target} is stale: run \`npm run generate\` and commit the result.`);
    process.exit(1);
  }
  console.log('validators are up to date');
} else {
  writeFileSync(target, code);
  console.log(`wrote ${target} (${code.length} bytes)`);
}
