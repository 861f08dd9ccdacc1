import {
  unitEventSchema,
  evolveUnitRegistry,
  tierOf,
  type RegisteredUnit,
  type Tier,
  type UnitCode,
} from '@statledger/domain';
import { oneAtATime, readAllPages, type EventStore } from '@statledger/event-store';

export interface UnitRegistry {
  /** Reads unit events appended since the last call (by any process). */
  catchUp(): Promise<void>;
  get(code: UnitCode): RegisteredUnit | undefined;
  /** Last revision of the unit's stream, for optimistic concurrency on registry changes. */
  revisionOf(code: UnitCode): bigint | undefined;
  /** Like get, but reads the log once more before saying a unit is unknown. */
  find(code: UnitCode): Promise<RegisteredUnit | undefined>;
  children(code: UnitCode): RegisteredUnit[];
  /** Every registered unit of a tier, by code. */
  ofTier(tier: Tier): RegisteredUnit[];
  size(): number;
}

/** The unit registry as an in-memory projection of the `unit-` streams. */
export function createUnitRegistry(store: Pick<EventStore, 'readAll'>): UnitRegistry {
  const units = new Map<UnitCode, RegisteredUnit>();
  const childrenOf = new Map<UnitCode, Set<UnitCode>>();
  const revisions = new Map<UnitCode, bigint>();
  let position: string | undefined;

  async function readNew() {
    for await (const page of readAllPages(store, { from: position, filter: { streamPrefixes: ['unit-'] } })) {
      for (const recorded of page) {
        const event = unitEventSchema.parse({ type: recorded.type, data: recorded.data });
        evolveUnitRegistry(units, event);
        revisions.set(event.data.code, recorded.revision);
        position = recorded.position;
        if (event.type === 'UnitAttributeSet') continue;
        const parent = units.get(event.data.code)?.parentCode;
        if (parent) (childrenOf.get(parent) ?? childrenOf.set(parent, new Set()).get(parent)!).add(event.data.code);
        revisions.set(event.data.code, recorded.revision);
        position = recorded.position;
      }
    }
  }

  // Two questions at once (two HTTP requests) must not fold the same events twice.
  const catchUp = oneAtATime(readNew);

  return {
    catchUp,
    get: (code) => units.get(code),
    revisionOf: (code) => revisions.get(code),
    async find(code) {
      if (!units.has(code)) await catchUp();
      return units.get(code);
    },
    children: (code) => [...(childrenOf.get(code) ?? [])].sort().map((c) => units.get(c)!),
    ofTier: (tier) =>
      [...units.values()].filter((u) => tierOf(u.code) === tier).sort((a, b) => (a.code < b.code ? -1 : 1)),
    size: () => units.size,
  };
}
