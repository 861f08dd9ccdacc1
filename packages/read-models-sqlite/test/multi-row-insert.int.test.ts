import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { multiRowInsert } from '../src/multi-row-insert.ts';

describe('an insert of many rows per statement', () => {
  it.each([0, 1, 99, 100, 101, 250])(
    'writes every one of %i rows once, in order, whether they fill whole statements or not',
    (count) => {
      const db = new Database(':memory:');
      db.exec('CREATE TABLE t (n INTEGER PRIMARY KEY, label TEXT NOT NULL)');
      const insert = multiRowInsert(db, 2, (values) => `INSERT INTO t (n, label) VALUES ${values}`);
      const rows = Array.from({ length: count }, (_, n) => [n, `row ${n}`]);
      insert(rows);
      expect(db.prepare('SELECT n, label FROM t ORDER BY n').raw(true).all()).toEqual(rows);
      db.close();
    },
  );

  it('keeps the clause after the values list: a second write of a key updates it', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    const upsert = multiRowInsert(
      db,
      2,
      (values) => `INSERT INTO t (key, value) VALUES ${values} ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    );
    upsert(Array.from({ length: 150 }, (_, n) => [`k${n}`, 'first']));
    upsert(Array.from({ length: 150 }, (_, n) => [`k${n}`, n % 2 ? 'second' : 'first']));
    expect(db.prepare<[], { n: number }>("SELECT count(*) AS n FROM t WHERE value = 'second'").get()!.n).toBe(75);
    expect(db.prepare<[], { n: number }>('SELECT count(*) AS n FROM t').get()!.n).toBe(150);
    db.close();
  });
});
