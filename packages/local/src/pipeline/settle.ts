/**
 * When a run is over: every produced record is accounted for and nothing is in flight, or the
 * pipeline has caught up with the stream and stayed quiet a moment (what is not accounted for
 * then is missing), or the time is up.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface SettleProbe {
  /** Every produced record landed or dead-lettered. */
  accounted(): boolean;
  /** Nothing buffered, in flight, queued or being read. */
  quiet(): boolean;
  /** Each shard checkpointed up to the last record produced on it. */
  checkpointedAll(): boolean;
}

const POLL_MS = 50;
// Caught up and quiet: a notification or a read still in its last instant gets this long.
const GRACE_MS = 1_000;

export async function settle(probe: SettleProbe, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quietSince: number | undefined;
  while (Date.now() < deadline) {
    const quiet = probe.quiet();
    if (quiet && probe.accounted()) return;
    if (quiet && probe.checkpointedAll()) {
      quietSince ??= Date.now();
      if (Date.now() - quietSince > GRACE_MS) return;
    } else quietSince = undefined;
    await sleep(POLL_MS);
  }
}
