import { loadFormCatalogue } from '@statledger/form-catalogue';
import type { EventStore } from '@statledger/event-store';
import { runProjector } from '../projector.ts';
import type { ProjectionStore } from '../projection-store.ts';

export const catalogue = loadFormCatalogue();
export const isDenominatorSource = (_form: string, indicator: string, source: string) =>
  indicator === 'GDP' && source === 'statistics_bureau';

/** Folds the whole log into the projection, `batchEvents` per commit. */
export const fold = (events: EventStore, projections: ProjectionStore, batchEvents?: number) =>
  runProjector({
    events,
    projections,
    catalogue,
    isDenominatorSource,
    stopWhenCaughtUp: true,
    ...(batchEvents ? { batchEvents } : {}),
  });
