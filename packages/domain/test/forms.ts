import { readFileSync } from 'node:fs';
import { createFormCatalogue } from '../src/index.ts';

/** The shipped form definitions, read directly so the domain's tests need no other package. */
export function shippedForm(code: 'sanitation' | 'patent' | 'rnd') {
  const url = new URL(`../../../schemas/forms/${code}.json`, import.meta.url);
  return createFormCatalogue([{ origin: url.pathname, content: JSON.parse(readFileSync(url, 'utf8')) }]).get(code);
}
