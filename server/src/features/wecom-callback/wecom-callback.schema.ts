import { z } from 'zod';

/** Query of GET /wecom/callback (URL verification). Koa has already URL-decoded it. */
export const verifyQuerySchema = z.object({
  msg_signature: z.string().regex(/^[0-9a-fA-F]{40}$/, 'must be a sha1 hex digest'),
  timestamp: z.string().regex(/^\d{1,12}$/),
  nonce: z.string().min(1).max(64),
  // A '+' sent unencoded arrives as ' ' after query decoding; base64 has no spaces.
  echostr: z
    .string()
    .min(1)
    .max(4096)
    .transform((v) => v.replaceAll(' ', '+')),
});

/** Query of POST /wecom/callback (event delivery); the signature is over the envelope's Encrypt. */
export const eventQuerySchema = verifyQuerySchema.omit({ echostr: true });
export type EventQuery = z.infer<typeof eventQuerySchema>;
