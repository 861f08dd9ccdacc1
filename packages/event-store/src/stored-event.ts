import { dataOfFieldValues, pickDataFields } from './data-fields.ts';
import { sequencePosition } from './position.ts';
import type { JsonObject, RecordedEvent } from './types.ts';

/**
 * The columns every read of a SQL log selects, in this order: rows are read as arrays, which costs a driver less
 * than objects. Positions and revisions come as numbers (SQLite) or as the text of a BIGINT (PostgreSQL).
 */
export const EVENT_COLUMNS = 'position, id, stream, revision, type, data, metadata, recorded_at, hash';

/** The same columns with another expression in data's place: a SQL store's picked fields (`dataFields`). */
export const eventColumnsWithData = (data: string) => EVENT_COLUMNS.replace(' data,', ` ${data},`);

export type EventRow = [
  position: number | string,
  id: string,
  stream: string,
  revision: number | string,
  type: string,
  data: string,
  metadata: string,
  recordedAt: string,
  hash: string,
];

/**
 * An event as read from a SQL log. Metadata is parsed when first asked for: folds (projections, quality checks,
 * rebuilds) read data, rarely metadata. It is still an own enumerable property, so spreads and JSON carry it.
 * One accessor shared by every event keeps them all in one fast V8 shape; a getter written in an object
 * literal put each event in dictionary mode, which made every later property read a hash lookup.
 */
export class StoredEvent implements RecordedEvent {
  static readonly #lazyMetadata: PropertyDescriptor = {
    enumerable: true,
    configurable: true,
    get(this: StoredEvent) {
      return (this.#metadata ??= JSON.parse(this.#metadataText));
    },
  };

  // Declared only: the constructor defines them in this order, metadata fourth as every adapter's events have it.
  declare readonly id: string;
  declare readonly type: string;
  declare readonly data: JsonObject;
  declare readonly metadata: JsonObject;
  declare readonly stream: string;
  declare readonly revision: bigint;
  declare readonly position: string;
  declare readonly recordedAt: string;
  declare readonly hash: string;
  readonly #metadataText: string;
  #metadata: JsonObject | undefined;

  /** `data`: the payload when the reader has it already (picked fields), else the row's is parsed. */
  constructor(row: EventRow, data?: JsonObject) {
    this.id = row[1];
    this.type = row[4];
    this.data = data ?? JSON.parse(row[5]);
    Object.defineProperty(this, 'metadata', StoredEvent.#lazyMetadata);
    this.stream = row[2];
    this.revision = BigInt(row[3]);
    this.position = sequencePosition(row[0]);
    this.recordedAt = row[7];
    this.hash = row[8];
    this.#metadataText = row[6];
  }
}

export const toRecorded = (row: EventRow): RecordedEvent => new StoredEvent(row);

/**
 * `toRecorded` for a read with `dataFields` (by type, as `dataFieldsByType` gives them). The data of a picked type's
 * row is the array of its fields' values when the store picked them in the database, or else the whole payload, which
 * is picked here.
 */
export const toRecordedPicking =
  (picked: ReadonlyMap<string, readonly string[]>, pickedBy: 'database' | 'reader') =>
  (row: EventRow): RecordedEvent => {
    const fields = picked.get(row[4]);
    if (!fields) return new StoredEvent(row);
    const parsed = JSON.parse(row[5]);
    return new StoredEvent(
      row,
      pickedBy === 'database' ? dataOfFieldValues(fields, parsed) : pickDataFields(parsed, fields),
    );
  };
