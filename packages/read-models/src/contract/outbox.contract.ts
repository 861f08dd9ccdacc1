import { describe, expect, it } from 'vitest';
import type { ProjectionStore } from '../projection-store.ts';
import { fold } from './fold.ts';
import { SAMPLE, sampleLog } from './sample-log.ts';

export function outboxContract(open: () => Promise<ProjectionStore>) {
  describe('the feed’s outbox', () => {
    it('lists the aggregates a publisher has not sent, oldest change first, until it marks them sent', async () => {
      const log = await sampleLog();
      const projections = await open();
      await fold(log, projections);
      const revisions = await projections.aggregateRevisions();
      const pending = await projections.outbox.pending('kafka', 1_000);
      // Every district and city aggregate of every month, at its current revision.
      expect(pending).toHaveLength(2 * SAMPLE.months.length);
      expect(pending.map(([key, revision]) => [key, revision])).toEqual(
        pending.map(([key]) => [key, revisions.get(key)]),
      );
      expect(pending.map(([, , position]) => position)).toEqual(pending.map(([, , position]) => position).sort());

      await projections.outbox.markSent('kafka', pending.slice(0, 5));
      expect(await projections.outbox.pending('kafka', 1_000)).toEqual(pending.slice(5));
      // Another publisher keeps its own record.
      expect(await projections.outbox.pending('file', 3)).toEqual(pending.slice(0, 3));
      const keys = pending.slice(0, 2).map(([key]) => key);
      expect(await projections.outbox.revisions([...keys, 'sanitation|110101000000|1999-01'])).toEqual(
        new Map(keys.map((key) => [key, revisions.get(key)])),
      );
    });

    it('lists an aggregate again when its revision rises past the one sent', async () => {
      const projections = await open();
      await fold(await sampleLog(), projections);
      const [first] = await projections.outbox.pending('kafka', 1);
      await projections.outbox.markSent('kafka', [[first![0], first![1] - 1, first![2]]]);
      expect((await projections.outbox.pending('kafka', 1_000)).map(([key]) => key)).toContain(first![0]);
      await projections.outbox.markSent('kafka', [first!]);
      expect((await projections.outbox.pending('kafka', 1_000)).map(([key]) => key)).not.toContain(first![0]);
    });
  });
}
