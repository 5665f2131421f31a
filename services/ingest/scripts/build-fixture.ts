/** Writes fixtures/kinesis-event.json from its recipe (tests/helpers/fixture.ts). */
import { writeFile } from 'node:fs/promises';
import { FIXTURE_PATH, fixtureJson } from '../tests/helpers/fixture.js';

await writeFile(FIXTURE_PATH, fixtureJson());
console.log(`wrote ${FIXTURE_PATH}`);
