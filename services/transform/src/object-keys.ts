/**
 * Where a raw object's outputs go. The partition path and file name are kept, so outputs
 * are deterministic: transforming the same raw object again overwrites, never duplicates.
 *   raw/<partition>/<file>.json -> processed/<partition>/<file>.json
 *                               -> quarantine/reason=<code>/<partition>/<file>.json
 */
import { isPartitionPath } from '@event-pipeline/schema';

const RAW_PREFIX = 'raw/';
const RAW_SUFFIX = '.json';
const PROCESSED_PREFIX = 'processed/';
const QUARANTINE_PREFIX = 'quarantine/';

/** Whether a (decoded) key is a raw data object the transformer handles: `raw/**.json`. */
export function isRawDataKey(key: string): boolean {
  return (
    key.startsWith(RAW_PREFIX) &&
    key.endsWith(RAW_SUFFIX) &&
    key.length > RAW_PREFIX.length + RAW_SUFFIX.length
  );
}

function pathUnderRaw(rawKey: string): string {
  if (!isRawDataKey(rawKey)) throw new RangeError(`not a raw data key (raw/**.json): ${rawKey}`);
  return rawKey.slice(RAW_PREFIX.length);
}

export function processedKey(rawKey: string): string {
  return PROCESSED_PREFIX + pathUnderRaw(rawKey);
}

export function quarantineKey(rawKey: string, reason: string): string {
  return `${QUARANTINE_PREFIX}reason=${reason}/${pathUnderRaw(rawKey)}`;
}

/**
 * The partition a raw object's processed object belongs to (`event_type=<t>/year=.../hour=HH`),
 * or undefined when its key is not in the partition layout (a hand-made `raw/notes.json`):
 * such an object is transformed but has no partition to compact.
 */
export function partitionOfRawKey(rawKey: string): string | undefined {
  const path = pathUnderRaw(rawKey);
  const directory = path.slice(0, Math.max(0, path.lastIndexOf('/')));
  return isPartitionPath(directory) ? directory : undefined;
}
