import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay } from '@shared/time.ts';
import { sessionHeaders } from '../../../../tests/support/auth.ts';
import { startTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { dbTime, num } from '@server/db/sql.ts';
import { daysToBirthday, type Facts } from '@shared/customers/facts.ts';
import { evaluate, renderReason } from '@shared/rules/condition.ts';
import { actionDone, pickScripts, type CandidateScript } from './next-actions.rules.ts';

const DAY = 86_400_000;
const ago = (ms: number) => dbTime(new Date(Date.now() - ms));

describe('next-best-action rules (pure)', () => {
  const facts: Facts = {
    name: '小王',
    segmentLabel: '重要保持客户',
    birthdayIn: '',
    lastContactText: '已经 40 天没有联系',
    refundWhen: '',
    hoursSinceAdded: 5,
    messagesOutSinceAdded: 0,
    segment: 'at_risk_loyal',
    lifecycleStage: 'purchased',
    daysSinceLastContact: 40,
    paidOrderDaysAgo: [2, 7],
    daysToBirthday: null,
    daysSinceLastRefund: null,
    daysSinceLastOrder: 2,
    daysSinceComplaint: null,
    tagNames: [],
  };
  const day = { today: '2026-12-02', holiday: null, facts };

  it('evaluates all/any, between on list facts, and never matches a null fact', () => {
    expect(
      evaluate(
        {
          all: [
            { fact: 'hoursSinceAdded', op: 'lte', value: 24 },
            { fact: 'messagesOutSinceAdded', op: 'eq', value: 0 },
          ],
        },
        facts,
      ),
    ).toBe(true);
    expect(evaluate({ fact: 'paidOrderDaysAgo', op: 'between', value: [6, 8] }, facts)).toBe(true);
    expect(evaluate({ fact: 'paidOrderDaysAgo', op: 'between', value: [3, 5] }, facts)).toBe(false);
    expect(
      evaluate(
        {
          any: [
            { fact: 'daysToBirthday', op: 'between', value: [0, 7] },
            { fact: 'segment', op: 'in', value: ['at_risk_loyal'] },
          ],
        },
        facts,
      ),
    ).toBe(true);
    expect(evaluate({ fact: 'daysSinceLastRefund', op: 'lte', value: 3 }, facts)).toBe(false);
    expect(renderReason('{name}是「{segmentLabel}」，{lastContactText}{unknown}', facts)).toBe(
      '小王是「重要保持客户」，已经 40 天没有联系',
    );
  });

  const s = (id: number, folderName: string | null, targetSegments: string[] = [], sendCount = 0, over: Partial<CandidateScript> = {}) => ({
    id,
    title: `s${id}`,
    folderName,
    targetSegments,
    targetStages: [],
    targetTagIds: [],
    sendCount,
    body: { type: 'text' as const, content: { text: `{客户称呼}，s${id}` } },
    validFrom: null,
    validTo: null,
    conditions: null,
    ...over,
  });
  const selector = { folders: ['召回关怀'], segments: [], stages: [], tagIds: [], useCustomerTargeting: true };
  const customer = { segment: 'at_risk_loyal', stage: 'purchased', tagIds: [] };

  it('picks scripts by folder first, never one whose own targeting excludes the customer', () => {
    const picked = pickScripts(
      selector,
      [s(1, '召回关怀', ['champion']), s(2, '其他', ['at_risk_loyal'], 9), s(3, '召回关怀', [], 1), s(4, '召回关怀'), s(5, '其他')],
      customer,
      day,
    );
    expect(picked.map((x) => x.id)).toEqual([3, 4, 2]);
  });

  it('never picks an expired script, a {节日} greeting on an ordinary day, or one whose conditions fail', () => {
    const picked = pickScripts(
      selector,
      [
        s(1, '召回关怀', [], 0, { validTo: '2026-11-11' }),
        s(2, '召回关怀', [], 0, { body: { type: 'text', content: { text: '{节日}快乐' } } }),
        s(3, '召回关怀', [], 0, { conditions: { fact: 'daysToBirthday', op: 'between', value: [0, 7] } }),
        s(4, '召回关怀', [], 0, { conditions: 'never' }),
        s(5, '召回关怀', [], 0, { validFrom: '2026-12-01', validTo: '2026-12-31' }),
      ],
      customer,
      day,
    );
    expect(picked.map((x) => x.id)).toEqual([5]);
  });

  it('is done once one of its scripts was sent or a follow-up written within doneForDays', () => {
    const rule = {
      code: 'r',
      name: 'r',
      priority: 1,
      condition: { fact: 'segment' as const, op: 'eq' as const, value: 'x' },
      reasonTemplate: '',
      selector,
      doneForDays: 7,
    };
    const qualifying = [s(3, '召回关怀'), s(4, '召回关怀')];
    expect(actionDone(rule, qualifying, { scriptSentDaysAgo: new Map([[4, 2]]), followUpDaysAgo: null })).toBe(true);
    expect(actionDone(rule, qualifying, { scriptSentDaysAgo: new Map([[4, 7]]), followUpDaysAgo: null })).toBe(false);
    expect(actionDone(rule, qualifying, { scriptSentDaysAgo: new Map([[9, 0]]), followUpDaysAgo: null })).toBe(false);
    expect(actionDone(rule, qualifying, { scriptSentDaysAgo: new Map(), followUpDaysAgo: 0 })).toBe(true);
  });

  it('counts days to the next birthday in Asia/Shanghai, wrapping the year', () => {
    const now = new Date('2026-12-30T20:00:00Z'); // 12-31 in Shanghai
    expect(daysToBirthday('12-31', now)).toBe(0);
    expect(daysToBirthday('01-02', now)).toBe(2);
    expect(daysToBirthday(null, now)).toBeNull();
  });
});

describe('GET /api/customers/:id/next-actions', () => {
  let app: TestApp;
  let g1 = 0;
  const q = (sql: string, p: unknown[] = []) => app.deps.ds.query(sql, p);
  const text = (t: string) => JSON.stringify({ text: t });

  beforeAll(async () => {
    app = await startTestApp();
    await q(
      `INSERT INTO staff (userid, name, role, status, is_follow_user) VALUES ('g1','导购一','guide',1,1),('g2','导购二','guide',1,1)`,
    );
    g1 = num((await q(`SELECT id FROM staff WHERE userid = 'g1'`))[0].id);
    const birthday = shanghaiDay(new Date(Date.now() + 3 * DAY)).slice(5);
    await q(
      `INSERT INTO customer (id, external_userid, name, rfm_segment, lifecycle_stage, last_interaction_at, birthday) VALUES
      (1,'wm_new','新朋友',NULL,'aware',NULL,NULL),
      (2,'wm_old','老顾客','at_risk_loyal','purchased',?,?),
      (3,'wm_quiet','普通客户','champion','loyal',?,NULL),
      (4,'wm_chatty','昨晚聊过','at_risk_loyal','purchased',?,NULL)`,
      [ago(40 * DAY), birthday, ago(1 * DAY), ago(15 * 3600_000)],
    );
    await q(
      `INSERT INTO customer_follow (customer_id, staff_id, remark, remark_mobiles, added_at) VALUES
       (1, ?, NULL, '[]', ?), (2, ?, '老顾客 VIP 敏感肌', '[]', ?), (3, ?, NULL, '[]', ?), (4, ?, NULL, '[]', ?)`,
      [g1, ago(2 * 3600_000), g1, ago(300 * DAY), g1, ago(300 * DAY), g1, ago(300 * DAY)],
    );
    // The last real contact is a message; a tag change later does not count.
    await q(
      `INSERT INTO interaction (customer_id, staff_id, type, occurred_at, day, source, payload) VALUES
       (2, ?, 'message_in', ?, '2026-01-01', 'archive', '{}'), (2, ?, 'tag_added', ?, '2026-01-01', 'sidebar', '{}'),
       (3, ?, 'message_out', ?, '2026-01-01', 'archive', '{}'), (4, ?, 'message_in', ?, '2026-01-01', 'archive', '{}')`,
      [g1, ago(40 * DAY), g1, ago(2 * DAY), g1, ago(1 * DAY), g1, ago(15 * 3600_000)],
    );
    await q(
      `INSERT INTO orders (source, order_no, status, total_amount, paid_amount, refunded_amount, paid_at, source_updated_at, customer_id) VALUES
      ('shop','N1','paid',1000,1000,0,?,?,2), ('shop','N2','partially_refunded',1000,1000,500,?,?,2), ('shop','N3','paid',1000,1000,0,?,?,3)`,
      [ago(7 * DAY + 3600_000), ago(7 * DAY), ago(20 * DAY), ago(1 * DAY), ago(2 * DAY), ago(2 * DAY)],
    );
    await q(`INSERT INTO script_folder (id, name, scope) VALUES (1,'新客欢迎','corp'),(2,'召回关怀','corp'),(3,'售后服务','corp')`);
    await q(
      `INSERT INTO script (id, folder_id, scope, owner_staff_id, type, title, content, for_group, target_segments, target_stages, target_tag_ids, send_count, valid_to) VALUES
      (1, 1, 'corp', NULL, 'text', '欢迎语', ?, 0, '[]', '[]', '[]', 5, NULL),
      (2, 1, 'corp', NULL, 'text', '只给重要价值客户的欢迎', ?, 0, '["champion"]', '[]', '[]', 50, NULL),
      (3, 2, 'corp', NULL, 'text', '老朋友关怀', ?, 0, '[]', '[]', '[]', 1, NULL),
      (4, NULL, 'corp', NULL, 'text', '保持客户专属福利', ?, 0, '["at_risk_loyal"]', '[]', '[]', 3, NULL),
      (5, 3, 'corp', NULL, 'text', '退款回访', ?, 0, '[]', '[]', '[]', 0, NULL),
      (6, 3, 'corp', NULL, 'text', '群发售后', ?, 1, '[]', '[]', '[]', 0, NULL),
      (7, 2, 'corp', NULL, 'text', '过期的召回券', ?, 0, '[]', '[]', '[]', 99, '2020-01-01')`,
      [text('{客户称呼}，欢迎'), text('欢迎'), text('{客户称呼}，好久不见'), text('福利'), text('退款'), text('群'), text('券')],
    );
  });
  afterAll(async () => app.stop());

  type Items = { items: Array<{ code: string; reason: string; scriptIds: number[] }> };
  const get = async (id: number, userid = 'g1') =>
    app.request(`/api/customers/${id}/next-actions`, { headers: await sessionHeaders(app, userid) });
  const codes = async (id: number) => ((await (await get(id)).json()) as Items).items.map((i) => i.code);
  const send = async (scriptId: number, customerId: number) => {
    const res = await app.request(`/api/scripts/${scriptId}/sends`, {
      method: 'POST',
      headers: { ...(await sessionHeaders(app, 'g1')), 'content-type': 'application/json' },
      body: JSON.stringify({ customerId }),
    });
    expect(res.status).toBe(201);
  };

  it('suggests breaking the ice with a customer added within 24h who got no message yet', async () => {
    const body = (await (await get(1)).json()) as Items;
    expect(body.items.map((i) => i.code)).toEqual(['welcome_new']);
    expect(body.items[0]!.reason).toContain('新朋友');
    expect(body.items[0]!.scriptIds).toEqual([1]); // script 2 targets champions only
  });

  it('returns the three highest-priority matches (refund, churn risk, one-week follow-up) with reasons in the displayed name', async () => {
    const res = await get(2);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Items;
    expect(body.items.map((i) => i.code)).toEqual(['refund_care', 'churn_rescue', 'post_purchase']);
    expect(body.items[0]!.reason).toBe('老顾客 VIP 敏感肌昨天有一笔退款，先了解原因并安抚');
    expect(body.items[1]!.reason).toBe('老顾客 VIP 敏感肌是「重要保持客户」，已经 40 天没有联系，适合主动关怀召回');
    expect(body.items[1]!.scriptIds).toEqual([3, 4]); // the expired 召回券 is never suggested
    expect(body.items[0]!.scriptIds).toEqual([5]); // the group-only script is never suggested in a 1:1 chat
  });

  it('does not call someone who chatted 15 hours ago a churn risk', async () => {
    expect(await codes(4)).not.toContain('churn_rescue');
  });

  it('stops a rule once its action is done: a script sent, a follow-up written', async () => {
    await send(1, 1);
    expect(await codes(1)).toEqual([]);
    // The refund script was sent: refund care is done, and the send is contact, so churn rescue stops too.
    await send(5, 2);
    expect(await codes(2)).toEqual(['post_purchase', 'birthday']);
    const res = await app.request('/api/customers/2/follow-ups', {
      method: 'POST',
      headers: { ...(await sessionHeaders(app, 'g1')), 'content-type': 'application/json' },
      body: JSON.stringify({ content: '电话回访了使用感受' }),
    });
    expect(res.status).toBe(201);
    expect(await codes(2)).toEqual([]);
  });

  it('rules are data: disabling one and adding one changes the answer without code changes', async () => {
    await q(`UPDATE nba_rule SET enabled = 0 WHERE code = 'refund_care'`);
    await q(
      `INSERT INTO nba_rule (code, name, priority, enabled, rule_condition, reason_template, script_selector) VALUES ('vip_thanks','感谢重要价值客户',60,1,?,?,?)`,
      [
        JSON.stringify({ fact: 'segment', op: 'eq', value: 'champion' }),
        '{name}是重要价值客户，送上专属感谢',
        JSON.stringify({ segments: ['champion'] }),
      ],
    );
    // Rules are cached per version: whatever changes nba_rule bumps it.
    await q("UPDATE data_version SET version = version + 1 WHERE name = 'nba_rules'");
    const three = (await (await get(3)).json()) as Items;
    expect(three.items).toEqual([expect.objectContaining({ code: 'vip_thanks', scriptIds: [2] })]);
  });

  it('applies the access policy', async () => {
    expect((await get(2, 'g2')).status).toBe(403);
  });
});
