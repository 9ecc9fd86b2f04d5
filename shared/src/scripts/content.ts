import { z } from 'zod';
import type { ScriptType } from '@shared/enums.ts';
import { isHttpsUrl, isSitePath } from './urls.ts';

export { isHttpsUrl, isSitePath };

const isImageUrl = (v: string) => isHttpsUrl(v) || isSitePath(v);

const httpsUrl = (label: string) => z.string().min(1).max(1024).refine(isHttpsUrl, `${label}必须是 https:// 开头的网址`);
const imageUrl = (label: string) =>
  z.string().min(1).max(1024).refine(isImageUrl, `${label}必须是 https:// 开头的网址或本站图片路径（/ 开头）`);
const optionalImageUrl = (label: string) =>
  z
    .string()
    .max(1024)
    .refine((v) => v === '' || isImageUrl(v), `${label}必须是 https:// 开头的网址或本站图片路径（/ 开头）`)
    .default('');

/**
 * Script content per type (the `script.content` JSON column). Text fields may
 * contain variables such as {客户称呼}; they are rendered per customer.
 */
export const textContentSchema = z.object({ text: z.string().min(1).max(4000) });
/**
 * An image: a preview URL for the sidebar, and what WeCom sends: an image stored on this server
 * (`assetId`, uploaded to WeCom's temporary media on send and re-uploaded before its 3 days run out)
 * or a media id pasted from 素材管理 (`mediaId`, used as is).
 */
export const imageContentSchema = z.object({
  imageUrl: imageUrl('图片地址'),
  assetId: z.number().int().positive().optional(),
  mediaId: z.string().max(512).optional(),
});
/** A link card (sent as msgtype news). */
export const linkContentSchema = z.object({
  title: z.string().min(1).max(128),
  desc: z.string().max(512).default(''),
  url: httpsUrl('链接地址'),
  imgUrl: optionalImageUrl('封面图地址'),
});
/** A mini program card. */
export const miniprogramContentSchema = z.object({
  appid: z.string().min(1).max(64),
  title: z.string().min(1).max(128),
  imgUrl: optionalImageUrl('封面图地址'),
  page: z.string().min(1).max(512),
});

export type TextContent = z.infer<typeof textContentSchema>;
export type ImageContent = z.infer<typeof imageContentSchema>;
export type LinkContent = z.infer<typeof linkContentSchema>;
export type MiniprogramContent = z.infer<typeof miniprogramContentSchema>;

export const SCRIPT_CONTENT_SCHEMAS = {
  text: textContentSchema,
  image: imageContentSchema,
  link: linkContentSchema,
  miniprogram: miniprogramContentSchema,
} as const satisfies Record<ScriptType, z.ZodType>;

/** A script's type with its matching content (what the API returns and accepts). */
export const scriptBodySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), content: textContentSchema }),
  z.object({ type: z.literal('image'), content: imageContentSchema }),
  z.object({ type: z.literal('link'), content: linkContentSchema }),
  z.object({ type: z.literal('miniprogram'), content: miniprogramContentSchema }),
]);
export type ScriptBody = z.infer<typeof scriptBodySchema>;

/**
 * The payload for `ww.sendChatMessage` (wecom-api.md §11.4) produced from a rendered script.
 * An image without a media id cannot be sent through the SDK; the server then answers with an error.
 */
export const chatMessageSchema = z.discriminatedUnion('msgtype', [
  z.object({ msgtype: z.literal('text'), text: z.object({ content: z.string() }) }),
  z.object({ msgtype: z.literal('image'), image: z.object({ mediaid: z.string() }) }),
  z.object({ msgtype: z.literal('news'), news: z.object({ link: z.string(), title: z.string(), desc: z.string(), imgUrl: z.string() }) }),
  z.object({
    msgtype: z.literal('miniprogram'),
    miniprogram: z.object({ appid: z.string(), title: z.string(), imgUrl: z.string(), page: z.string() }),
  }),
]);
export type ChatMessage = z.infer<typeof chatMessageSchema>;
