/** The schema package's hostile corpus as Kinesis record inputs (one shared fixture, not a copy). */
import {
  type HostileCase,
  loadHostileCorpus,
  payloadOf,
} from '../../../../packages/schema/tests/helpers/hostile-corpus.js';
import type { RecordInput } from './factories.js';

export type { HostileCase };
export const hostileCorpus: HostileCase[] = loadHostileCorpus();

export const hostileRecord = (entry: HostileCase, index: number): RecordInput => ({
  bytes: payloadOf(entry),
  partitionKey: `hostile-${index}`,
});
