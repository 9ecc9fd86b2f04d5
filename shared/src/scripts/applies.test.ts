import { describe, expect, it } from 'vitest';
import { buildFacts, calendarDaysSince, contactSentence, type RawCustomerFacts } from '@shared/customers/facts.ts';
import { customerSalutation, guideDisplayName, suggestSalutations } from '@shared/customers/names.ts';
import { evaluate } from '@shared/rules/condition.ts';
import { explainCondition } from '@shared/rules/explain.ts';
import { isOffered, recommendScript, scriptWhenSchema } from './applicability.ts';
import { holidayOn } from './holidays.ts';
import { chatMessageOf } from './message.ts';
import { scoreScript } from './score.ts';
import { renderForChat, scriptVarsFor } from './vars.ts';

// 2026-12-02 10:00 in Shanghai.
const NOW = new Date('2026-12-02T02:00:00Z');
const guide = { name: '小林', store: '静安店' };

describe('{客户称呼}: the salutation, never the remark', () => {
  const text = (t: string) => ({ type: 'text' as const, content: { text: t } });
  const sent = (t: string, customer: { name: string; salutation: string | null; remark: string | null }) => {
    const m = chatMessageOf(renderForChat(text(t), { guide, now: NOW, customer }));
    return m?.msgtype === 'text' ? m.text.content : '';
  };

  it('uses the 称呼 the guide set, whatever notes the remark holds', () => {
    const out = sent('{客户称呼}，算了下您上次买的水乳差不多快用完啦', { name: '黄莉雅', salutation: '黄姐', remark: '黄姐 金卡 眼霜控' });
    expect(out).toBe('黄姐，算了下您上次买的水乳差不多快用完啦');
    expect(out).not.toContain('金卡');
    expect(out).not.toContain('眼霜控');
  });

  it('falls back to the WeChat nickname when no 称呼 is set (the remark "马军 敏感肌" is never sent)', () => {
    const out = sent('{客户称呼}您好～我是{门店}的{导购姓名}', { name: 'Jun🌿', salutation: null, remark: '马军 敏感肌' });
    expect(out).toBe('Jun🌿您好～我是静安店的小林');
    expect(out).not.toContain('敏感肌');
    expect(out).not.toContain('马军');
    expect(sent('{客户称呼}', { name: '黄莉雅', salutation: '  ', remark: '黄姐 金卡' })).toBe('黄莉雅');
  });

  it('renders {今天} and {节日} from the holiday calendar; {节日} stays unresolved on an ordinary day', () => {
    expect(scriptVarsFor({ guide, now: NOW })).toMatchObject({ 今天: '12月2日', 节日: null });
    expect(scriptVarsFor({ guide, now: new Date('2026-12-25T01:00:00Z') })).toMatchObject({ 今天: '12月25日', 节日: '圣诞节' });
    expect(holidayOn('2027-02-06')).toBe('春节');
    expect(holidayOn('2026-12-02')).toBeNull();
  });

  it('keeps the fixed holidays every year by rule, the lunar ones from the listed dates', () => {
    expect(holidayOn('2031-01-01')).toBe('元旦');
    expect(holidayOn('2035-10-01')).toBe('国庆节');
    expect(holidayOn('2029-12-25')).toBe('圣诞节');
    // 母亲节 is the second Sunday of May.
    expect(holidayOn('2026-05-10')).toBe('母亲节');
    expect(holidayOn('2027-05-09')).toBe('母亲节');
    expect(holidayOn('2028-05-14')).toBe('母亲节');
    expect(holidayOn('2028-05-07')).toBeNull();
    expect(holidayOn('2026-06-21')).toBeNull();
    // A lunar holiday is known only where it is listed.
    expect(holidayOn('2026-09-25')).toBe('中秋节');
    expect(holidayOn('2026-09-26')).toBeNull();
  });

  it('suggests 称呼 from the name and gender, and shows the guide their remark', () => {
    expect(suggestSalutations('黄莉雅', 2)).toEqual(['黄女士', '黄姐', '莉雅', '黄莉雅']);
    expect(suggestSalutations('马军', 1)).toEqual(['马先生', '马哥', '马军']);
    expect(suggestSalutations('欧阳娜娜', 0)).toEqual(['欧阳女士', '欧阳先生', '娜娜', '欧阳娜娜']);
    expect(suggestSalutations('小鱼儿', 2)).toEqual(['小鱼儿']);
    expect(suggestSalutations('Lily🌸', 2)).toEqual(['Lily🌸']);
    expect(guideDisplayName({ remark: '黄姐 金卡 眼霜控', name: '黄莉雅' })).toBe('黄姐 金卡 眼霜控');
    expect(guideDisplayName({ remark: '', name: '黄莉雅' })).toBe('黄莉雅');
    expect(customerSalutation({ salutation: null, name: '黄莉雅' })).toBe('黄莉雅');
  });
});

const raw = (over: Partial<RawCustomerFacts> = {}): RawCustomerFacts => ({
  displayName: '黄姐 金卡 眼霜控',
  segment: 'champion',
  lifecycleStage: 'loyal',
  birthday: null,
  addedAt: new Date('2025-01-01T00:00:00Z'),
  messagesOutSinceAdded: 10,
  lastContactAt: null,
  lastOrderAt: null,
  lastRefundAt: null,
  lastComplaintAt: null,
  paidOrderAts: [],
  tagNames: [],
  ...over,
});

describe('customer facts', () => {
  it('counts contact in Shanghai calendar days: 15 hours ago last evening is 昨天, not "0 天"', () => {
    const lastEvening = new Date('2026-12-01T11:00:00Z'); // 19:00 on 12-01 in Shanghai, 15 h before NOW
    expect(calendarDaysSince(lastEvening, NOW)).toBe(1);
    const f = buildFacts(raw({ lastContactAt: lastEvening }), NOW);
    expect(f.daysSinceLastContact).toBe(1);
    expect(f.lastContactText).toBe('昨天联系过');
    expect(contactSentence(0)).toBe('今天联系过');
    expect(contactSentence(15)).toBe('已经 15 天没有联系');
    expect(contactSentence(null)).toBe('还没有联系过');
  });

  it('computes birthday, order, refund and complaint days the rules read', () => {
    const f = buildFacts(
      raw({
        birthday: '12-05',
        lastOrderAt: new Date('2026-10-18T02:00:00Z'),
        lastRefundAt: new Date('2026-12-01T02:00:00Z'),
        paidOrderAts: [new Date('2026-11-25T02:00:00Z')],
        tagNames: ['金卡会员'],
      }),
      NOW,
    );
    expect(f).toMatchObject({
      daysToBirthday: 3,
      birthdayIn: '还有 3 天',
      refundWhen: '昨天',
      daysSinceLastOrder: 45,
      daysSinceLastRefund: 1,
      paidOrderDaysAgo: [7],
    });
    expect(f.segmentLabel).toBe('重要价值客户');
    expect(evaluate({ fact: 'tagNames', op: 'in', value: ['金卡会员', '黑金会员'] }, f)).toBe(true);
    expect(
      explainCondition(
        {
          all: [
            { fact: 'segment', op: 'in', value: ['champion'] },
            { fact: 'daysSinceLastOrder', op: 'gte', value: 30 },
          ],
        },
        f,
      ),
    ).toEqual(['重要价值客户', '45 天未下单']);
    expect(explainCondition({ fact: 'daysToBirthday', op: 'between', value: [0, 7] }, f)).toEqual(['生日在 3 天后']);
    expect(explainCondition({ fact: 'daysSinceComplaint', op: 'lte', value: 7 }, f)).toBeNull();
  });
});

describe('when a script applies', () => {
  const text = (t: string) => ({ type: 'text' as const, content: { text: t } });
  const script = (over: Partial<Parameters<typeof recommendScript>[0]> = {}) => ({
    targetSegments: [],
    targetStages: [],
    targetTagIds: [],
    conditions: null,
    body: text('{客户称呼}，你好'),
    ...over,
  });
  const happyVip = buildFacts(raw({ lastContactAt: new Date('2026-12-01T11:00:00Z') }), NOW);
  const rec = (s: ReturnType<typeof script>, facts = happyVip, holiday: string | null = null) =>
    recommendScript(
      s,
      facts,
      scoreScript(s, { segment: String(facts.segment), stage: String(facts.lifecycleStage), tagIds: new Set() }),
      holiday,
    );

  it('offers a script only inside its validity window (both ends included)', () => {
    const s11 = { validFrom: '2026-10-20', validTo: '2026-11-11', body: text('双十一') };
    expect(isOffered(s11, '2026-11-11', null)).toBe(true);
    expect(isOffered(s11, '2026-12-02', null)).toBe(false);
    expect(isOffered(s11, '2026-10-19', null)).toBe(false);
    expect(isOffered({ validFrom: null, validTo: null, body: text('x') }, '2030-01-01', null)).toBe(true);
  });

  it('offers a {节日} greeting only on a holiday of the calendar, and recommends it then', () => {
    const greeting = script({ body: text('{客户称呼}，{节日}快乐！') });
    expect(isOffered({ validFrom: null, validTo: null, body: greeting.body }, '2026-12-02', null)).toBe(false);
    expect(isOffered({ validFrom: null, validTo: null, body: greeting.body }, '2026-12-25', '圣诞节')).toBe(true);
    expect(rec(greeting, happyVip, '圣诞节')).toEqual({ recommended: true, reason: '今天是圣诞节' });
  });

  it('never recommends an allergy apology or a birthday script to a happy customer; says why when it does', () => {
    const apology = script({
      targetStages: ['purchased', 'loyal'],
      conditions: {
        any: [
          { fact: 'daysSinceLastRefund', op: 'lte', value: 14 },
          { fact: 'daysSinceComplaint', op: 'lte', value: 14 },
        ],
      },
    });
    expect(rec(apology)).toEqual({ recommended: false, reason: null });
    const refunded = buildFacts(raw({ lastRefundAt: new Date('2026-11-30T02:00:00Z') }), NOW);
    expect(rec(apology, refunded)).toEqual({ recommended: true, reason: '2 天前有退款，忠诚阶段' });

    const birthday = script({ conditions: { fact: 'daysToBirthday', op: 'between', value: [0, 7] } });
    expect(rec(birthday).recommended).toBe(false);
    expect(rec(birthday, buildFacts(raw({ birthday: '12-05' }), NOW))).toEqual({ recommended: true, reason: '生日在 3 天后' });

    const winBack = script({
      conditions: {
        all: [
          { fact: 'segment', op: 'in', value: ['champion'] },
          { fact: 'daysSinceLastOrder', op: 'gte', value: 30 },
        ],
      },
    });
    const idle = buildFacts(raw({ lastOrderAt: new Date('2026-10-18T02:00:00Z') }), NOW);
    expect(rec(winBack, idle)).toEqual({ recommended: true, reason: '重要价值客户，45 天未下单' });
  });

  it('never recommends a script aimed at another tier, nor an untargeted unconditional one', () => {
    expect(rec(script({ targetSegments: ['prospect'] })).recommended).toBe(false);
    expect(rec(script({ targetSegments: ['champion', 'prospect'], targetStages: ['aware'] })).recommended).toBe(false);
    expect(rec(script())).toEqual({ recommended: false, reason: null });
    expect(rec(script({ targetSegments: ['champion'] }))).toEqual({ recommended: true, reason: '重要价值客户' });
  });

  it('validates validity windows and conditions as data', () => {
    expect(scriptWhenSchema.safeParse({ validFrom: '2026-11-12', validTo: '2026-11-11' }).success).toBe(false);
    expect(scriptWhenSchema.safeParse({ conditions: { fact: 'nope', op: 'eq', value: 1 } }).success).toBe(false);
    expect(scriptWhenSchema.parse({})).toEqual({ validFrom: null, validTo: null, conditions: null });
  });
});
