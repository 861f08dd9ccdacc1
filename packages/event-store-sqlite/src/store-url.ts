/**
 * Where the events (or the projections) live, as `--store` or `STATLEDGER_STORE` give it: `sqlite:PATH` (the
 * default `sqlite:./data/statledger.db`), a `postgres://` URL, or a `kurrentdb://` / `esdb://` connection string.
 */
export type StoreLocation =
  | { kind: 'sqlite'; path: string }
  | { kind: 'kurrentdb'; connectionString: string }
  | { kind: 'postgres'; connectionString: string };

export const DEFAULT_STORE = 'sqlite:./data/statledger.db';

/** `setting` names where the value came from in messages: the events' store, or the projections'. */
export function parseStoreUrl(url: string = DEFAULT_STORE, setting: 'store' | 'projections' = 'store'): StoreLocation {
  const named = setting === 'store' ? '--store or STATLEDGER_STORE' : '--projections or STATLEDGER_PROJECTIONS';
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (!path)
      throw new Error(`the ${setting} '${url}' (${named}) names no file; use e.g. sqlite:./data/statledger.db`);
    return { kind: 'sqlite', path };
  }
  if (/^(kurrentdb|kurrent|esdb|esdb\+discover|kurrentdb\+discover):\/\//.test(url))
    return { kind: 'kurrentdb', connectionString: url };
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', connectionString: url };
  throw new Error(
    `the ${setting} '${url}' (${named}) is not understood; use sqlite:PATH, postgres://… or a kurrentdb:// / esdb:// connection string`,
  );
}
