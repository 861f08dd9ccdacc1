import { describe, expect, it } from 'vitest';
import { CheckpointConflictError } from '../errors.ts';
import type { OpenedStore } from './harness.ts';

export function checkpointContract(open: () => Promise<OpenedStore>) {
  describe('checkpoints', () => {
    it('has none until first saved, then versions each save from 0', async () => {
      const { checkpoints } = await open();
      expect(await checkpoints.load('projector')).toBeNull();
      expect(await checkpoints.save('projector', '00000000000000000004', null)).toEqual({
        position: '00000000000000000004',
        version: 0,
      });
      expect(await checkpoints.save('projector', '00000000000000000009', 0)).toEqual({
        position: '00000000000000000009',
        version: 1,
      });
      expect(await checkpoints.load('projector')).toEqual({ position: '00000000000000000009', version: 1 });
    });

    it('refuses a save from a stale copy of the processor', async () => {
      const { checkpoints } = await open();
      await checkpoints.save('sweeper', '1', null);
      await checkpoints.save('sweeper', '2', 0);
      await expect(checkpoints.save('sweeper', '3', 0)).rejects.toBeInstanceOf(CheckpointConflictError);
      await expect(checkpoints.save('sweeper', '3', null)).rejects.toBeInstanceOf(CheckpointConflictError);
      expect(await checkpoints.load('sweeper')).toEqual({ position: '2', version: 1 });
    });

    it('keeps checkpoints of different processors apart', async () => {
      const { checkpoints } = await open();
      await checkpoints.save('a', '7', null);
      expect(await checkpoints.load('b')).toBeNull();
    });
  });
}
