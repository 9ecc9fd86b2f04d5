import type { Middleware } from 'koa';
import { z } from 'zod';
import { parseParams } from '@server/simulator/api.ts';
import { ADMIN_PREFIX } from '@server/simulator/admin.ts';
import { readBodyText, parseJsonText } from '@server/simulator/http-body.ts';
import type { SimulatorExtension, SimulatorExtensionApi } from '@server/simulator/simulator.ts';
import { OK, WxError } from '@server/simulator/wx-error.ts';
import { generateMessages } from './generator.ts';
import { simulatorArchivePublicKeys } from './keys.ts';
import { SimArchive, type SimArchiveMessage } from './store.ts';

export const GETCHATDATA_PATH = '/sim/finance/getchatdata';

export interface ArchiveExtensionOptions {
  /** msgaudit_notify is sent at most once per this interval (WeCom: 15 s). */
  notifyIntervalMs?: number;
  /** Conversations generated at start (0 = start empty). */
  initialConversations?: number;
  initialGroupMessages?: number;
  /** Days the initial history spans before `now` (default 4). */
  initialDays?: number;
  /** Key version in force for new messages (default 2; the initial history's older half uses 1). */
  keyVersion?: number;
  /** "now" of the initial history (default: the real clock). */
  now?: Date;
  /** Receives the archive so tests and the bench can append directly. */
  onReady?: (archive: SimArchive) => void;
}

const getChatDataBody = z.object({ seq: z.number().int().min(0), limit: z.number().int().min(1) });
const singleAgreeBody = z.object({
  info: z
    .array(z.object({ userid: z.string().min(1), exteranalopenid: z.string().min(1) }))
    .min(1)
    .max(100),
});
const roomBody = z.object({ roomid: z.string().min(1) });
const permitBody = z.object({ type: z.number().int().min(1).max(3).optional() });
const generateBody = z.object({
  conversations: z.number().int().min(0).max(100_000).default(10),
  groupMessages: z.number().int().min(0).max(100_000).default(0),
  days: z.number().min(0.01).max(5).default(1),
  seed: z.number().int().optional(),
});
const appendBody = z.object({
  messages: z
    .array(z.looseObject({ msgid: z.string().min(1), action: z.enum(['send', 'recall', 'switch']) }))
    .min(1)
    .max(10_000),
  keyVersion: z.number().int().optional(),
});
const rotateBody = z.object({ keyVersion: z.number().int() });

/**
 * Session archive (会话存档) for the simulator corp:
 * - POST /sim/finance/getchatdata {seq, limit} → GetChatData's JSON (records seq > given; limit > 1000 → errcode 10000)
 * - /cgi-bin/msgaudit/check_single_agree, check_room_agree, get_permit_user_list, groupchat/get (§10.5)
 * - msgaudit_notify callbacks when new messages exist (coalesced to one per notifyIntervalMs)
 * - /sim/admin/archive (status), /generate, /messages (append given messages), /rotate-key
 */
export function archiveExtension(options: ArchiveExtensionOptions = {}): SimulatorExtension {
  return (sim: SimulatorExtensionApi) => {
    const archive = new SimArchive(simulatorArchivePublicKeys(), options.keyVersion ?? 2);
    const serial = { n: 0 };
    const notifyEvery = options.notifyIntervalMs ?? 15_000;
    let lastNotify = 0;
    let timer: NodeJS.Timeout | undefined;
    let notifications = 0;

    const notify = () => {
      timer = undefined;
      lastNotify = Date.now();
      notifications += 1;
      sim.callbacks.push({ event: 'msgaudit_notify', fields: [['AgentID', 2000004]] });
    };
    /** At most one msgaudit_notify per interval, and only when there is something new. */
    const scheduleNotify = () => {
      if (timer) return;
      const wait = Math.max(0, lastNotify + notifyEvery - Date.now());
      timer = setTimeout(notify, wait);
      timer.unref();
    };
    const append = (messages: SimArchiveMessage[], keyVersion?: number) => archive.append(messages, keyVersion);

    if ((options.initialConversations ?? 0) > 0 || (options.initialGroupMessages ?? 0) > 0) {
      const now = options.now ?? new Date();
      const history = generateMessages(
        sim.state,
        {
          conversations: options.initialConversations ?? 0,
          groupMessages: options.initialGroupMessages ?? 0,
          days: options.initialDays ?? 4,
          now,
          seed: sim.demo.seed,
        },
        serial,
      );
      // The key was rotated two days ago: older history is under version 1.
      const cut = now.getTime() - 2 * 86_400_000;
      const older = history.filter((m) => timeOf(m) < cut);
      archive.append(older, 1);
      archive.append(history.slice(older.length));
    }
    // From here on every append (admin routes, tests, the bench) announces itself with msgaudit_notify.
    archive.onAppended = () => scheduleNotify();
    options.onReady?.(archive);

    const getChatData: Middleware = async (ctx, next) => {
      if (ctx.path !== GETCHATDATA_PATH) {
        await next();
        return;
      }
      if (ctx.method !== 'POST') {
        ctx.status = 405;
        return;
      }
      const text = await readBodyText(ctx);
      const parsed = text === undefined ? { ok: false as const } : parseJsonText(text);
      const body = parsed.ok ? getChatDataBody.safeParse(parsed.value) : undefined;
      ctx.type = 'application/json; charset=UTF-8';
      if (!body?.success) {
        ctx.body = JSON.stringify({ errcode: 10000, errmsg: '参数错误', chatdata: [] });
        return;
      }
      if (body.data.limit > 1000) {
        ctx.body = JSON.stringify({ errcode: 10000, errmsg: 'limit exceeds 1000', chatdata: [] });
        return;
      }
      ctx.body = JSON.stringify({ errcode: 0, errmsg: 'ok', chatdata: archive.after(body.data.seq, body.data.limit) });
    };
    sim.app.use(getChatData);

    sim.api.add({
      method: 'POST',
      path: '/cgi-bin/msgaudit/check_single_agree',
      handler: ({ body }) => {
        const p = parseParams(singleAgreeBody, body);
        const agreeinfo = p.info.flatMap(({ userid, exteranalopenid }) => {
          const c = archive.singleConsent.get(`${userid}|${exteranalopenid}`);
          return c ? [{ status_change_time: c.time, userid, exteranalopenid, agree_status: c.status }] : [];
        });
        return { ...OK, agreeinfo };
      },
    });
    sim.api.add({
      method: 'POST',
      path: '/cgi-bin/msgaudit/check_room_agree',
      handler: ({ body }) => {
        const p = parseParams(roomBody, body);
        if (!sim.state.groupChats.has(p.roomid)) throw new WxError(40050, 'invalid roomid');
        const agreeinfo = [...archive.roomConsent]
          .filter(([key]) => key.startsWith(`${p.roomid}|`))
          .map(([key, c]) => ({ status_change_time: c.time, exteranalopenid: key.slice(p.roomid.length + 1), agree_status: c.status }));
        return { ...OK, agreeinfo };
      },
    });
    sim.api.add({
      method: 'POST',
      path: '/cgi-bin/msgaudit/get_permit_user_list',
      handler: ({ body }) => {
        parseParams(permitBody, body);
        return { ...OK, ids: [...sim.state.followUsers] };
      },
    });
    sim.api.add({
      method: 'POST',
      path: '/cgi-bin/msgaudit/groupchat/get',
      handler: ({ body }) => {
        const p = parseParams(roomBody, body);
        const g = sim.state.groupChats.get(p.roomid);
        if (!g) throw new WxError(40050, 'invalid roomid');
        return {
          roomname: g.name,
          creator: g.owner,
          room_create_time: g.create_time,
          notice: g.notice ?? '',
          members: g.member_list.filter((m) => m.type === 1).map((m) => ({ memberid: m.userid, jointime: m.join_time })),
          ...OK,
        };
      },
    });

    const a = `${ADMIN_PREFIX}/archive`;
    sim.admin.add('GET', a, () => ({
      messages: archive.size,
      maxSeq: archive.maxSeq,
      keyVersion: archive.keyVersion,
      versions: archive.versions(),
      notifyIntervalMs: notifyEvery,
      notifications,
      notifyPending: timer !== undefined,
    }));
    sim.admin.add('POST', `${a}/generate`, ({ body }) => {
      const p = generateBody.parse(body ?? {});
      const added = append(generateMessages(sim.state, { ...p, now: new Date() }, serial));
      return { added, maxSeq: archive.maxSeq };
    });
    sim.admin.add('POST', `${a}/messages`, ({ body }) => {
      const p = appendBody.parse(body ?? {});
      const added = append(p.messages, p.keyVersion);
      return { added, maxSeq: archive.maxSeq };
    });
    sim.admin.add('POST', `${a}/rotate-key`, ({ body }) => {
      const p = rotateBody.parse(body ?? {});
      if (!archive.versions().includes(p.keyVersion))
        throw new z.ZodError([{ code: 'custom', path: ['keyVersion'], message: 'unknown key version', input: p.keyVersion }]);
      archive.keyVersion = p.keyVersion;
      return { keyVersion: archive.keyVersion };
    });
  };
}

function timeOf(m: SimArchiveMessage): number {
  const v = m.action === 'switch' ? m.time : m.msgtime;
  return typeof v === 'number' ? v : 0;
}
