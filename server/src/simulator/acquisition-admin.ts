import type { Middleware } from 'koa';
import QRCode from 'qrcode';
import { z } from 'zod';
import { ADMIN_PREFIX, type AdminRoutes } from './admin.ts';
import type { SimContext } from './context.ts';
import { SimMutationError, type SimMutations } from './mutations.ts';
import { memberForScan } from './routes/contact-way.ts';

const scanSchema = z.object({
  /** The scanned 「联系我」: by config_id, or by its state. */
  config_id: z.string().optional(),
  state: z.string().optional(),
  /** An existing customer scanning; omitted = a new customer made by the demo generator. */
  external_userid: z.string().optional(),
  customer: z
    .object({ name: z.string().min(1).optional(), gender: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional() })
    .optional(),
  /** add_half_external_contact (skip_verify codes) instead of add_external_contact. */
  half: z.boolean().default(false),
});
const joinSchema = z.object({ config_id: z.string().min(1), external_userid: z.string().min(1) });
const clockSchema = z.object({
  advance_seconds: z
    .number()
    .int()
    .min(0)
    .max(30 * 86_400),
});

/** Group size at which a join way moves on to its next chat (WeCom: 200 for QR joins). */
const CHAT_FULL_AT = 200;

/**
 * Admin actions for acquisition: a customer scanning a 「联系我」 QR code (the add
 * callback with State and WelcomeCode), joining a group through a join way
 * (change_external_chat add_member, JoinScene 3, the member's state), the
 * welcome messages WeCom delivered, and moving the welcome/media clock.
 */
export function acquisitionAdminRoutes(routes: AdminRoutes, ctx: SimContext, mutations: SimMutations): void {
  const acq = ctx.state.acquisition;

  routes.add('POST', `${ADMIN_PREFIX}/contact-way/scan`, ({ body }) => {
    const p = scanSchema.parse(body ?? {});
    const way = p.config_id
      ? acq.contactWays.get(p.config_id)
      : [...acq.contactWays.values()].find((w) => p.state !== undefined && w.state === p.state);
    if (!way) throw new SimMutationError(404, 'no such contact way');
    const userid = memberForScan(ctx, way);
    if (!userid) throw new SimMutationError(409, 'no member of this contact way can take customers');
    return mutations.addFollow({
      userid,
      ...(p.external_userid ? { external_userid: p.external_userid } : {}),
      ...(p.customer ? { customer: p.customer } : {}),
      // 1 = 扫描二维码 (§5.3 add_way).
      add_way: 1,
      ...(way.state ? { state: way.state } : {}),
      half: p.half,
    });
  });

  routes.add('POST', `${ADMIN_PREFIX}/join-way/join`, ({ body }) => {
    const p = joinSchema.parse(body ?? {});
    const way = acq.joinWays.get(p.config_id);
    if (!way) throw new SimMutationError(404, 'no such join way');
    let chatId = way.chat_id_list.find((id) => (ctx.state.groupChats.get(id)?.member_list.length ?? CHAT_FULL_AT) < CHAT_FULL_AT);
    if (!chatId) {
      const full = ctx.state.groupChats.get(way.chat_id_list[way.chat_id_list.length - 1] ?? '');
      if (!way.auto_create_room || !full) throw new SimMutationError(409, 'every chat of this join way is full');
      const n = (way.room_base_id ?? 1) + way.chat_id_list.length - 1;
      chatId = mutations.createGroupChat({ owner: full.owner, name: `${way.room_base_name ?? full.name}${n}` }).result.chat_id;
      way.chat_id_list.push(chatId);
    }
    const res = mutations.updateGroupChat({ chat_id: chatId, update_detail: 'add_member', members: [p.external_userid], join_scene: 3 });
    const member = ctx.state.groupChats.get(chatId)?.member_list.find((m) => m.userid === p.external_userid);
    if (member && way.state) member.state = way.state;
    return { chat_id: chatId, ...res };
  });

  routes.add('GET', `${ADMIN_PREFIX}/welcome/sent`, ({ query }) => {
    const id = query.get('external_userid');
    return { sent: acq.sentWelcomes.filter((w) => !id || w.externalUserid === id) };
  });

  routes.add('POST', `${ADMIN_PREFIX}/acquisition/clock`, ({ body }) => {
    const p = clockSchema.parse(body ?? {});
    return { offsetMs: acq.advance(p.advance_seconds * 1000) };
  });
}

/**
 * Serves what WeCom hosts on its CDN: a contact way's or join way's QR image
 * (/sim/qr/<config_id>.png, a QR of a made-up WeCom URL) and images uploaded
 * with media/uploadimg (/sim/img/<key>). Public, like p.qpic.cn.
 */
export function acquisitionAssets(ctx: SimContext): Middleware {
  const acq = ctx.state.acquisition;
  return async function simulatorAssets(ctx2, next) {
    const qr = /^\/sim\/qr\/([0-9a-f]{32})\.png$/.exec(ctx2.path);
    if (qr && ctx2.method === 'GET') {
      const id = qr[1] ?? '';
      if (!acq.contactWays.has(id) && !acq.joinWays.has(id)) {
        ctx2.status = 404;
        return;
      }
      ctx2.type = 'image/png';
      ctx2.body = await QRCode.toBuffer(`https://work.weixin.qq.com/ca/sim${id}`, { type: 'png', width: 430, margin: 2 });
      return;
    }
    const img = /^\/sim\/img\/([0-9a-f]{40})$/.exec(ctx2.path);
    if (img && ctx2.method === 'GET') {
      const image = acq.images.get(img[1] ?? '');
      if (!image) {
        ctx2.status = 404;
        return;
      }
      ctx2.type = image.contentType;
      ctx2.body = image.bytes;
      return;
    }
    await next();
  };
}
