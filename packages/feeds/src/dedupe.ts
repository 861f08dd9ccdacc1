/**
 * What a consumer does with the feed: keep the highest revision seen per key; a message at or below it is a
 * duplicate (a re-send after a publisher crash) or stale, and is dropped.
 */
export function createDeduplicator() {
  const seen = new Map<string, number>();
  return {
    accept(key: string, revision: number): 'new' | 'duplicate' | 'stale' {
      const last = seen.get(key);
      if (last === undefined || revision > last) {
        seen.set(key, revision);
        return 'new';
      }
      return revision === last ? 'duplicate' : 'stale';
    },
    latest: () => new Map(seen),
  };
}
