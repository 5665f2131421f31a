/** The compiled-template fixtures (tests/fixtures/compiled), as the stacks they are deployed as. */
import { readFileSync } from 'node:fs';
import type { NamedTemplate, Template } from '../../src/stack/stack-resolver.js';

export type FixtureStack = 'infra' | 'ingest' | 'transform' | 'compact';

const STACK_NAMES: Record<FixtureStack, string> = {
  infra: 'fixture-dev',
  ingest: 'fixture-ingest-dev',
  transform: 'fixture-transform-dev',
  compact: 'fixture-compact-dev',
};

export const LOCATION = { region: 'us-east-1', accountId: '000000000000' };

/** A fresh copy each call: tests may alter it. */
export function fixtureStack(id: FixtureStack): NamedTemplate {
  const file = new URL(`../fixtures/compiled/${id}.json`, import.meta.url);
  return { stackName: STACK_NAMES[id], template: JSON.parse(readFileSync(file, 'utf8')) as Template };
}
