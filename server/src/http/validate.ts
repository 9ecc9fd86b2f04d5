import type { z } from 'zod';
import { badRequest } from './errors.ts';

/** Parses input with a zod schema; failure is a 400 `invalid_input` listing each bad field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw badRequest(
      'invalid_input',
      '请求参数有误',
      result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  return result.data;
}
