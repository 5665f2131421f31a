/**
 * The compaction of one partition, without I/O of its own: processed lines go in one at a
 * time (from however many source objects, in key order), then the kept rows come out in
 * sorted row groups. Memory holds the line index; rows wait in the injected row store.
 */
import { hash } from 'node:crypto';
import {
  CURATED_COLUMNS,
  type CuratedColumn,
  type EventType,
  parseProcessedLine,
} from '@event-pipeline/schema';
import { type CellValue, curatedRow, isRowError, type RowErrorCode } from './curated-row.js';
import { LineIndex } from './line-index.js';
import type { RowStore } from './row-store.js';
import { type Conflict, selectRows } from './select.js';

/** Where a line came from: its source object (position in key order) and line number (1-based). */
export interface LineOrigin {
  source: number;
  lineNumber: number;
}

export type LineOutcome =
  | { kind: 'row' }
  | { kind: 'blank' }
  | { kind: 'bad'; error: { code: RowErrorCode; message: string; path: string } };

export interface ColumnBatch {
  rows: number;
  /** One array per column, in the columns' order. */
  columns: CellValue[][];
}

export interface CompactionPlan {
  rows: number;
  duplicates: number;
  conflicts: Array<{ recordId: string; kept: LineOrigin; other: LineOrigin }>;
  /** The kept rows, in row groups of at most `rowsPerGroup`, read from the row store. */
  rowGroups(rowsPerGroup: number): Generator<ColumnBatch>;
}

/** 8 bytes of SHA-256 over the event content: equal for duplicates, different for a conflict. */
function contentFingerprint(eventType: string, timestamp: string, data: unknown): Uint8Array {
  // One-shot: about half the cost of createHash().update().digest() a line.
  return hash('sha256', `${eventType}\n${timestamp}\n${JSON.stringify(data)}`, 'buffer').subarray(0, 8);
}

export class PartitionCompaction {
  readonly columns: readonly CuratedColumn[];
  readonly eventType: EventType;
  private readonly index = new LineIndex();
  private finished = false;

  constructor(
    readonly partition: string,
    eventType: EventType,
    private readonly store: RowStore,
  ) {
    this.eventType = eventType;
    this.columns = CURATED_COLUMNS[eventType];
  }

  get lines(): number {
    return this.index.count;
  }

  addLine(text: string, origin: LineOrigin): LineOutcome {
    if (this.finished) throw new Error('the compaction is finished');
    if (text.trim() === '') return { kind: 'blank' };
    const parsed = parseProcessedLine(text);
    if (!parsed.ok) return { kind: 'bad', error: parsed.error };
    const { line } = parsed;
    if (line.event_type !== this.eventType) {
      return {
        kind: 'bad',
        error: {
          code: 'wrong_partition',
          message: `a ${line.event_type} event in a ${this.eventType} partition`,
          path: '/event_type',
        },
      };
    }
    const row = curatedRow(line, this.partition);
    if (isRowError(row)) return { kind: 'bad', error: row };
    const { offset, length } = this.store.append(JSON.stringify(row.values));
    this.index.add({
      recordId: line.record_id,
      eventTimeMs: row.eventTimeMs,
      processedTimeMs: row.processedTimeMs,
      rawObject: line.metadata.raw_object,
      fingerprint: contentFingerprint(line.event_type, line.original_timestamp, line.original_data),
      source: origin.source,
      lineNumber: origin.lineNumber,
      offset,
      length,
    });
    return { kind: 'row' };
  }

  finish(): CompactionPlan {
    this.finished = true;
    this.store.seal();
    const { rows, duplicates, conflicts } = selectRows(this.index);
    const described = conflicts.map((conflict) => this.describe(conflict));
    this.index.keepOnlyLocations();
    return {
      rows: rows.length,
      duplicates,
      conflicts: described,
      rowGroups: (rowsPerGroup) => this.rowGroups(rows, rowsPerGroup),
    };
  }

  private describe({ kept, other }: Conflict) {
    const { index } = this;
    return {
      recordId: index.recordId(kept),
      kept: { source: index.source(kept), lineNumber: index.lineNumber(kept) },
      other: { source: index.source(other), lineNumber: index.lineNumber(other) },
    };
  }

  private *rowGroups(rows: Uint32Array, rowsPerGroup: number): Generator<ColumnBatch> {
    if (!(Number.isInteger(rowsPerGroup) && rowsPerGroup > 0))
      throw new RangeError(`rowsPerGroup must be an integer > 0, got ${rowsPerGroup}`);
    const { index } = this;
    const width = this.columns.length;
    for (let start = 0; start < rows.length; start += rowsPerGroup) {
      const size = Math.min(rowsPerGroup, rows.length - start);
      const columns = Array.from({ length: width }, () => new Array<CellValue>(size));
      // Read the group's rows in store order (sequential reads), each to its place in the group.
      const positions = new Uint32Array(size);
      for (let p = 0; p < size; p++) positions[p] = p;
      positions.sort((a, b) => index.offset(rows[start + a]!) - index.offset(rows[start + b]!));
      for (const position of positions) {
        const line = rows[start + position]!;
        const values = JSON.parse(this.store.read(index.offset(line), index.length(line))) as CellValue[];
        for (let c = 0; c < width; c++) columns[c]![position] = values[c]!;
      }
      yield { rows: size, columns };
    }
  }
}
