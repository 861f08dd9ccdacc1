import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFormCatalogue, InvalidFormError, type FormCatalogue } from '@statledger/domain';

/** `schemas/` of this repository: forms, the source registry, generated JSON Schemas. */
export const SCHEMAS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../schemas');
export const DEFAULT_FORMS_DIR = join(SCHEMAS_DIR, 'forms');
export const DEFAULT_SOURCE_REGISTRY = join(SCHEMAS_DIR, 'sources.json');
/** The assessment schemes (考评办法): one JSON file each, validated when a runtime opens. */
export const DEFAULT_ASSESSMENTS_DIR = join(SCHEMAS_DIR, 'assessments');
/** How long a quality finding may stay open, by severity, before the sweeper escalates it. */
export const DEFAULT_FOLLOW_UP_POLICY = join(SCHEMAS_DIR, 'followup.json');

/** Reads every `*.json` in the folder and validates it; an invalid form stops start-up with its path and reason. */
export function loadFormCatalogue(dir: string = DEFAULT_FORMS_DIR): FormCatalogue {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch (error) {
    throw new InvalidFormError(`cannot read the form folder ${dir}: ${(error as Error).message}`);
  }
  if (files.length === 0) throw new InvalidFormError(`no form definitions (*.json) in ${dir}`);
  return createFormCatalogue(
    files.map((file) => {
      const path = join(dir, file);
      try {
        return { origin: path, content: JSON.parse(readFileSync(path, 'utf8')) };
      } catch (error) {
        throw new InvalidFormError(`form definition ${path} is not valid JSON: ${(error as Error).message}`);
      }
    }),
  );
}
