import { z } from 'zod';

/** GET /auth/login?redirect=/path — redirect must be a same-origin path. */
export const loginQuerySchema = z.object({
  redirect: z
    .string()
    .max(1024)
    .regex(/^\/(?!\/)/, 'must be a path on this site')
    .optional(),
});
export type LoginQuery = z.infer<typeof loginQuerySchema>;

/** GET /auth/callback?code&state — WeCom's OAuth2 redirect back to us. */
export const oauthCallbackQuerySchema = z.object({
  code: z.string().min(1).max(512),
  state: z.string().min(1).max(128),
});
export type OauthCallbackQuery = z.infer<typeof oauthCallbackQuerySchema>;

/** GET /api/wecom/jssdk-config?url= — url is the current page URL without the `#…` part. */
export const jssdkConfigQuerySchema = z.object({ url: z.string().min(1).max(2048) });
export type JssdkConfigQuery = z.infer<typeof jssdkConfigQuerySchema>;

/** One JS-SDK signature (wecom-api.md §8): timestamp in seconds. */
export const jssdkSignatureSchema = z.object({
  timestamp: z.number().int(),
  nonceStr: z.string(),
  signature: z.string(),
});
export type JssdkSignature = z.infer<typeof jssdkSignatureSchema>;

/** What `ww.register` needs: corp identity (`config`) and app identity (`agentConfig`). */
export const jssdkConfigResponseSchema = z.object({
  corpId: z.string(),
  agentId: z.number().int(),
  config: jssdkSignatureSchema,
  agentConfig: jssdkSignatureSchema,
});
export type JssdkConfigResponse = z.infer<typeof jssdkConfigResponseSchema>;
