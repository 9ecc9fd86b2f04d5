import type { AdminRoutes } from '@server/simulator/admin.ts';
import { ADMIN_PREFIX } from '@server/simulator/admin.ts';
import type { ApiRoutes } from '@server/simulator/api.ts';
import { parseParams } from '@server/simulator/api.ts';
import type { SimContext } from '@server/simulator/context.ts';
import type { GroupSendStore } from '@server/simulator/group-send-store.ts';
import { OK, WxError } from '@server/simulator/wx-error.ts';
import { appMessageSchema, type AppMessage } from '@server/wecom/group-send.schemas.ts';

const MSGTYPES = new Set(['text', 'textcard', 'markdown', 'template_card']);
const TEXT_MAX_BYTES = 2048;

/** The content object of a message (what the member sees), with WeCom's own checks applied. */
function contentOf(m: AppMessage): unknown {
  switch (m.msgtype) {
    case 'text': {
      // Longer text is truncated, not refused (§5.16).
      const bytes = Buffer.from(m.text.content, 'utf8');
      return { content: bytes.length > TEXT_MAX_BYTES ? bytes.subarray(0, TEXT_MAX_BYTES).toString('utf8') : m.text.content };
    }
    case 'textcard':
      if (!m.textcard.description) throw new WxError(41033);
      if (!/^https?:\/\//.test(m.textcard.url)) throw new WxError(45034);
      return m.textcard;
    case 'markdown':
      return m.markdown;
    case 'template_card': {
      const card = m.template_card;
      if (card.card_type === 'text_notice' && !card.card_action) throw new WxError(40058, 'card_action is required for text_notice');
      if (!card.main_title?.title && !card.sub_title_text) throw new WxError(40058, 'main_title.title and sub_title_text are both empty');
      if (card.card_action?.type === 1 && !/^https?:\/\//.test(card.card_action.url ?? '')) throw new WxError(45034);
      return card;
    }
  }
}

/** Members addressed by touser/toparty ("@all" = everyone the app sees); totag is not modelled (all tags invalid). */
function recipients(ctx: SimContext, m: AppMessage): { valid: string[]; invalidUser: string[]; invalidParty: string[] } {
  const users = [...ctx.state.users.keys()];
  if (m.touser === '@all') return { valid: users, invalidUser: [], invalidParty: [] };
  const valid = new Set<string>();
  const invalidUser: string[] = [];
  const invalidParty: string[] = [];
  for (const id of (m.touser ?? '').split('|').filter(Boolean)) {
    const user =
      ctx.state.users.get(id) ?? users.map((u) => ctx.state.users.get(u)).find((u) => u?.userid.toLowerCase() === id.toLowerCase());
    if (user) valid.add(user.userid);
    else invalidUser.push(id.toLowerCase());
  }
  for (const party of (m.toparty ?? '').split('|').filter(Boolean)) {
    const dept = Number(party);
    if (!ctx.state.departments.some((d) => d.id === dept)) {
      invalidParty.push(party);
      continue;
    }
    for (const u of ctx.state.users.values()) if (u.department.includes(dept)) valid.add(u.userid);
  }
  return { valid: [...valid], invalidUser, invalidParty };
}

/** 应用消息 message/send (§5.16) through the corp's one app, and the admin view of each member's inbox. */
export function appMessageRoutes(routes: ApiRoutes, admin: AdminRoutes, ctx: SimContext, store: GroupSendStore): void {
  routes.add({
    method: 'POST',
    path: '/cgi-bin/message/send',
    handler: ({ body }) => {
      const msgtype = (body as { msgtype?: unknown } | undefined)?.msgtype;
      if (typeof msgtype !== 'string' || !MSGTYPES.has(msgtype)) throw new WxError(40008);
      const m = parseParams(appMessageSchema, body);
      if (m.agentid !== ctx.corp.agentId) throw new WxError(301002);
      if (!m.touser && !m.toparty && !m.totag) throw new WxError(82001);
      const content = contentOf(m);
      const { valid, invalidUser, invalidParty } = recipients(ctx, m);
      const invalidTag = (m.totag ?? '').split('|').filter(Boolean);
      if (valid.length === 0) throw new WxError(81013);
      const msgid = ctx.state.mintId('am', 24);
      const sentAt = Math.floor(ctx.now() / 1000);
      // enable_duplicate_check: the same content to the same member within the interval (default 1800 s) is not shown again.
      const interval = m.duplicate_check_interval ?? 1800;
      const same = JSON.stringify([m.msgtype, content]);
      const seen = (userid: string) =>
        m.enable_duplicate_check === 1 &&
        (store.inbox.get(userid) ?? []).some((x) => sentAt - x.sentAt < interval && JSON.stringify([x.msgtype, x.content]) === same);
      for (const userid of valid) {
        if (!seen(userid)) store.deliverAppMessage(userid, { msgid, agentid: m.agentid, msgtype: m.msgtype, content, sentAt });
      }
      return {
        ...OK,
        invaliduser: invalidUser.join('|'),
        invalidparty: invalidParty.join('|'),
        invalidtag: invalidTag.join('|'),
        msgid,
      };
    },
  });

  admin.add('GET', `${ADMIN_PREFIX}/app-messages`, ({ query }) => {
    const userid = query.get('userid');
    if (userid) return { userid, messages: store.inbox.get(userid) ?? [] };
    return { members: [...store.inbox].map(([id, list]) => ({ userid: id, count: list.length, messages: list })) };
  });
}
