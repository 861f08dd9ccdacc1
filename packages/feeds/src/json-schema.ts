import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { z } from 'zod';
import { aggregateMessageSchema, type AggregateMessage } from './message.ts';

/** Where the published JSON Schema of the Kafka message lives (generated from the zod schema, committed). */
export const AGGREGATE_MESSAGE_SCHEMA_FILE = fileURLToPath(
  new URL('../../../schemas/feeds/statledger.aggregates.v1.schema.json', import.meta.url),
);

export function aggregateMessageJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://statledger.example/schemas/feeds/statledger.aggregates.v1.schema.json',
    title: 'statledger aggregate (topic statledger.aggregates.v1)',
    ...z.toJSONSchema(aggregateMessageSchema, { io: 'output' }),
  };
}

export class InvalidFeedMessageError extends Error {}

/**
 * Validates a message against the published JSON Schema file — the contract consumers hold — not only the
 * zod schema it was generated from, so a stale file or a divergent generator is caught before anything is sent.
 */
export function createMessageValidator(file = AGGREGATE_MESSAGE_SCHEMA_FILE): (message: AggregateMessage) => void {
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(
    JSON.parse(readFileSync(file, 'utf8')) as object,
  );
  return (message) => {
    if (!validate(message as unknown)) {
      throw new InvalidFeedMessageError(
        `message ${message.key} does not match ${file}: ${(validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`,
      );
    }
  };
}
