import { z } from 'zod';
import type { Actor } from '@server/auth/actor.ts';
import { marks, select } from '@server/db/sql.ts';
import { createJoinWay } from '@server/features/channels/join-ways.service.ts';
import { recordGroupJoins } from '@server/features/channels/join-attribution.ts';
import { wecomClientFor } from '@server/wecom/client.ts';
import type { DemoLoadContext } from './load-parts.ts';

/** What the part uses of the load's context. */
type JoinWaysContext = Pick<DemoLoadContext, 'deps' | 'sim' | 'step' | 'simAdmin'>;

/** The demo's group join codes: over which of the busiest groups, and how many customers joined through each. */
const CODES = [
  {
    name: '直播间福利群',
    groups: [0, 1],
    autoCreateRoom: true,
    joins: 5,
    welcome: '欢迎入群～直播福利和新品试用每周在群里发，置顶有领取方式。',
  },
  { name: '门店会员群·扫码入群', groups: [2], autoCreateRoom: false, joins: 3, welcome: null },
] as const;

const joinedSchema = z.object({ chat_id: z.string() });

/** Removes the demo codes an interrupted run made: in WeCom, their joins, then the rows. */
async function clearDemoJoinWays(ctx: JoinWaysContext): Promise<void> {
  const { ds } = ctx.deps;
  const names = CODES.map((c) => c.name);
  const old = await select<{ id: number; config_id: string | null; template_id: string | null }>(
    ds,
    `SELECT id, config_id, template_id FROM group_join_way WHERE name IN (${marks(names.length)})`,
    names,
  );
  const api = wecomClientFor(ctx.deps);
  for (const w of old) {
    if (w.config_id) await api.delJoinWay(w.config_id).catch(() => undefined);
    if (w.template_id) await api.delGroupWelcomeTemplate(w.template_id).catch(() => undefined);
  }
  const ids = old.map((w) => Number(w.id));
  if (ids.length === 0) return;
  await ds.transaction(async (m) => {
    await m.query(`DELETE FROM group_join WHERE join_way_id IN (${marks(ids.length)})`, ids);
    await m.query(`DELETE FROM group_join_way WHERE id IN (${marks(ids.length)})`, ids);
  });
}

/** The demo's admin (the HQ operations director, admin by ADMIN_USERIDS in demo mode), who makes the codes as on 渠道活码. */
async function demoAdmin(ctx: JoinWaysContext): Promise<Actor> {
  const userid = ctx.deps.config.ADMIN_USERIDS[0] ?? '';
  const [row] = await select<{ id: number; userid: string; name: string }>(
    ctx.deps.ds,
    `SELECT id, userid, name FROM staff WHERE status = 1 AND (userid = ? OR role = 'admin')
      ORDER BY CASE WHEN userid = ? THEN 0 ELSE 1 END, id LIMIT 1`,
    [userid, userid],
  );
  if (!row) throw new Error('the demo corp has no admin to create its group join codes');
  return { staffId: Number(row.id), userid: row.userid, name: row.name, role: 'admin' };
}

/**
 * Customers who are not in the group in WeCom, the same ones at every run:
 * after a kill the simulator starts from the generated corp again, so a repeated run picks the
 * members the interrupted one picked and the synced membership ends the same.
 */
async function joiners(ctx: JoinWaysContext, chatId: string, n: number, taken: Set<string>): Promise<string[]> {
  const inChat = new Set((ctx.sim.state.groupChats.get(chatId)?.member_list ?? []).map((m) => m.userid));
  // Customers the corp already has (a live relation), the owner's first: they are who follows a live room or a store's card.
  const rows = await select<{ id: number; external_userid: string; own: number | string }>(
    ctx.deps.ds,
    `SELECT c.id, c.external_userid, MAX(CASE WHEN s.userid = g.owner_userid THEN 1 ELSE 0 END) AS own
       FROM customer c
       JOIN customer_follow f ON f.customer_id = c.id AND f.lost_at IS NULL
       JOIN staff s ON s.id = f.staff_id
       JOIN group_chat g ON g.chat_id = ?
      GROUP BY c.id, c.external_userid
      ORDER BY own DESC, c.id`,
    [chatId],
  );
  return rows
    .map((r) => r.external_userid)
    .filter((id) => !inChat.has(id) && !taken.has(id))
    .slice(0, n);
}

/**
 * Group join codes (群活码) over the demo's busiest customer groups, created through the same
 * service as on the channels page (add_join_way, get_join_way for the QR, the welcome template),
 * and a few customers joining through them in the simulator. Each join is attributed by the
 * product's own attribution (groupchat/get, the member's state), as the change_external_chat
 * consumer does — here directly, so the counts do not depend on when the callbacks are consumed.
 */
export async function seedDemoJoinWays(ctx: JoinWaysContext): Promise<Record<string, number>> {
  await clearDemoJoinWays(ctx);
  const { ds } = ctx.deps;
  const groups = await select<{ chat_id: string; dept: number | null }>(
    ds,
    `SELECT g.chat_id, s.main_department_id AS dept FROM group_chat g JOIN staff s ON s.userid = g.owner_userid
      WHERE g.dismissed_at IS NULL AND s.status = 1 ORDER BY g.member_count DESC, g.id LIMIT 3`,
  );
  if (groups.length < 3) return { joinWays: 0, joins: 0 };
  const admin = await demoAdmin(ctx);
  const api = wecomClientFor(ctx.deps);
  const taken = new Set<string>();
  let joinWays = 0;
  let joins = 0;
  for (const code of CODES) {
    const chats = code.groups.map((i) => groups[i]!);
    const way = await createJoinWay(
      ctx.deps,
      admin,
      {
        name: code.name,
        departmentId: chats[0]!.dept === null ? null : Number(chats[0]!.dept),
        chatIds: chats.map((c) => c.chat_id),
        autoCreateRoom: code.autoCreateRoom,
        welcomeText: code.welcome,
      },
      null,
    );
    joinWays++;
    ctx.step('joinways:code');
    const [configRow] = await select<{ config_id: string }>(ds, 'SELECT config_id FROM group_join_way WHERE id = ?', [way.id]);
    const customers = await joiners(ctx, chats[0]!.chat_id, code.joins, taken);
    for (const external_userid of customers) {
      taken.add(external_userid);
      // What WeCom does when the customer scans: the member enters a group of the code, carrying its state.
      const joined = joinedSchema.parse(await ctx.simAdmin('/join-way/join', { config_id: configRow!.config_id, external_userid }));
      joins += await recordGroupJoins(ds, api, {
        ToUserName: '',
        FromUserName: 'sys',
        CreateTime: String(Math.floor(Date.now() / 1000)),
        MsgType: 'event',
        Event: 'change_external_chat',
        ChatId: joined.chat_id,
        ChangeType: 'update',
        UpdateDetail: 'add_member',
        JoinScene: '3',
        MemChangeList: [external_userid],
      });
    }
  }
  return { joinWays, joins };
}
