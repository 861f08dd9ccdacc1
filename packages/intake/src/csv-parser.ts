import type { Readable } from 'node:stream';
import { parse, type CsvParserStream } from 'fast-csv';

/**
 * Rows of a headed UTF-8 CSV, streamed. A byte-order mark (as Excel writes) is stripped from the first
 * header, cells are trimmed, empty lines skipped. `requireColumns` fails the stream with `hint` if missing.
 */
export function csvRows(input: Readable, requireColumns: string[], hint: string): CsvParserStream<Record<string, string>, Record<string, string>> {
  const parser = input.pipe(
    parse<Record<string, string>, Record<string, string>>({
      headers: (header) => header.map((column, i) => (i === 0 ? column?.replace(/^\uFEFF/, '') : column)?.trim()),
      ignoreEmpty: true,
      trim: true,
    }),
  );
  // pipe() does not pass on the source's errors (a missing or unreadable file): the reader of the rows must see them.
  input.once('error', (error) => parser.destroy(error));
  parser.on('headers', (header: string[]) => {
    const missing = requireColumns.filter((c) => !header.includes(c));
    if (missing.length) parser.destroy(new Error(`the CSV header lacks ${missing.join(', ')}; ${hint}`));
  });
  return parser;
}
