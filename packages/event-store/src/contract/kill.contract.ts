import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { spawnTs } from '@statledger/testing';
import { verifyChain } from '../integrity.ts';
import { uuidFromName } from '../uuid-from-name.ts';
import type { ContractHarness } from './harness.ts';

const child = join(dirname(fileURLToPath(import.meta.url)), 'kill-child.ts');

export function killContract(harness: ContractHarness & { childModule: string }) {
  describe('surviving SIGKILL (real child processes)', () => {
    it('keeps each append whole when the writer is killed mid-append; a re-run completes it exactly once', async () => {
      const { store, connection, dispose } = await harness.create();
      try {
        const writer = spawnTs(child, ['writer', harness.childModule, connection!, '400']);
        await writer.waitForLine(/^appended 150$/);
        expect(await writer.kill('SIGKILL')).toBe('SIGKILL');

        const survived = await store.readAll();
        expect(survived.length).toBeGreaterThan(0);
        const perStream = new Map<string, number>();
        for (const e of survived) perStream.set(e.stream, (perStream.get(e.stream) ?? 0) + 1);
        expect([...perStream.values()].every((n) => n === 5)).toBe(true);
        expect(await verifyChain(store)).toMatchObject({ ok: true, checked: survived.length });

        const rerun = spawnTs(child, ['writer', harness.childModule, connection!, '400']);
        expect(await rerun.exited, rerun.output()).toBe(0);
        const all = await store.readAll();
        expect(all).toHaveLength(2_000);
        expect(new Set(all.map((e) => e.id)).size).toBe(2_000);
        expect(all.slice(0, survived.length).map((e) => e.id)).toEqual(survived.map((e) => e.id));
        expect(await verifyChain(store)).toMatchObject({ ok: true, checked: 2_000 });
      } finally {
        await dispose();
      }
    });

    it('resumes a killed processor from its checkpoint: every event processed exactly once', async () => {
      const { store, checkpoints, connection, dispose } = await harness.create();
      try {
        const writer = spawnTs(child, ['writer', harness.childModule, connection!, '200']);
        expect(await writer.exited, writer.output()).toBe(0);

        const first = spawnTs(child, ['processor', harness.childModule, connection!]);
        await first.waitForLine(/^processed (2\d\d|[3-9]\d\d)$/);
        expect(await first.kill('SIGKILL')).toBe('SIGKILL');
        const saved = await checkpoints.load('kill-processor');
        expect(saved).not.toBeNull();

        const second = spawnTs(child, ['processor', harness.childModule, connection!]);
        const line = await second.waitForLine(/^caught-up \d+$/);
        expect(await second.exited, second.output()).toBe(0);
        // The restart began at the checkpoint, not at the start of the log.
        expect(Number(line.split(' ')[1])).toBeLessThan(1_000);

        const sources = await store.readAll({ filter: { streamPrefixes: ['kill-'] } });
        const processed = await store.readAll({ filter: { streamPrefixes: ['processed-'] } });
        expect(sources).toHaveLength(1_000);
        expect(processed).toHaveLength(1_000);
        expect(new Set(processed.map((e) => e.stream))).toEqual(new Set(sources.map((e) => `processed-${e.id}`)));
        expect(processed.every((e) => e.id === uuidFromName(e.stream))).toBe(true);
      } finally {
        await dispose();
      }
    });
  });
}
