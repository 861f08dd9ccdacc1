import type { Readable } from 'node:stream';
import { parse } from 'fast-csv';

/** A file that cannot be read as the CSV asked for: its header, its delimiter, or bytes that are not text. */
export class MalformedCsvError extends Error {}

/** A row of the file by its header's columns, or what is wrong with it; `line` counts the header as line 1. */
export type CsvRow = { line: number; cells: Record<string, string> } | { line: number; problem: string };

/**
 * The rows of a headed UTF-8 CSV, streamed, each with its line. A byte-order mark (as Excel writes) is stripped,
 * cells are trimmed, empty lines skipped (and counted). A row with more or fewer cells than the header is
 * reported as a problem of its line and the reading goes on. A header without `requireColumns` (a `;`-delimited
 * file reads as one column), or text the parser cannot read on (an unclosed quote), ends the reading with a
 * MalformedCsvError naming the line and `hint`; the rows before it were yielded and stay good.
 */
export async function* csvRows(input: Readable, requireColumns: string[], hint: string): AsyncGenerator<CsvRow> {
  const parser = input.pipe(parse<string[], string[]>({ headers: false, ignoreEmpty: false, trim: true }));
  // pipe() does not pass on the source's errors (a missing or unreadable file): the reader of the rows must see them.
  input.once('error', (error) => parser.destroy(error));
  let header: string[] | undefined;
  let line = 0;
  try {
    for await (const record of recordsThenError(parser)) {
      line++;
      if (record.length === 1 && record[0] === '') continue;
      if (!header) {
        const columns = record.map((column, i) => (i === 0 ? column.replace(/^\uFEFF/, '') : column).trim());
        const missing = requireColumns.filter((c) => !columns.includes(c));
        const delimiter =
          columns.length === 1 && /[;\t|]/.test(columns[0]!)
            ? ' (the file seems to be separated by something other than commas)'
            : '';
        if (missing.length)
          throw new MalformedCsvError(`line ${line}: the header lacks ${missing.join(', ')}${delimiter}; ${hint}`);
        header = columns;
        continue;
      }
      if (record.length !== header.length) {
        yield { line, problem: `the line has ${record.length} cells where the header has ${header.length} columns` };
        continue;
      }
      yield { line, cells: Object.fromEntries(header.map((column, i) => [column, record[i]!])) };
    }
  } catch (error) {
    if (error instanceof MalformedCsvError || (error as NodeJS.ErrnoException).code) throw error;
    throw new MalformedCsvError(
      `the file cannot be read after line ${line}: ${(error as Error).message}; fix it there and import it again (rows already imported are not imported twice)`,
    );
  }
  if (!header) throw new MalformedCsvError(`the file is empty; ${hint}`);
}

/**
 * The parser's records, and then its error if it fails: a stream's own async iterator drops the records it had
 * parsed but not yet handed over when an error follows them, and those are the good rows before a broken line.
 */
async function* recordsThenError(parser: NodeJS.ReadableStream): AsyncGenerator<string[]> {
  const queue: string[][] = [];
  let failure: Error | undefined;
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  parser.on('data', (record: string[]) => {
    queue.push(record);
    if (queue.length > 1_000) parser.pause();
    notify();
  });
  parser.once('error', (error: Error) => {
    failure = error;
    notify();
  });
  parser.once('end', () => {
    ended = true;
    notify();
  });
  for (;;) {
    if (queue.length) {
      yield queue.shift()!;
      if (queue.length < 100) parser.resume();
      continue;
    }
    if (failure) throw failure;
    if (ended) return;
    await new Promise<void>((resolve) => (wake = resolve));
  }
}
