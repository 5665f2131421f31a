/**
 * Writes resources/catalog.yml from the lake's table definitions and queries/*.sql. `--check`
 * exits non-zero when the committed file differs from what they produce now.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { CATALOG_FRAGMENT, renderCatalogFragment } from '../src/catalog/catalog-fragment.js';
import { loadSavedQueries } from '../src/saved-queries.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const target = `${root}${CATALOG_FRAGMENT}`;

const program = new Command()
  .name('generate-catalog')
  .description('Generate resources/catalog.yml (Glue tables, Athena workgroup, named queries).')
  .option('--check', 'fail if the committed fragment is stale instead of writing it')
  .parse();

const text = renderCatalogFragment(loadSavedQueries(`${root}queries`));
if (program.opts<{ check?: boolean }>().check) {
  if (readFileSync(target, 'utf8') !== text) {
    console.error(`${target} is stale: run \`npm run generate\` and commit the result.`);
    process.exit(1);
  }
  console.log(`${CATALOG_FRAGMENT} is up to date`);
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target} (${text.length} bytes)`);
}
