/**
 * `npm run query`: SQL over the local lake with DuckDB, through the Athena tables' names
 * (docs/architecture.md §9). `npm run query -- --help` for the options.
 */
import { runQueryCli } from '@event-pipeline/query';
import { ROOT } from './repository.js';

process.exitCode = await runQueryCli(process.argv.slice(2), { rootDir: ROOT });
