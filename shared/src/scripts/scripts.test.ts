import { describe, expect, it } from 'vitest';
import { chatMessageOf, previewOf, renderScriptBody } from './message.ts';
import { renderScript, scriptVariablesOf } from './render.ts';
import { compareRanked, scoreScript } from './score.ts';

describe('renderScript', () => {
  it('fills known variables and leaves unknown or empty ones visible', () => {
    const out = renderScript('{客户称呼}您好，我是{门店}的{导购姓名}，{未知变量}，{客户昵称}', {
      客户称呼: '张姐',
      导购姓名: '小王',
      门店: null,
      客户昵称: '',
    });
    expect(out).toBe('张姐您好，我是{门店}的小王，{未知变量}，{客户昵称}');
  });

  it('never interprets HTML or regex specials, and ignores braces that are not placeholders', () => {
    expect(renderScript('<b>{客户称呼}</b> {a b} {} $& {{导购姓名}}', { 客户称呼: '<i>$1&</i>', 导购姓名: '王' })).toBe(
      '<b><i>$1&</i></b> {a b} {} $& {王}',
    );
    expect(renderScript('{__proto__}{constructor}', {})).toBe('{__proto__}{constructor}');
  });

  it('lists the variables a template uses', () => {
    expect(scriptVariablesOf('{客户称呼}好，{客户称呼}，{门店}')).toEqual(['客户称呼', '门店']);
  });
});

describe('script bodies and chat messages', () => {
  it('renders text fields of every type and maps them to ww.sendChatMessage payloads', () => {
    const vars = { 客户称呼: '张姐' };
    expect(chatMessageOf(renderScriptBody({ type: 'text', content: { text: '{客户称呼}好' } }, vars))).toEqual({
      msgtype: 'text',
      text: { content: '张姐好' },
    });
    expect(
      chatMessageOf(
        renderScriptBody({ type: 'link', content: { title: '给{客户称呼}', desc: 'd', url: 'https://x/{客户称呼}', imgUrl: 'i' } }, vars),
      ),
    ).toEqual({ msgtype: 'news', news: { link: 'https://x/{客户称呼}', title: '给张姐', desc: 'd', imgUrl: 'i' } });
    expect(chatMessageOf({ type: 'miniprogram', content: { appid: 'wx1', title: 't', imgUrl: 'i', page: 'p' } })).toEqual({
      msgtype: 'miniprogram',
      miniprogram: { appid: 'wx1', title: 't', imgUrl: 'i', page: 'p' },
    });
    expect(chatMessageOf({ type: 'image', content: { imageUrl: 'u', mediaId: 'm1' } })).toEqual({
      msgtype: 'image',
      image: { mediaid: 'm1' },
    });
    expect(chatMessageOf({ type: 'image', content: { imageUrl: 'u' } })).toBeNull();
  });

  it('previews one line, clipped', () => {
    expect(previewOf({ type: 'text', content: { text: 'a\n\nb' } })).toBe('a b');
    expect(previewOf({ type: 'text', content: { text: 'x'.repeat(100) } }, 10)).toBe(`${'x'.repeat(9)}…`);
    expect(previewOf({ type: 'link', content: { title: '指南', desc: '', url: 'u', imgUrl: '' } })).toBe('[链接] 指南');
  });
});

describe('scoreScript', () => {
  const customer = { segment: 'champion', stage: 'loyal', tagIds: new Set(['vip', 'dry']) };
  const none = { targetSegments: [], targetStages: [], targetTagIds: [] };

  it('scores untargeted scripts 0, matches by weight, and puts scripts aimed elsewhere below untargeted ones', () => {
    expect(scoreScript(none, customer)).toEqual({ score: 0, matched: [] });
    expect(scoreScript({ ...none, targetSegments: ['champion'] }, customer)).toEqual({ score: 4, matched: ['segment'] });
    expect(scoreScript({ ...none, targetStages: ['loyal'] }, customer)).toEqual({ score: 2, matched: ['stage'] });
    expect(scoreScript({ ...none, targetTagIds: ['vip', 'dry', 'x'] }, customer)).toEqual({ score: 4, matched: ['tag'] });
    expect(scoreScript({ targetSegments: ['champion'], targetStages: ['loyal'], targetTagIds: ['vip'] }, customer).score).toBe(9);
    expect(scoreScript({ ...none, targetSegments: ['prospect'] }, customer).score).toBe(-1);
    expect(scoreScript({ ...none, targetSegments: ['prospect'] }, { ...customer, segment: null }).score).toBe(-1);
  });

  it('orders by score, then most recent use, then most used, then id', () => {
    const d = (s: string) => new Date(s);
    const items = [
      { id: 1, score: 0, lastSentAt: null, sendCount: 0 },
      { id: 2, score: 4, lastSentAt: d('2026-01-01'), sendCount: 1 },
      { id: 3, score: 4, lastSentAt: d('2026-02-01'), sendCount: 0 },
      { id: 4, score: 0, lastSentAt: null, sendCount: 5 },
      { id: 5, score: -1, lastSentAt: d('2026-03-01'), sendCount: 9 },
    ];
    expect([...items].sort(compareRanked).map((i) => i.id)).toEqual([3, 2, 4, 1, 5]);
  });
});
