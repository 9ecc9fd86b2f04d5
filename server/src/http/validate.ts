import type { z } from 'zod';
import { isOutOfRange } from '@shared/api/out-of-range.ts';
import { invalidInput, valueOutOfRange } from './error-catalog.ts';

/**
 * Parses input with a zod schema; failure is a 400 `invalid_input` listing each bad field, or a
 * 422 `value_out_of_range` when the input is well-formed and only its values exceed the bounds.
 */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw result.error.issues.every(isOutOfRange) ? valueOutOfRange(result.error.issues) : invalidInput(result.error.issues);
  }
  return result.data;
}
