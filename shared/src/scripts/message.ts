import type { ChatMessage, ScriptBody } from './content.ts';
import { isSitePath } from './urls.ts';
import { renderScript, type ScriptVars } from './render.ts';

/** Renders the variables in every text field of a script body (urls, ids and media are left alone). */
export function renderScriptBody(body: ScriptBody, vars: ScriptVars): ScriptBody {
  switch (body.type) {
    case 'text':
      return { type: 'text', content: { text: renderScript(body.content.text, vars) } };
    case 'image':
      return { type: 'image', content: { ...body.content } };
    case 'link':
      return {
        type: 'link',
        content: { ...body.content, title: renderScript(body.content.title, vars), desc: renderScript(body.content.desc, vars) },
      };
    case 'miniprogram':
      return { type: 'miniprogram', content: { ...body.content, title: renderScript(body.content.title, vars) } };
  }
}

/** One-line text preview of a body for lists. */
export function previewOf(body: ScriptBody, max = 80): string {
  const raw =
    body.type === 'text'
      ? body.content.text
      : body.type === 'image'
        ? '[图片]'
        : body.type === 'link'
          ? `[链接] ${body.content.title}`
          : `[小程序] ${body.content.title}`;
  const flat = raw.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * The `ww.sendChatMessage` payload for an (already rendered) body (wecom-api.md §11.4).
 * Returns null for an image that has no media id yet (the SDK can only send uploaded media).
 */
export function chatMessageOf(body: ScriptBody): ChatMessage | null {
  switch (body.type) {
    case 'text':
      return { msgtype: 'text', text: { content: body.content.text } };
    case 'image':
      return body.content.mediaId ? { msgtype: 'image', image: { mediaid: body.content.mediaId } } : null;
    case 'link':
      return {
        msgtype: 'news',
        news: { link: body.content.url, title: body.content.title, desc: body.content.desc, imgUrl: body.content.imgUrl },
      };
    case 'miniprogram':
      return {
        msgtype: 'miniprogram',
        miniprogram: { appid: body.content.appid, title: body.content.title, imgUrl: body.content.imgUrl, page: body.content.page },
      };
  }
}

/**
 * The message with cover images given as a path on this server (see `isSitePath`) made absolute
 * against `origin` (the sidebar's own, https inside WeCom): the customer's WeChat fetches them.
 */
export function withAbsoluteImages(message: ChatMessage, origin: string): ChatMessage {
  const absolute = (url: string) => (isSitePath(url) ? new URL(url, origin).toString() : url);
  switch (message.msgtype) {
    case 'news':
      return { msgtype: 'news', news: { ...message.news, imgUrl: absolute(message.news.imgUrl) } };
    case 'miniprogram':
      return { msgtype: 'miniprogram', miniprogram: { ...message.miniprogram, imgUrl: absolute(message.miniprogram.imgUrl) } };
    default:
      return message;
  }
}
