import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { spawnTs } from '@statledger/testing';
import { createSqliteEventStore } from '@statledger/event-store-sqlite';

const cli = new URL('../src/main.ts', import.meta.url).pathname;

async function storeWith(events: number) {
  const path = join(mkdtempSync(join(tmpdir(), 'statledger-verify-')), 'store.db');
  const store = createSqliteEventStore({ path });
  for (let i = 0; i < events; i++) {
    await store.appendToStream(`report-sanitation-1101010010${String(i % 10).padStart(2, '0')}-2025-03`, [
      { id: randomUUID(), type: 'ReportSubmitted', data: { values: { SAN_WASTE_COLLECTED: String(100 + i) } }, metadata: { principal: 'p', channel: 'cli', correlationId: 'c' } },
    ], { expectedRevision: 'any' });
  }
  await store.close();
  return path;
}

async function verify(path: string) {
  const child = spawnTs(cli, ['verify', '--store', `sqlite:${path}`]);
  const code = await child.exited;
  return { code, output: child.output() };
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

  it('explains a store URL it does not understand', async () => {
    const child = spawnTs(cli, ['verify', '--store', 'mysql://x']);
    expect(await child.exited).toBe(2);
    expect(child.output()).toMatch(/not understood; use sqlite:PATH/);
  });
});
