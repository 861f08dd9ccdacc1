import { describe, expect, it } from 'vitest';
import { uuidFromName } from '../src/uuid-from-name.ts';

describe('name-based event ids', () => {
  // Pinned: a retry after an upgrade must derive the ids the first attempt stored.
  it.each([
    ['idempotency:bench:abc:0', 'e0cd5883-e6aa-553e-aea7-92ef73f9ee39'],
    ['quality-report-x:3', 'c6fed420-47cf-5776-a368-9f2aa5c31e70'],
    ['东城区', 'd66aad56-5974-5ee9-bb74-6350fc73b85c'],
    ['', '2d9bcb46-75f9-5945-9f7b-9437909c6cd5'],
  ])('derives the same UUID v5 for %j in every version', (name, id) => {
    expect(uuidFromName(name)).toBe(id);
  });
});
