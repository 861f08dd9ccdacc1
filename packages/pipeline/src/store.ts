import { DEFAULT_STORE, createSqliteEventStore, parseStoreUrl, type StoreLocation } from '@statledger/event-store-sqlite';
import { createKurrentEventStore } from '@statledger/event-store-kurrentdb';
import type { EventStore } from '@statledger/event-store';
import type { ProjectionStore } from '@statledger/read-models';
import { createSqliteProjectionStore } from '@statledger/read-models-sqlite';

/** The two halves of a deployment: where the events live, and where the read side keeps its rows and checkpoints. */
export interface Stores {
  events: EventStore;
  projections: ProjectionStore;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** The events: `--store`, else STATLEDGER_STORE, else the embedded SQLite file. */
  store?: string | undefined;
  /** The projections: `--projections`, else STATLEDGER_PROJECTIONS, else beside the events (see below). */
  projections?: string | undefined;
  now?: () => Date;
}

/**
 * Opens both halves. Without a projections setting they live beside the events: in the same SQLite file, on one
 * connection (the embedded default); with events on KurrentDB, in the SQLite file ./data/read-models.db of the
 * host. Any events store may have its projections elsewhere (STATLEDGER_PROJECTIONS=sqlite:PATH).
 */
export async function openStores(options: StoreOptions = {}): Promise<Stores> {
  const events = parseStoreUrl(options.store || process.env.STATLEDGER_STORE || DEFAULT_STORE);
  const projectionsUrl = options.projections || process.env.STATLEDGER_PROJECTIONS;
  const projections = projectionsUrl ? parseStoreUrl(projectionsUrl, 'projections') : events.kind === 'kurrentdb' ? parseStoreUrl(`sqlite:${process.env.STATLEDGER_READ_MODELS ?? './data/read-models.db'}`) : events;
  const clock = options.now ? { now: options.now } : {};
  if (events.kind === 'sqlite' && projections.kind === 'sqlite' && projections.path === events.path) {
    const store = createSqliteEventStore({ path: events.path, ...clock });
    const rows = createSqliteProjectionStore({ db: store.db });
    return { events: store, projections: rows, close: () => store.close() };
  }
  const eventStore = openEvents(events, clock);
  const projectionStore = openProjections(projections);
  return {
    events: eventStore,
    projections: projectionStore,
    async close() {
      await projectionStore.close();
      await eventStore.close();
    },
  };
}

function openEvents(location: StoreLocation, clock: { now?: () => Date }): EventStore {
  if (location.kind === 'sqlite') return createSqliteEventStore({ path: location.path, ...clock });
  if (location.kind === 'postgres') throw new Error('PostgreSQL events are not available in this build');
  return createKurrentEventStore({ connectionString: location.connectionString, namespace: process.env.STATLEDGER_NAMESPACE ?? 'statledger', ...clock });
}

function openProjections(location: StoreLocation): ProjectionStore {
  if (location.kind === 'sqlite') return createSqliteProjectionStore({ path: location.path });
  throw new Error(`projections cannot live in ${location.kind} (STATLEDGER_PROJECTIONS); use sqlite:PATH`);
}
