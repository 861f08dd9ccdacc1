import { z } from 'zod';
import { parentOf, unitCodeSchema, type UnitCode } from './unit-code.ts';

/** Registry changes, one stream per unit: `unit-{code}`. */
export const unitRegisteredSchema = z.object({
  type: z.literal('UnitRegistered'),
  data: z.object({ code: unitCodeSchema, name: z.string().min(1), parentCode: unitCodeSchema.nullable() }),
});
export const unitRenamedSchema = z.object({
  type: z.literal('UnitRenamed'),
  data: z.object({ code: unitCodeSchema, name: z.string().min(1), previousName: z.string().min(1) }),
});
/**
 * An attribute of a unit valid from a date (resident population 常住人口), as its authoritative source
 * publishes it for that unit's own tier — never summed from its children. Stream: `unit-{code}`.
 */
export const unitAttributeSetSchema = z.object({
  type: z.literal('UnitAttributeSet'),
  data: z.object({
    code: unitCodeSchema,
    attribute: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
    value: z.string().regex(/^\d+(\.\d+)?$/),
    /** First day of validity, YYYY-MM-DD (Asia/Shanghai calendar). */
    validFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    source: z.string().min(1),
  }),
});
export type UnitAttributeSet = z.infer<typeof unitAttributeSetSchema>;

export const unitEventSchema = z.discriminatedUnion('type', [
  unitRegisteredSchema,
  unitRenamedSchema,
  unitAttributeSetSchema,
]);
export type UnitEvent = z.infer<typeof unitEventSchema>;

export function unitStreamName(code: UnitCode): string {
  return `unit-${code}`;
}

export interface RegisteredUnit {
  code: UnitCode;
  name: string;
  parentCode: UnitCode | null;
}

/** The registry as a fold over unit events: code → unit. Mutates and returns the map (projections apply in bulk). */
export function evolveUnitRegistry(
  registry: Map<UnitCode, RegisteredUnit>,
  event: UnitEvent,
): Map<UnitCode, RegisteredUnit> {
  const { code } = event.data;
  if (event.type === 'UnitAttributeSet') return registry;
  if (event.type === 'UnitRegistered')
    registry.set(code, { code, name: event.data.name, parentCode: event.data.parentCode });
  else {
    const unit = registry.get(code);
    if (unit) registry.set(code, { ...unit, name: event.data.name });
  }
  return registry;
}

/** What registering `code` as `name` means given what the registry holds: nothing, a registration or a rename. */
export function decideUnitRegistration(
  existing: RegisteredUnit | undefined,
  code: UnitCode,
  name: string,
): UnitEvent[] {
  if (!existing) return [{ type: 'UnitRegistered', data: { code, name, parentCode: parentOf(code) } }];
  if (existing.name === name) return [];
  return [{ type: 'UnitRenamed', data: { code, name, previousName: existing.name } }];
}
