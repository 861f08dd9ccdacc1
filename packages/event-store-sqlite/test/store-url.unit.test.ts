import { describe, expect, it } from 'vitest';
import { DEFAULT_STORE, parseStoreUrl } from '../src/store-url.ts';

describe('the store location (--store or STATLEDGER_STORE)', () => {
  it('is the embedded SQLite file by default', () => {
    expect(parseStoreUrl()).toEqual({ kind: 'sqlite', path: './data/statledger.db' });
    expect(DEFAULT_STORE).toBe('sqlite:./data/statledger.db');
  });

  it('names a SQLite file after sqlite:, or a KurrentDB cluster by its connection string', () => {
    expect(parseStoreUrl('sqlite:/var/lib/statledger/log.db')).toEqual({
      kind: 'sqlite',
      path: '/var/lib/statledger/log.db',
    });
    expect(parseStoreUrl('kurrentdb://localhost:2113?tls=false')).toEqual({
      kind: 'kurrentdb',
      connectionString: 'kurrentdb://localhost:2113?tls=false',
    });
    expect(parseStoreUrl('esdb+discover://cluster:2113')).toEqual({
      kind: 'kurrentdb',
      connectionString: 'esdb+discover://cluster:2113',
    });
  });

  it('refuses what it cannot open, naming both ways it may have been given and the forms it takes', () => {
    expect(() => parseStoreUrl('sqlite:')).toThrow(
      "the store 'sqlite:' (--store or STATLEDGER_STORE) names no file; use e.g. sqlite:./data/statledger.db",
    );
    expect(() => parseStoreUrl('nosuch:x')).toThrow(
      "the store 'nosuch:x' (--store or STATLEDGER_STORE) is not understood; use sqlite:PATH, postgres://… or a kurrentdb:// / esdb:// connection string",
    );
  });
});
