/**
 * A catch-up that callers may start at once (two HTTP requests) runs one at a time: each run reads from where the
 * last one stopped, so no event is folded twice. A failed run does not block the next.
 */
export function oneAtATime<T>(run: () => Promise<T>): () => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return () => {
    const next = last.then(run, run);
    last = next.catch(() => undefined);
    return next;
  };
}
