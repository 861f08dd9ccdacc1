import type { EventStore, RecordedEvent } from './types.ts';

/** Folds a stream into state; `revision` is null when the stream does not exist (append with 'no_stream'). */
export async function aggregateStream<State, Event>(
  store: Pick<EventStore, 'readStream'>,
  stream: string,
  fold: {
    evolve: (state: State, event: Event) => State;
    initialState: () => State;
    toEvent: (recorded: RecordedEvent) => Event;
  },
): Promise<{ state: State; revision: bigint | null; events: RecordedEvent[] }> {
  const events = await store.readStream(stream);
  const state = events.reduce((s, e) => fold.evolve(s, fold.toEvent(e)), fold.initialState());
  return { state, revision: events.at(-1)?.revision ?? null, events };
}
