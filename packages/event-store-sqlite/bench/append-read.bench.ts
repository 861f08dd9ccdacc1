/**
 * pnpm bench:store — our SQLite append and read paths against the raw limit of the same machine:
 * plain batched INSERTs of the same rows into a bare better-sqlite3 table, and a plain SELECT + JSON.parse.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAllPages, type AppendRequest } from '@statledger/event-store';
import { createSqliteEventStore } from '../src/index.ts';
import { reportWorkload } from './report-workload.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const BATCH_STREAMS = Number(process.env.BENCH_BATCH ?? 500);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Run { appendPerSec: number; readPerSec: number }

async function ours(requests: AppendRequest[], dir: string): Promise<Run> {
  const store = createSqliteEventStore({ path: join(dir, 'ours.db') });
  const t0 = performance.now();
  for (let i = 0; i < requests.length; i += BATCH_STREAMS) await store.appendToStreams(requests.slice(i, i + BATCH_STREAMS));
  const t1 = performance.now();
  let read = 0;
  for await (const page of readAllPages(store)) read += page.length;
  const t2 = performance.now();
  if (read !== EVENTS) throw new Error(`read back ${read} events, appended ${EVENTS}`);
  await store.close();
  return { appendPerSec: EVENTS / ((t1 - t0) / 1000), readPerSec: EVENTS / ((t2 - t1) / 1000) };
}

function raw(requests: AppendRequest[], dir: string): Run {
  const db = new Database(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE events (position INTEGER PRIMARY KEY, id TEXT, stream TEXT, revision INTEGER, type TEXT, data TEXT, metadata TEXT, recorded_at TEXT)');
  const insert = db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  let position = 0;
  const insertBatch = db.transaction((batch: AppendRequest[]) => {
    const recordedAt = new Date().toISOString();
    for (const request of batch) {
      request.events.forEach((e, revision) => insert.run(position++, e.id, request.stream, revision, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), recordedAt));
    }
  });
  const t0 = performance.now();
  for (let i = 0; i < requests.length; i += BATCH_STREAMS) insertBatch(requests.slice(i, i + BATCH_STREAMS));
  const t1 = performance.now();
  let read = 0;
  for (const row of db.prepare<[], { data: string; metadata: string }>('SELECT * FROM events ORDER BY position').iterate()) {
    JSON.parse(row.data);
    JSON.parse(row.metadata);
    read++;
  }
  const t2 = performance.now();
  if (read !== EVENTS) throw new Error(`raw read back ${read} rows`);
  db.close();
  return { appendPerSec: EVENTS / ((t1 - t0) / 1000), readPerSec: EVENTS / ((t2 - t1) / 1000) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(10);

const requests = reportWorkload(EVENTS);
console.log(`statledger store benchmark: ${EVENTS.toLocaleString('en-US')} report events in ${requests.length.toLocaleString('en-US')} streams, ${BATCH_STREAMS} streams per append, median of ${RUNS} runs after a warm-up`);
const results = { ours: [] as Run[], raw: [] as Run[] };
for (let run = -1; run < RUNS; run++) {
  const dir = mkdtempSync(join(tmpdir(), 'statledger-bench-'));
  try {
    // Alternate the order so neither side always runs on a warmer cache.
    const pair = run % 2 === 0 ? [await ours(requests, dir), raw(requests, dir)] : [raw(requests, dir), await ours(requests, dir)].reverse();
    if (run >= 0) {
      results.ours.push(pair[0]!);
      results.raw.push(pair[1]!);
    }
    process.stderr.write(run < 0 ? 'warm-up done\n' : `run ${run + 1}/${RUNS} done\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const summary = {
  oursAppend: median(results.ours.map((r) => r.appendPerSec)),
  rawAppend: median(results.raw.map((r) => r.appendPerSec)),
  oursRead: median(results.ours.map((r) => r.readPerSec)),
  rawRead: median(results.raw.map((r) => r.readPerSec)),
};
console.log('');
const row = (label: string, ours: number, raw: number) => console.log(`${label.padEnd(48)}${fmt(ours)}${fmt(raw)}${(ours / raw).toFixed(2).padStart(10)}`);
console.log(`${'path'.padEnd(48)}${'ours ev/s'.padStart(10)}${'raw ev/s'.padStart(10)}${'ours/raw'.padStart(10)}`);
row('append (conflict check, idempotency, hash chain)', summary.oursAppend, summary.rawAppend);
row('read back (readAll pages + JSON.parse)', summary.oursRead, summary.rawRead);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
