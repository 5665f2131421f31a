/**
 * S3: the requests each stage makes (ingest's PUTs, the transformer's GET and PUT per object,
 * the compactor's GETs and PUT, the lifecycle's transitions) and the storage by class after
 * `months` of operation under the lifecycle rules.
 */
import { type BillItem, type BillLine, item, line } from '../bill-line.js';
import { count, daysOf, type Flow, putRequests } from '../flow.js';
import { type Stored, storedAfter } from '../lifecycle.js';
import { GB, PRICES } from '../prices.js';
import type { StageSettings } from '../stage-settings.js';

/** processed/ lives its expiration days plus the one day its rule keeps noncurrent versions. */
function processedKeptDays(settings: StageSettings): number | undefined {
  const days = settings.lake.processedExpirationDays;
  return days > 0 ? days + 1 : undefined;
}

export interface LakeStorage {
  raw: Stored;
  processed: Stored;
  curated: Stored;
}

export function lakeStorage(flow: Flow, settings: StageSettings, months: number): LakeStorage {
  const days = daysOf(months);
  return {
    raw: storedAfter(flow.raw, settings.lake, undefined, days),
    processed: storedAfter(flow.processed, settings.lake, processedKeptDays(settings), days),
    curated: storedAfter(flow.curated, settings.lake, undefined, days),
  };
}

/** The requests the pipeline's functions make (the lifecycle's transitions are part of storage). */
export function s3RequestsLine(flow: Flow): BillLine {
  const { s3 } = PRICES;
  const thousand = (requests: number) => requests / 1000;
  return line('s3_requests', 'S3 requests', [
    item('raw/ PUT (ingest)', thousand(count(flow.raw)), 'thousand requests', s3.usdPerThousandPuts),
    item('raw/ GET (transform)', thousand(count(flow.raw)), 'thousand requests', s3.usdPerThousandGets),
    item(
      'processed/ PUT (transform)',
      thousand(count(flow.processed, putRequests)),
      'thousand requests',
      s3.usdPerThousandPuts,
    ),
    item(
      'processed/ GET (compact)',
      thousand(count(flow.processed)),
      'thousand requests',
      s3.usdPerThousandGets,
    ),
    item(
      'curated/ PUT (compact)',
      thousand(count(flow.curated, putRequests)),
      'thousand requests',
      s3.usdPerThousandPuts,
    ),
  ]);
}

function storageItems(prefix: string, stored: Stored, keptDays: number | undefined): BillItem[] {
  const { s3 } = PRICES;
  const kept = keptDays === undefined ? '' : `, kept ${keptDays} days`;
  const items = [
    item(`${prefix} Standard${kept}`, stored.standardBytes / GB, 'GB-month', s3.standardUsdPerGbMonth),
  ];
  if (stored.glacierObjects > 0) {
    const overheadUsd =
      (s3.glacierOverheadBytes / GB) * s3.glacierUsdPerGbMonth +
      (s3.glacierStandardOverheadBytes / GB) * s3.standardUsdPerGbMonth;
    items.push(
      item(
        `${prefix} Glacier Flexible Retrieval`,
        stored.glacierBytes / GB,
        'GB-month',
        s3.glacierUsdPerGbMonth,
      ),
      item(
        `${prefix} Glacier per-object overhead (32 KB + 8 KB)`,
        stored.glacierObjects / 1e6,
        'million objects',
        overheadUsd * 1e6,
      ),
    );
  }
  return items;
}

/** Storage by class, and the lifecycle's transition requests that put it there. */
export function s3StorageLine(storage: LakeStorage, settings: StageSettings, months: number): BillLine {
  const transitions =
    storage.raw.transitionsPerMonth +
    storage.processed.transitionsPerMonth +
    storage.curated.transitionsPerMonth;
  return line('s3_storage', `S3 storage after ${months} months`, [
    ...storageItems('raw/', storage.raw, undefined),
    ...storageItems('processed/', storage.processed, processedKeptDays(settings)),
    ...storageItems('curated/', storage.curated, undefined),
    item(
      'lifecycle transitions to Glacier',
      transitions / 1000,
      'thousand requests',
      PRICES.s3.glacierTransitionUsdPerThousand,
    ),
  ]);
}

/** Dollars the Glacier part adds each further month: raw data is kept for ever. */
export function storageGrowthUsdPerMonth(storage: LakeStorage): number {
  const bytes =
    storage.raw.glacierGrowthBytesPerMonth +
    storage.processed.glacierGrowthBytesPerMonth +
    storage.curated.glacierGrowthBytesPerMonth;
  return (bytes / GB) * PRICES.s3.glacierUsdPerGbMonth;
}
