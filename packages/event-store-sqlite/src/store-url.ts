/**
 * Where the events live, as `--store` or `STATLEDGER_STORE` give it: `sqlite:PATH` (the default
 * `sqlite:./data/statledger.db`), or a `kurrentdb://` / `esdb://` connection string.
 */
export type StoreLocation = { kind: 'sqlite'; path: string } | { kind: 'kurrentdb'; connectionString: string };

export const DEFAULT_STORE = 'sqlite:./data/statledger.db';

export function parseStoreUrl(url: string = DEFAULT_STORE): StoreLocation {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (!path) throw new Error(`the store '${url}' (--store or STATLEDGER_STORE) names no file; use e.g. sqlite:./data/statledger.db`);
    return { kind: 'sqlite', path };
  }
  if (/^(kurrentdb|kurrent|esdb|esdb\+discover|kurrentdb\+discover):\/\//.test(url)) return { kind: 'kurrentdb', connectionString: url };
  throw new Error(`the store '${url}' (--store or STATLEDGER_STORE) is not understood; use sqlite:PATH or a kurrentdb:// / esdb:// connection string`);
}
