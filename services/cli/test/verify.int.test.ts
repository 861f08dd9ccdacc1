import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { spawnTs } from '@statledger/testing';
import { chainHash } from '@statledger/event-store';
import { createSqliteEventStore } from '@statledger/event-store-sqlite';

const cli = new URL('../src/main.ts', import.meta.url).pathname;

async function storeWith(events: number) {
  const path = join(mkdtempSync(join(tmpdir(), 'statledger-verify-')), 'store.db');
  const store = createSqliteEventStore({ path });
  for (let i = 0; i < events; i++) {
    await store.appendToStream(
      `report-sanitation-1101010010${String(i % 10).padStart(2, '0')}-2025-03`,
      [
        {
          id: randomUUID(),
          type: 'ReportSubmitted',
          data: { values: { SAN_WASTE_COLLECTED: String(100 + i) } },
          metadata: { principal: 'p', channel: 'cli', correlationId: 'c' },
        },
      ],
      { expectedRevision: 'any' },
    );
  }
  await store.close();
  return path;
}

/** Runs verify with the secret and the anchors file beside the store, as a deployment keeps them outside it. */
async function verify(path: string, ...args: string[]) {
  const env = {
    STATLEDGER_SECRET_FILE: join(dirname(path), 'secret.key'),
    STATLEDGER_ANCHORS: join(dirname(path), 'anchors.jsonl'),
  };
  const child = spawnTs(cli, ['verify', '--store', `sqlite:${path}`, ...args], env);
  const code = await child.exited;
  return { code, output: child.output() };
}

/** What someone with write access to the database, but not to the secret, can do: rewrite and re-chain. */
async function rewriteFrom(path: string, position: number, data: string) {
  const db = new Database(path);
  db.prepare('UPDATE events SET data = ? WHERE position = ?').run(data, position);
  db.close();
  const store = createSqliteEventStore({ path });
  const events = await store.readAll();
  await store.close();
  const rechain = new Database(path);
  let previous = events[position - 1]!.hash;
  for (const event of events.slice(position)) {
    previous = chainHash(previous, event);
    rechain.prepare('UPDATE events SET hash = ? WHERE position = ?').run(previous, Number(event.position));
  }
  rechain.close();
}

describe('statledger verify', () => {
  it('prints how many events it checked and exits 0 on an intact log', async () => {
    const path = await storeWith(25);
    const { code, output } = await verify(path);
    expect(output).toMatch(/integrity verified: 25 events checked, up to position 24/);
    expect(code).toBe(0);
  });

  it('names the first position that does not match and exits 1 after someone edits a row', async () => {
    const path = await storeWith(25);
    const db = new Database(path);
    db.prepare(`UPDATE events SET data = '{"values":{"SAN_WASTE_COLLECTED":"1"}}' WHERE position = 7`).run();
    db.close();
    const { code, output } = await verify(path);
    expect(output).toMatch(/integrity BROKEN at position 7:/);
    expect(output).toMatch(/7 events before it verified/);
    expect(code).toBe(1);
  });

  it('catches a deleted row: the chain breaks at the event after the gap', async () => {
    const path = await storeWith(10);
    const db = new Database(path);
    db.prepare('DELETE FROM events WHERE position = 3').run();
    db.close();
    const { code, output } = await verify(path);
    expect(output).toMatch(/integrity BROKEN at position 4:/);
    expect(code).toBe(1);
  });

  it('anchors the chain head outside the database, and then catches the last event deleted', async () => {
    const path = await storeWith(10);
    expect((await verify(path)).output).toMatch(/held against no anchor yet\nchain head anchored in .*anchors\.jsonl/);
    const db = new Database(path);
    db.prepare('DELETE FROM events WHERE position = 9').run();
    db.close();
    const { code, output } = await verify(path);
    expect(output).toMatch(
      /integrity BROKEN against the anchor at position 9: the log ends at 8, before the anchored position 9: events at its end were removed/,
    );
    expect(code).toBe(1);
  });

  it('catches a chain recomputed from an edited row, which verifies as a chain on its own', async () => {
    const path = await storeWith(10);
    await verify(path);
    await rewriteFrom(path, 5, '{"values":{"SAN_WASTE_COLLECTED":"1"}}');
    // Without anchors (another anchors file) the rewritten chain holds together …
    const plain = spawnTs(cli, ['verify', '--store', `sqlite:${path}`], {
      STATLEDGER_SECRET_FILE: join(dirname(path), 'other.key'),
      STATLEDGER_ANCHORS: join(dirname(path), 'none.jsonl'),
    });
    expect(await plain.exited).toBe(0);
    // … against the anchor it does not.
    const { code, output } = await verify(path);
    expect(output).toMatch(
      /integrity BROKEN against the anchor at position 9: the chain recomputes to [0-9a-f]{64} at the anchored position 9, not the anchored [0-9a-f]{64}: events at or before it were rewritten/,
    );
    expect(code).toBe(1);
  });

  it('holds the chain against a head given by hand, and refuses an anchors file altered without the secret', async () => {
    const path = await storeWith(6);
    const head = /chain head ([0-9a-f]{64})/.exec((await verify(path)).output)![1]!;
    expect((await verify(path, '--anchor', `5:${head}`)).code).toBe(0);
    expect((await verify(path, '--anchor', `5:${'0'.repeat(64)}`)).code).toBe(1);
    const anchors = join(dirname(path), 'anchors.jsonl');
    writeFileSync(
      anchors,
      readFileSync(anchors, 'utf8').replace(/"position":"0+5"/, '"position":"00000000000000000004"'),
    );
    const { code, output } = await verify(path);
    expect(output).toMatch(/anchors BROKEN: line 1 of .* does not carry a MAC of this deployment's secret/);
    expect(code).toBe(1);
  });

  it('explains a store URL it does not understand', async () => {
    const child = spawnTs(cli, ['verify', '--store', 'mysql://x']);
    expect(await child.exited).toBe(2);
    expect(child.output()).toMatch(/not understood; use sqlite:PATH/);
  });
});
