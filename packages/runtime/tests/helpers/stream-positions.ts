/** Where test records sit on a stream: one shard, real-looking sequence numbers. */

export const SHARD_ID = 'shardId-000000000000';
/** A real-looking 56-digit sequence number; consecutive records of a shard differ by about 2^80. */
export const FIRST_SEQUENCE = 49654321098765432109876543210987654321098765432109876546n;
const SEQUENCE_STEP = 2n ** 80n;

/** The sequence number of the `index`-th record of a shard. */
export function sequenceNumber(index: number, firstSequence = FIRST_SEQUENCE): string {
  return (firstSequence + BigInt(index) * SEQUENCE_STEP).toString();
}
