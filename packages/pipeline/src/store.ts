import { resolve } from 'node:path';
import {
  DEFAULT_STORE,
  createSqliteEventStore,
  parseStoreUrl,
  type StoreLocation,
} from '@statledger/event-store-sqlite';
import { createKurrentEventStore } from '@statledger/event-store-kurrentdb';
import { createPostgresEventStore } from '@statledger/event-store-postgres';
import type { EventStore } from '@statledger/event-store';
import type { ProjectionStore } from '@statledger/read-models';
import { createSqliteProjectionStore } from '@statledger/read-models-sqlite';
import { createPostgresProjectionStore } from '@statledger/read-models-postgres';

/** The two halves of a deployment: where the events live, and where the read side keeps its rows and checkpoints. */
export interface Stores {
  events: EventStore;
  /** The log's name in chain anchors: where it is stored, without credentials. */
  log: string;
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

const STORE_SETTING = '--store or STATLEDGER_STORE';
const PROJECTIONS_SETTING = '--projections or STATLEDGER_PROJECTIONS';

/**
 * Opens both halves. Without a projections setting they live beside the events: in the same SQLite file, on one
 * connection (the embedded default), or in the same PostgreSQL database, on one pool; with events on KurrentDB, in
 * the SQLite file ./data/read-models.db of the host. Any events store may have its projections elsewhere
 * (STATLEDGER_PROJECTIONS=sqlite:PATH or postgres://…).
 */
export async function openStores(options: StoreOptions = {}): Promise<Stores> {
  const events = parseStoreUrl(options.store || process.env.STATLEDGER_STORE || DEFAULT_STORE);
  const projectionsUrl = options.projections || process.env.STATLEDGER_PROJECTIONS;
  const projections = projectionsUrl
    ? parseStoreUrl(projectionsUrl, 'projections')
    : events.kind === 'kurrentdb'
      ? parseStoreUrl(`sqlite:${process.env.STATLEDGER_READ_MODELS ?? './data/read-models.db'}`)
      : events;
  const clock = options.now ? { now: options.now } : {};
  if (events.kind === 'sqlite' && projections.kind === 'sqlite' && projections.path === events.path) {
    const store = createSqliteEventStore({ path: events.path, ...clock });
    const rows = createSqliteProjectionStore({ db: store.db });
    return { events: store, log: logName(events), projections: rows, close: () => store.close() };
  }
  if (
    events.kind === 'postgres' &&
    projections.kind === 'postgres' &&
    projections.connectionString === events.connectionString
  ) {
    const store = await createPostgresEventStore({
      connectionString: events.connectionString,
      setting: STORE_SETTING,
      ...clock,
    });
    const rows = await createPostgresProjectionStore({ pool: store.pool });
    return { events: store, log: logName(events), projections: rows, close: () => store.close() };
  }
  const eventStore = await openEvents(events, clock);
  const projectionStore = await openProjections(projections).catch(async (error: unknown) => {
    await eventStore.close();
    throw error;
  });
  return {
    events: eventStore,
    log: logName(events),
    projections: projectionStore,
    async close() {
      await projectionStore.close();
      await eventStore.close();
    },
  };
}

/** The KurrentDB namespace of the streams: STATLEDGER_NAMESPACE, else statledger. */
const kurrentNamespace = () => process.env.STATLEDGER_NAMESPACE ?? 'statledger';

function logName(location: StoreLocation): string {
  if (location.kind === 'sqlite') return `sqlite:${resolve(location.path)}`;
  if (location.kind === 'kurrentdb') {
    const where = location.connectionString.replace(/\/\/[^@/]*@/, '//').replace(/\?.*$/, '');
    return `${where}#${kurrentNamespace()}`;
  }
  // The database and schema, not the host: a standby promoted in a fail-over holds the same log.
  const url = new URL(location.connectionString);
  const schema = /search_path=([^\s,]+)/.exec(url.searchParams.get('options') ?? '')?.[1];
  return `postgres:${url.pathname.slice(1) || 'postgres'}${schema ? `#${schema}` : ''}`;
}

async function openEvents(location: StoreLocation, clock: { now?: () => Date }): Promise<EventStore> {
  if (location.kind === 'sqlite') return createSqliteEventStore({ path: location.path, ...clock });
  if (location.kind === 'postgres')
    return createPostgresEventStore({ connectionString: location.connectionString, setting: STORE_SETTING, ...clock });
  return createKurrentEventStore({
    connectionString: location.connectionString,
    namespace: kurrentNamespace(),
    ...clock,
  });
}

async function openProjections(location: StoreLocation): Promise<ProjectionStore> {
  if (location.kind === 'sqlite') return createSqliteProjectionStore({ path: location.path });
  if (location.kind === 'postgres')
    return createPostgresProjectionStore({ connectionString: location.connectionString, setting: PROJECTIONS_SETTING });
  throw new Error(
    `projections cannot live in ${location.kind} (${PROJECTIONS_SETTING}); use sqlite:PATH or postgres://…`,
  );
}
