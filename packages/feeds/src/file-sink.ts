import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FeedMessage, FeedSink } from './sink.ts';

/** NDJSON, one `{key, value}` line per message, appended and fsynced before `send` resolves. */
export function createFileSink(path: string): FeedSink {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'a');
  return {
    name: `file:${path}`,
    async send(messages: readonly FeedMessage[]) {
      if (messages.length === 0) return;
      writeSync(fd, messages.map((m) => `${JSON.stringify({ key: m.key, value: m.value })}\n`).join(''));
      fsyncSync(fd);
    },
    async close() {
      closeSync(fd);
    },
  };
}
