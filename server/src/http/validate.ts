import type { z } from 'zod';
import { invalidInput } from './error-catalog.ts';

/** Parses input with a zod schema; failure is a 400 `invalid_input` listing each bad field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw invalidInput(result.error.issues);
  }
  return result.data;
}
