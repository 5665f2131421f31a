/**
 * The raw folder of each valid event, `raw/event_type=<t>/year=/month=/day=/hour=`, computed
 * once per event type and UTC hour of a batch instead of once per record (date parsing and
 * string building were a tenth of ingest's cost per record; bench/, issue 7).
 */
import { isUtcTimestamp, type PipelineEvent, partitionPath, UTC_HOUR_LENGTH } from '@event-pipeline/schema';
import { rawFolder } from './object-keys.js';

interface HourFolder {
  /** `YYYY-MM-DDTHH`: the UTC hour the folder is for. */
  hour: string;
  folder: string;
}

export class RawFolders {
  private readonly byHour = new Map<string, string>();
  /** Each event type's latest hour: a batch is mostly in time order, so most records hit it. */
  private readonly latest = new Map<string, HourFolder>();

  of(event: PipelineEvent): string {
    const { timestamp, event_type: eventType } = event;
    // A UTC timestamp names its UTC hour in its first characters: the folder computed for one
    // serves all that share them. Any other form is computed afresh.
    if (!isUtcTimestamp(timestamp)) return rawFolder(partitionPath(event));
    const latest = this.latest.get(eventType);
    // Compared in place: no string is made for a record whose hour is the latest one.
    if (latest !== undefined && timestamp.startsWith(latest.hour)) return latest.folder;
    const hour = timestamp.slice(0, UTC_HOUR_LENGTH);
    const key = `${eventType}|${hour}`;
    let folder = this.byHour.get(key);
    if (folder === undefined) {
      folder = rawFolder(partitionPath(event));
      this.byHour.set(key, folder);
    }
    this.latest.set(eventType, { hour, folder });
    return folder;
  }
}
