import type { ScriptBody } from '@shared/scripts/content.ts';
import type { ScriptType } from '@shared/enums.ts';

export const SCRIPT_TYPE_LABELS: Record<ScriptType, string> = { text: '文本', image: '图片', link: '链接', miniprogram: '小程序' };

/** The text a guide would paste when copying a script instead of sending it. */
export function copyableText(body: ScriptBody): string {
  switch (body.type) {
    case 'text':
      return body.content.text;
    case 'image':
      return body.content.imageUrl;
    case 'link':
      return [body.content.title, body.content.desc, body.content.url].filter(Boolean).join('\n');
    case 'miniprogram':
      return body.content.title;
  }
}
