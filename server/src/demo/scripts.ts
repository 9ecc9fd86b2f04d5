/**
 * The demo script library (话术库): ~40 corp scripts in six folders, typed
 * text/image/link/miniprogram with content in the shapes of
 * shared/src/scripts/content.ts, variables such as {客户称呼} {导购姓名}, and
 * targeting by RFM segment / lifecycle stage (some for group chats). Scripts know
 * when they apply: validity windows (双十一预热 only until 11-11), {节日} greetings
 * (offered only on a holiday of the calendar) and conditions over the customer's facts
 * (after a refund or complaint, near the birthday, new friend, tier).
 */
import { posterPath } from './images.ts';
import type { LifecycleStage, RfmSegment } from '@shared/enums.ts';
import type { Condition } from '@shared/rules/condition.ts';
import type { ScriptBody } from '@shared/scripts/content.ts';
import { shanghaiDay } from '@shared/time.ts';

export type DemoScript = ScriptBody & {
  title: string;
  for_group: boolean;
  target_segments: RfmSegment[];
  target_stages: LifecycleStage[];
  valid_from?: string;
  valid_to?: string;
  conditions?: Condition;
};

/** Adds a validity window and/or conditions to a script. */
const when = (s: DemoScript, w: { validFrom?: string; validTo?: string; conditions?: Condition }): DemoScript => ({
  ...s,
  ...(w.validFrom ? { valid_from: w.validFrom } : {}),
  ...(w.validTo ? { valid_to: w.validTo } : {}),
  ...(w.conditions ? { conditions: w.conditions } : {}),
});
const birthdayWithin = (days: number): Condition => ({ fact: 'daysToBirthday', op: 'between', value: [0, days] });
const refundOrComplaintWithin = (days: number): Condition => ({
  any: [
    { fact: 'daysSinceLastRefund', op: 'lte', value: days },
    { fact: 'daysSinceComplaint', op: 'lte', value: days },
  ],
});
const boughtDaysAgo = (from: number, to: number): Condition => ({ fact: 'paidOrderDaysAgo', op: 'between', value: [from, to] });

export interface DemoScriptFolder {
  name: string;
  sort_order: number;
  scripts: DemoScript[];
}

const MP_APPID = 'wxd1e2f3a4b5c6d7e8';

const text = (title: string, t: string, segs: RfmSegment[] = [], stages: LifecycleStage[] = [], forGroup = false): DemoScript => ({
  type: 'text',
  title,
  content: { text: t },
  for_group: forGroup,
  target_segments: segs,
  target_stages: stages,
});
const image = (title: string, file: string, segs: RfmSegment[] = [], stages: LifecycleStage[] = [], forGroup = false): DemoScript => ({
  type: 'image',
  title,
  content: { imageUrl: posterPath(file) },
  for_group: forGroup,
  target_segments: segs,
  target_stages: stages,
});
const link = (
  title: string,
  desc: string,
  path: string,
  segs: RfmSegment[] = [],
  stages: LifecycleStage[] = [],
  forGroup = false,
): DemoScript => ({
  type: 'link',
  title,
  content: { title, desc, url: `https://m.mumian-demo.cn/${path}`, imgUrl: posterPath(path.replace(/\W+/g, '-')) },
  for_group: forGroup,
  target_segments: segs,
  target_stages: stages,
});
const mp = (title: string, page: string, segs: RfmSegment[] = [], stages: LifecycleStage[] = [], forGroup = false): DemoScript => ({
  type: 'miniprogram',
  title,
  content: { appid: MP_APPID, title, imgUrl: posterPath(`mp-${page.split('/')[1] ?? 'home'}`), page },
  for_group: forGroup,
  target_segments: segs,
  target_stages: stages,
});

/** The folders with their scripts, in display order (a fresh copy per call); windows are in the year of `now`. */
export function demoScripts(now = new Date()): DemoScriptFolder[] {
  const year = Number(shanghaiDay(now).slice(0, 4));
  // 年货节 runs before the next Spring Festival: this winter's, or next winter's once spring has come.
  const newYearFair = Number(shanghaiDay(now).slice(5, 7)) >= 3 ? year + 1 : year;
  return [
    {
      name: '欢迎语/问候',
      sort_order: 60,
      scripts: [
        when(
          text(
            '新客欢迎语',
            '{客户称呼}，您好～我是木棉集{门店}的专属美容顾问{导购姓名}🌸 以后护肤、彩妆有任何问题都可以找我，新人礼券已经放到您的会员账户啦～',
            ['prospect'],
            ['aware'],
          ),
          { conditions: { fact: 'hoursSinceAdded', op: 'lte', value: 72 } },
        ),
        text('到店后问候', '{客户称呼}，今天到店体验感觉怎么样？您试用的产品如果还有疑问，随时问我哦～', [], ['interested']),
        text('周末问候', '{客户称呼}，周末愉快☀️ 最近天气干燥，记得多补水，有需要随时找{导购姓名}～'),
        text(
          '换季提醒',
          '{客户称呼}，换季了皮肤容易敏感，建议这段时间用温和的洁面和修护面霜，需要的话我帮您搭配一套～',
          [],
          ['purchased', 'loyal'],
        ),
        image('品牌介绍海报', 'brand-intro', ['prospect'], ['aware']),
        text('入群欢迎', '欢迎新朋友加入{群名称}🎉 群里每周三晚8点有会员秒杀，置顶公告有新人福利，记得领取哦～', [], [], true),
        text('节日问候', '{客户称呼}，{节日}快乐！木棉集感谢您一直以来的陪伴💕'),
      ],
    },
    {
      name: '产品推荐',
      sort_order: 50,
      scripts: [
        text(
          '保湿精华推荐',
          '{客户称呼}，我们的玻尿酸水光精华很适合干皮，现在会员价 269，买就送同款小样，要给您留一瓶吗？',
          ['promising_high_value', 'new_low_value'],
          ['interested', 'purchased'],
        ),
        text('敏感肌修护推荐', '{客户称呼}，积雪草舒缓修护面霜是敏感肌的明星单品，很多老客回购，您可以先拿小样试试～', [], ['interested']),
        link('秋冬护肤指南', '干皮、油皮、敏感肌的换季护理方案', 'guide/autumn-winter', [], ['aware', 'interested']),
        mp('新品上市｜烟酰胺亮肤精华', 'pages/product/detail?sku=MM-SK-004', ['champion', 'loyal_low_value'], ['purchased', 'loyal']),
        image('唇釉试色图', 'lip-swatches', [], ['interested']),
        when(
          text(
            '复购提醒（水乳）',
            '{客户称呼}，算了下您上次买的水乳差不多快用完啦，这周会员日满299减50，需要我帮您下单吗？',
            ['champion', 'loyal_low_value', 'at_risk_loyal'],
            ['purchased', 'loyal'],
          ),
          {
            conditions: {
              all: [
                { fact: 'segment', op: 'in', value: ['champion', 'loyal_low_value', 'at_risk_loyal'] },
                { fact: 'daysSinceLastOrder', op: 'between', value: [30, 120] },
              ],
            },
          },
        ),
        mp('会员积分商城', 'pages/points/index', ['champion', 'promising_high_value'], ['loyal']),
        link('真人测评｜持妆粉底液 12 小时', '油皮混油皮实测，不脱妆不暗沉', 'review/foundation', [], ['interested']),
        text(
          '高客单礼盒推荐',
          '{客户称呼}，木棉花臻养礼盒（水+乳+霜）本月有专属礼遇，送礼自用都很合适，需要帮您预留吗？',
          ['champion', 'promising_high_value'],
          ['loyal'],
        ),
        image('新品彩妆海报', 'new-makeup', [], [], true),
      ],
    },
    {
      name: '售后关怀',
      sort_order: 40,
      scripts: [
        when(
          text(
            '收货后回访',
            '{客户称呼}，您的包裹应该已经到啦～使用前记得先在耳后做个小测试，有任何问题随时找{导购姓名}',
            ['new_low_value', 'promising_high_value'],
            ['purchased'],
          ),
          { conditions: boughtDaysAgo(2, 5) },
        ),
        when(text('使用一周回访', '{客户称呼}，产品用了一周感觉怎么样？如果有泛红刺痛一定告诉我，我帮您调整方案～', [], ['purchased']), {
          conditions: boughtDaysAgo(6, 10),
        }),
        when(
          text(
            '过敏安抚',
            '{客户称呼}，非常抱歉给您带来不好的体验😔 请先停用，我这边马上帮您申请退换，稍后给您回电话。',
            [],
            ['purchased', 'loyal'],
          ),
          { conditions: refundOrComplaintWithin(14) },
        ),
        link('产品使用方法', '精华、乳液、面霜的正确顺序和用量', 'guide/how-to-use', [], ['purchased']),
        when(text('退款进度说明', '{客户称呼}，您的退款已经提交，预计 1-3 个工作日原路退回，有任何问题随时联系我～', [], ['purchased']), {
          conditions: { fact: 'daysSinceLastRefund', op: 'lte', value: 7 },
        }),
        when(mp('售后服务入口', 'pages/aftersale/index', [], ['purchased', 'loyal']), { conditions: refundOrComplaintWithin(30) }),
      ],
    },
    {
      name: '挽回优惠',
      sort_order: 30,
      scripts: [
        when(
          text(
            '沉睡唤醒券',
            '{客户称呼}，好久不见～给您申请了一张 50 元无门槛券，7 天内有效，最近店里上了很多新品，欢迎回来看看🌸',
            ['lapsed', 'lost_low_value', 'at_risk_low_value'],
            ['churn_risk'],
          ),
          { conditions: { fact: 'daysSinceLastOrder', op: 'gte', value: 60 } },
        ),
        text(
          '重要客户挽留',
          '{客户称呼}，您是我们的黑金老客，最近有什么不满意的地方吗？店长特批了一份专属礼遇给您，方便的话我给您介绍一下～',
          ['win_back_high_value', 'at_risk_loyal'],
          ['churn_risk'],
        ),
        mp('专属回归礼包', 'pages/coupon/comeback', ['win_back_high_value', 'lapsed'], ['churn_risk']),
        text(
          '老客专享价',
          '{客户称呼}，您常用的那款精华这周老客专享 8 折，只限本周，需要的话我帮您锁价～',
          ['at_risk_loyal', 'at_risk_low_value'],
          ['churn_risk', 'purchased'],
        ),
        link(
          '会员日满减活动',
          '每月 1 号会员日，全场满 299 减 50',
          'activity/member-day',
          ['lost_low_value', 'at_risk_low_value'],
          ['churn_risk'],
        ),
        image('回归礼海报', 'comeback-gift', ['lapsed'], ['churn_risk']),
      ],
    },
    {
      name: '生日祝福',
      sort_order: 20,
      scripts: [
        when(
          text(
            '生日祝福（会员）',
            '{客户称呼}，生日快乐🎂 木棉集给您准备了生日专属礼：生日当月消费享双倍积分 + 精美小样一份，记得来店里找{导购姓名}领取哦～',
            [],
            ['purchased', 'loyal'],
          ),
          { conditions: birthdayWithin(7) },
        ),
        when(
          text(
            '生日祝福（新客）',
            '{客户称呼}，生日快乐🎉 送您一张生日 30 元券，愿您越来越美～',
            ['prospect', 'new_low_value'],
            ['aware', 'interested'],
          ),
          { conditions: birthdayWithin(7) },
        ),
        when(image('生日贺卡', 'birthday-card'), { conditions: birthdayWithin(7) }),
        when(mp('领取生日礼', 'pages/birthday/gift', ['champion', 'promising_high_value', 'loyal_low_value'], ['loyal']), {
          conditions: birthdayWithin(30),
        }),
        when(text('生日月提醒', '{客户称呼}，这个月是您的生日月～专属礼遇月底截止，别忘了来领取哦🎁', [], ['purchased', 'loyal']), {
          conditions: birthdayWithin(30),
        }),
      ],
    },
    {
      name: '群发活动',
      sort_order: 10,
      scripts: [
        when(text('双十一预热', '【木棉集双十一】爆款精华买一送一，会员叠加满减，今晚8点群内秒杀，提前加购不迷路～', [], [], true), {
          validFrom: `${year}-10-20`,
          validTo: `${year}-11-11`,
        }),
        text('会员日群公告', '各位亲爱的会员，明天是每月会员日🎉 全场满299减50，群内还有整点红包，记得来哦～', [], [], true),
        mp('群专属秒杀', 'pages/seckill/group', [], [], true),
        link('新品发布会直播', '今晚8点直播间，新品首发价 + 抽奖', 'live/launch', [], [], true),
        when(
          text(
            '门店活动邀约',
            '{客户称呼}，本周六下午{门店}有护肤沙龙，免费肌肤检测 + 伴手礼，名额有限，需要帮您预约吗？',
            ['champion', 'loyal_low_value', 'promising_high_value'],
            ['loyal', 'purchased'],
          ),
          { conditions: { fact: 'tagNames', op: 'in', value: ['金卡会员', '黑金会员'] } },
        ),
        when(image('年货节海报', 'new-year', [], [], true), { validFrom: `${newYearFair}-01-05`, validTo: `${newYearFair}-02-05` }),
        text('群内晒单有礼', '晒出你的木棉集好物，点赞前三送正装唇釉一支💄 活动截止本周日～', [], [], true),
      ],
    },
  ];
}
