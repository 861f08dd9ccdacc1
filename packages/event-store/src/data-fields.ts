import type { DataFields, JsonObject, JsonValue, RecordedEvent } from './types.ts';

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The fields asked for, by event type. Field names are checked: SQL stores name them in a JSON path, and the picked
 * payload is a plain object, whose prototype `__proto__` would set. A type asking for no field is not picked.
 */
export function dataFieldsByType(dataFields: DataFields | undefined): Map<string, readonly string[]> {
  const byType = new Map<string, readonly string[]>();
  for (const [type, fields] of Object.entries(dataFields ?? {})) {
    const bad = fields.find((field) => !FIELD_NAME.test(field) || field === '__proto__');
    if (bad !== undefined)
      throw new TypeError(
        `dataFields.${type}: "${bad}" is not a field name (letters, digits and _, not first a digit, not __proto__)`,
      );
    if (fields.length) byType.set(type, fields);
  }
  return byType;
}

/** The named fields' values, in order, as a SQL store gives them: a JSON null for a field null or absent. */
export function dataOfFieldValues(fields: readonly string[], values: readonly JsonValue[]): JsonObject {
  const data: JsonObject = {};
  for (let i = 0; i < fields.length; i++) if (values[i] !== null) data[fields[i]!] = values[i]!;
  return data;
}

/** The named fields of a payload: a field null or absent in it is absent, as a SQL store gives them. */
export const pickDataFields = (data: JsonObject, fields: readonly string[]): JsonObject =>
  dataOfFieldValues(
    fields,
    fields.map((field) => (Object.hasOwn(data, field) ? data[field]! : null)),
  );

/** The event with only its picked data fields when its type is picked, for a store that reads whole payloads. */
export function picking(event: RecordedEvent, picked: ReadonlyMap<string, readonly string[]>): RecordedEvent {
  const fields = picked.get(event.type);
  return fields ? { ...event, data: pickDataFields(event.data, fields) } : event;
}
