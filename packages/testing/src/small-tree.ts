/** Metadata for events a test writes by hand. */
export const TEST_METADATA = { principal: 'test', channel: 'api', correlationId: 'c' };

/** A village's monthly sanitation figures that pass every check (harmless treatment within collection). */
export const PLAUSIBLE_SANITATION = {
  SAN_ROAD_AREA: '3',
  SAN_WASTE_COLLECTED: '100',
  SAN_WASTE_HARMLESS: '99',
  SAN_NIGHT_SOIL: '10',
  SAN_CONSTRUCTION_WASTE: '20',
  SAN_PUBLIC_TOILETS: '6',
  SAN_CLEANERS: '14',
};

/** 东城区, its township 东华门街道 and two of its villages, as [code, parent]: the smallest tree with every tier below the city. */
export const SMALL_TREE = [
  ['110101000000', '110100000000'],
  ['110101001000', '110101000000'],
  ['110101001001', '110101001000'],
  ['110101001002', '110101001000'],
] as const;

/** Events written by hand in a test, their ids made from a name by `idOf` (the event store's uuidFromName). */
export const handWritten =
  (idOf: (name: string) => string) =>
  <D>(type: string, data: D, name: string) => ({ id: idOf(name), type, data, metadata: TEST_METADATA });

/** A store's append, as much of it as registering the tree needs (this package sits below the event store). */
interface Appends {
  appendToStream(
    stream: string,
    events: { id: string; type: string; data: Record<string, unknown>; metadata: Record<string, unknown> }[],
    options: { expectedRevision: 'no_stream' },
  ): Promise<unknown>;
}

/** Registers SMALL_TREE in `store`, each unit in its own stream with an id made from its code by `idOf`. */
export async function registerSmallTree<S extends Appends>(store: S, idOf: (name: string) => string): Promise<S> {
  const event = handWritten(idOf);
  for (const [code, parentCode] of SMALL_TREE) {
    const registered = event('UnitRegistered', { code, name: code, parentCode }, `u-${code}`);
    await store.appendToStream(`unit-${code}`, [registered], { expectedRevision: 'no_stream' });
  }
  return store;
}
