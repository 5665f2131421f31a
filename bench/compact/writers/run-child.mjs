// One run of a writer candidate's bundle in a fresh process, as a Lambda init plus first
// write: import the bundle (timed), write `rows` rows in row groups of `groupRows` to `file`.
// Usage: node run-child.mjs <bundle.mjs> <file> <rows> <groupRows>
// Prints `BENCH {"loadMs", "writeMs", "maxRssMb"}` at the end.
import { pathToFileURL } from 'node:url';

const [bundle, file, rows, groupRows] = process.argv.slice(2);
const started = performance.now();
const { run } = await import(pathToFileURL(bundle).href);
const loadMs = performance.now() - started;
const { writeMs } = await run(file, Number(rows), Number(groupRows));
const result = { loadMs, writeMs, maxRssMb: process.resourceUsage().maxRSS / 1024 };
process.stdout.write(`\nBENCH ${JSON.stringify(result)}\n`, () => process.exit(0));
