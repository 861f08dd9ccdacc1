import type { z } from 'zod';
import { RequestValidationError } from './errors.ts';

/** Parses with a zod schema or throws the issues with their field paths. */
export function validate<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  at: (string | number)[] = [],
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new RequestValidationError(
      result.error.issues.map((i) => ({
        path: [...at, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
        message: i.message,
      })),
    );
  }
  return result.data;
}
