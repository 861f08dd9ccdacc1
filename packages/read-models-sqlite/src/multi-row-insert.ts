import type { Database } from 'better-sqlite3';

/** Rows per statement: enough that the cost per call fades, far below SQLite's limit of bound parameters. */
const ROWS_PER_STATEMENT = 100;

/**
 * An INSERT that writes up to a hundred rows per statement. better-sqlite3's cost per call (binding, stepping,
 * resetting, crossing into C++) was more than half of what a row took: Beijing's 88,113 finding rows went in
 * 93–109 ms so, against 193–322 ms one row per call. `statement` is given a VALUES list such as `(?, ?), (?, ?)`
 * and returns the whole statement (an upsert clause may follow the list).
 */
export function multiRowInsert(
  db: Database,
  columns: number,
  statement: (valuesList: string) => string,
): <T = readonly unknown[]>(rows: readonly T[], columnsOf?: (row: T) => readonly unknown[]) => void {
  const row = `(${Array(columns).fill('?').join(', ')})`;
  const full = db.prepare(statement(Array(ROWS_PER_STATEMENT).fill(row).join(', ')));
  const single = db.prepare(statement(row));
  // One parameter list, filled again for each statement: `slice(…).flat()` cost a third of the reports' write.
  const parameters: unknown[] = new Array(ROWS_PER_STATEMENT * columns);
  const asColumns = (row: unknown) => row as readonly unknown[];
  // With `columnsOf`, a row's columns are made as it is written: a rebuild's rows then die young, never all held.
  return (rows, columnsOf = asColumns) => {
    let i = 0;
    for (; i + ROWS_PER_STATEMENT <= rows.length; i += ROWS_PER_STATEMENT) {
      let p = 0;
      for (let r = i; r < i + ROWS_PER_STATEMENT; r++) {
        const values = columnsOf(rows[r]!);
        for (let c = 0; c < columns; c++) parameters[p++] = values[c];
      }
      full.run(parameters);
    }
    for (; i < rows.length; i++) single.run(columnsOf(rows[i]!));
  };
}
