import type { ApiRoutes } from '@server/simulator/api.ts';
import { parseParams } from '@server/simulator/api.ts';
import { MEDIA_TTL_MS, WELCOME_CODE_TTL_MS, type AcquisitionState } from '@server/simulator/acquisition-state.ts';
import type { SimContext } from '@server/simulator/context.ts';
import { OK, WxError } from '@server/simulator/wx-error.ts';
import {
  addGroupWelcomeTemplateRequestSchema,
  editGroupWelcomeTemplateRequestSchema,
  sendWelcomeMsgRequestSchema,
  templateIdRequestSchema,
  type GroupWelcomeTemplateBody,
  type WelcomeAttachment,
} from '@server/wecom/schemas-acquisition.ts';

const MAX_ATTACHMENTS = 9;
/** ≤ 100 group welcome templates per corp (§5.13.2). */
const MAX_TEMPLATES = 100;

/** A temporary media id that exists and is younger than 3 days, else 40007 as WeCom answers. */
export function requireMedia(acq: AcquisitionState, mediaId: string): void {
  const media = acq.media.get(mediaId);
  if (!media || acq.now() - media.createdAt > MEDIA_TTL_MS) throw new WxError(40007, mediaId);
}

/** pic_url must be a URL media/uploadimg returned (§5.13.1). */
function requireUploadedImage(acq: AcquisitionState, url: string): void {
  const key = /\/sim\/img\/([^/?#]+)$/.exec(url)?.[1];
  if (!key || !acq.images.has(key)) throw new WxError(40058, 'pic_url must come from media/uploadimg');
}

function checkImage(acq: AcquisitionState, image: { media_id?: string; pic_url?: string }): void {
  // media_id wins when both are given; not both empty.
  if (image.media_id) requireMedia(acq, image.media_id);
  else if (image.pic_url) requireUploadedImage(acq, image.pic_url);
  else throw new WxError(40058, 'image.media_id and image.pic_url both empty');
}

function checkAttachment(acq: AcquisitionState, a: WelcomeAttachment): void {
  switch (a.msgtype) {
    case 'image':
      return checkImage(acq, a.image);
    case 'miniprogram':
      return requireMedia(acq, a.miniprogram.pic_media_id);
    case 'video':
      return requireMedia(acq, a.video.media_id);
    case 'file':
      return requireMedia(acq, a.file.media_id);
    case 'link':
      return;
  }
}

function checkTemplate(acq: AcquisitionState, t: GroupWelcomeTemplateBody, maxTextBytes: number): void {
  if (!t.text?.content && !t.image && !t.link && !t.miniprogram && !t.file && !t.video) throw new WxError(40058, 'template is empty');
  if (t.text && Buffer.byteLength(t.text.content, 'utf8') > maxTextBytes) throw new WxError(40058, 'text.content too long');
  if (t.image) checkImage(acq, t.image);
  if (t.miniprogram) requireMedia(acq, t.miniprogram.pic_media_id);
  if (t.file) requireMedia(acq, t.file.media_id);
  if (t.video) requireMedia(acq, t.video.media_id);
}

/** The template as get answers it: images as pic_url, no agentid. */
function renderTemplate(origin: string, t: GroupWelcomeTemplateBody): Record<string, unknown> {
  const { agentid: _agentid, image, ...rest } = t;
  return {
    ...rest,
    ...(image ? { image: { pic_url: image.pic_url ?? `${origin}/sim/img/media-${image.media_id ?? ''}` } } : {}),
  };
}

/** 欢迎语 (§5.13): send_welcome_msg and the group welcome templates. */
export function welcomeRoutes(routes: ApiRoutes, ctx: SimContext): void {
  const acq = ctx.state.acquisition;

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/send_welcome_msg',
    handler: ({ body }) => {
      const p = parseParams(sendWelcomeMsgRequestSchema, body);
      if (!p.welcome_code) throw new WxError(41049);
      const code = acq.welcomeCodes.get(p.welcome_code);
      if (!code) throw new WxError(41050);
      const attachments = p.attachments ?? [];
      if (attachments.length > MAX_ATTACHMENTS) throw new WxError(41064);
      if (!p.text?.content && attachments.length === 0) throw new WxError(40058, 'text and attachments both empty');
      for (const a of attachments) checkAttachment(acq, a);
      // Used once, within 20 s: afterwards WeCom treats the chat as started (41051).
      if (code.usedAt !== undefined || acq.now() - code.issuedAt > WELCOME_CODE_TTL_MS) throw new WxError(41051);
      code.usedAt = acq.now();
      acq.recordWelcome(code, p);
      return { ...OK };
    },
  });

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/group_welcome_template/add',
    handler: ({ body }) => {
      const p = parseParams(addGroupWelcomeTemplateRequestSchema, body);
      if (acq.groupWelcomeTemplates.size >= MAX_TEMPLATES) throw new WxError(41055);
      const { notify: _notify, ...template } = p;
      checkTemplate(acq, template, 3000);
      const id = `msg${acq.newConfigId().slice(0, 24)}`;
      acq.groupWelcomeTemplates.set(id, template);
      return { ...OK, template_id: id };
    },
  });

  const requireTemplate = (id: string | undefined): GroupWelcomeTemplateBody => {
    const t = id ? acq.groupWelcomeTemplates.get(id) : undefined;
    // Code for an unknown template not confirmed; apps may only touch their own (41058).
    if (!t) throw new WxError(41058, id ?? 'template_id missing');
    return t;
  };

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/group_welcome_template/edit',
    handler: ({ body }) => {
      const p = parseParams(editGroupWelcomeTemplateRequestSchema, body);
      requireTemplate(p.template_id);
      const { template_id: id, ...template } = p;
      checkTemplate(acq, template, 4000);
      acq.groupWelcomeTemplates.set(id, template);
      return { ...OK };
    },
  });

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/group_welcome_template/get',
    handler: ({ body, origin }) => {
      const p = parseParams(templateIdRequestSchema, body);
      return { ...OK, ...renderTemplate(origin, requireTemplate(p.template_id)) };
    },
  });

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/group_welcome_template/del',
    handler: ({ body }) => {
      const p = parseParams(templateIdRequestSchema, body);
      requireTemplate(p.template_id);
      acq.groupWelcomeTemplates.delete(p.template_id ?? '');
      return { ...OK };
    },
  });
}
