/**
 * Glue and Athena: the saved queries, once a day each over the previous day, on the curated
 * Parquet (the columns they read) or, for comparison, on the processed JSON Lines (whole
 * lines: JSON is not columnar). Athena's own S3 requests (a LIST per partition, GETs per
 * object) are billed to the lake's account and counted here.
 */
import { ASSUMPTIONS, type SavedQuery } from '../assumptions.js';
import { type BillLine, item, line } from '../bill-line.js';
import type { Flow, ObjectsOfType } from '../flow.js';
import { DAYS_PER_MONTH, PRICES, TB } from '../prices.js';

export type QueriedFormat = 'curated Parquet' | 'processed JSON' | 'Firehose JSON' | 'Firehose Parquet';

export interface QueriedData {
  format: QueriedFormat;
  /** Bytes a query scans per row of a type it reads. */
  bytesPerRow: (query: SavedQuery) => number;
  /** The objects of that data a month (their count sets Athena's GETs). */
  objects: readonly ObjectsOfType[];
  /** GETs per object read (Parquet: the footer, then each column's chunk). */
  getsPerObject: (query: SavedQuery) => number;
}

interface QueryVolume {
  scannedBytes: number;
  gets: number;
  lists: number;
}

function queryVolume(flow: Flow, data: QueriedData, query: SavedQuery): QueryVolume {
  const { athena } = PRICES;
  const perDay = (monthly: number) => monthly / DAYS_PER_MONTH;
  if (query.types === 'quarantine') {
    const rows = perDay(flow.eventsPerMonth) * ASSUMPTIONS.invalidFraction;
    return {
      scannedBytes: Math.max(athena.minimumBytesPerQuery, rows * 1024),
      gets: rows > 0 ? 48 : 0,
      lists: 48,
    };
  }
  const types = new Set(query.types);
  const rows =
    perDay(flow.eventsPerMonth) *
    query.types.reduce((sum, type) => sum + flow.measured.events.typeShares[type], 0);
  const objects = perDay(
    data.objects.filter((entry) => types.has(entry.type)).reduce((sum, entry) => sum + entry.objects, 0),
  );
  return {
    scannedBytes: Math.max(athena.minimumBytesPerQuery, rows * data.bytesPerRow(query)),
    gets: objects * data.getsPerObject(query),
    // Partition projection lists each hour's prefix of each type read.
    lists: 24 * types.size,
  };
}

export function athenaLine(flow: Flow, data: QueriedData): BillLine {
  const { athena, glue, s3 } = PRICES;
  const queries = ASSUMPTIONS.athena.savedQueries;
  const volumes = queries.map((query) => queryVolume(flow, data, query));
  const monthly = (per: (volume: QueryVolume) => number) =>
    volumes.reduce((sum, volume) => sum + per(volume), 0) * DAYS_PER_MONTH;
  return line('athena', `Athena and Glue (saved queries on ${data.format})`, [
    item(
      `${queries.length} saved queries a day, scanned`,
      monthly((volume) => volume.scannedBytes) / TB,
      'TB scanned',
      athena.usdPerTbScanned,
    ),
    item(
      'S3 GET by Athena',
      monthly((volume) => volume.gets) / 1000,
      'thousand requests',
      s3.usdPerThousandGets,
    ),
    item(
      'S3 LIST by Athena',
      monthly((volume) => volume.lists) / 1000,
      'thousand requests',
      s3.usdPerThousandPuts,
    ),
    item(
      'Glue Data Catalog requests',
      (queries.length * ASSUMPTIONS.athena.catalogRequestsPerQuery * DAYS_PER_MONTH) / 1e6,
      'million requests',
      glue.usdPerMillionCatalogRequests,
    ),
  ]);
}

/** The curated Parquet: the columns a query reads; the footer and each column chunk a GET. */
export function curatedParquet(flow: Flow): QueriedData {
  const width = ASSUMPTIONS.athena.parquetBytesPerValue;
  return {
    format: 'curated Parquet',
    bytesPerRow: (query) => query.columns * width,
    objects: flow.curated,
    getsPerObject: (query) => 1 + query.columns,
  };
}

/** The processed JSON Lines: every byte of every line of the partitions read. */
export function processedJson(flow: Flow): QueriedData {
  return {
    format: 'processed JSON',
    bytesPerRow: () => flow.processedLineBytes,
    objects: flow.processed,
    getsPerObject: () => 1,
  };
}
