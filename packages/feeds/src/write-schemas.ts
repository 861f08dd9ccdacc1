import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadFormCatalogue, SCHEMAS_DIR } from '@statledger/form-catalogue';
import { AGGREGATE_MESSAGE_SCHEMA_FILE, aggregateMessageJsonSchema } from './json-schema.ts';
import { dataflowDescription } from './sdmx.ts';

// Regenerates what consumers are given from the code it is derived from: npx -y pnpm@10 schemas
const write = (path: string, value: unknown) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  console.log(`wrote ${path}`);
};
write(AGGREGATE_MESSAGE_SCHEMA_FILE, aggregateMessageJsonSchema());
for (const form of loadFormCatalogue().forms.values())
  write(join(SCHEMAS_DIR, 'sdmx', `DF_${form.code.toUpperCase()}.json`), dataflowDescription(form));
