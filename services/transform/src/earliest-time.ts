/**
 * The earliest of a run of event timestamps, in epoch ms. Two UTC timestamps of the same
 * length order as text (isUtcTimestamp), so a timestamp is parsed only when it is earlier
 * than the earliest so far or of another shape (an offset, another precision): records
 * mostly arrive in time order, and parsing each was a cost per record.
 */
import { isUtcTimestamp } from '@event-pipeline/schema';

export class EarliestTime {
  private text: string | undefined;
  private utcShape = false;
  /** Epoch ms of the earliest timestamp added, undefined before the first. */
  epochMs: number | undefined;

  add(timestamp: string): void {
    const { text } = this;
    if (this.utcShape && timestamp.length === text!.length && isUtcTimestamp(timestamp)) {
      if (timestamp < text!) this.take(timestamp, Date.parse(timestamp));
      return;
    }
    const epochMs = Date.parse(timestamp);
    if (this.epochMs === undefined || epochMs < this.epochMs) this.take(timestamp, epochMs);
  }

  private take(timestamp: string, epochMs: number): void {
    this.text = timestamp;
    this.utcShape = isUtcTimestamp(timestamp);
    this.epochMs = epochMs;
  }
}
