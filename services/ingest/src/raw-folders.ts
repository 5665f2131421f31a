/**
 * The raw folder of each valid event, `raw/event_type=<t>/year=/month=/day=/hour=`, computed
 * once per event type and UTC hour of a batch instead of once per record (date parsing and
 * string building were a tenth of ingest's cost per record; bench/, issue 7).
 */
import { isUtcTimestamp, type PipelineEvent, partitionPath, UTC_HOUR_LENGTH } from '@event-pipeline/schema';
import { rawFolder } from './object-keys.js';

export class RawFolders {
  private readonly byHour = new Map<string, string>();

  of(event: PipelineEvent): string {
    const { timestamp } = event;
    // A UTC timestamp names its UTC hour in its first characters: the folder computed for one
    // serves all that share them. Any other form is computed afresh.
    if (!isUtcTimestamp(timestamp)) return rawFolder(partitionPath(event));
    const key = `${event.event_type}|${timestamp.slice(0, UTC_HOUR_LENGTH)}`;
    let folder = this.byHour.get(key);
    if (folder === undefined) {
      folder = rawFolder(partitionPath(event));
      this.byHour.set(key, folder);
    }
    return folder;
  }
}
