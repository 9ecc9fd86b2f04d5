/**
 * The interaction timeline of one customer: per follow relation the friend
 * add, a tag change, a few chat messages, notes, script sends, follow-ups —
 * ≈4.5 events per follow on average. Order events (order_paid/order_refunded)
 * are not here: they belong to the order pipeline; the orders only shape how
 * active a customer is.
 */
import { directoryLayout } from './directory.ts';
import { DAY_S, unix } from './options.ts';
import { customerProfile } from './profile.ts';
import { rngFor } from './random.ts';
import type { InteractionPayloadEntry } from '@shared/timeline/payloads.ts';
import type { DemoCustomer, DemoInteraction, DemoOptions } from './types.ts';

const CUSTOMER_SAYS = [
  '你好，上次买的精华水还有货吗？',
  '请问敏感肌可以用这个面霜吗',
  '这个唇釉有小样吗',
  '双十一有什么活动呀',
  '快递到了，谢谢～',
  '用了一周感觉还不错',
  '最近脸有点干，推荐一下',
  '我想预约周六下午到店护理',
  '好的，收到',
  '可以帮我留一套礼盒吗',
  '这个能开发票吗',
  '有点过敏，怎么办',
  '👍',
  '谢谢小姐姐',
  '价格能再优惠点吗',
];
const GUIDE_SAYS = [
  '亲，您好～我是木棉集的专属美容顾问，有任何护肤问题随时找我哦',
  '这款精华现在有会员价，要帮您预留吗？',
  '天气转凉，记得加强保湿哦～',
  '您上次买的面霜用得怎么样？',
  '本周六店里有新品体验活动，欢迎过来～',
  '已经帮您登记好了，到店报手机号就可以',
  '生日月有专属礼遇，记得来领取哦🎁',
  '收到，我马上帮您查一下物流',
];
const NOTES = [
  '到店试用了粉底液，色号 02 合适',
  '对价格比较敏感，等大促再联系',
  '敏感肌，推荐了积雪草系列',
  '送礼需求，预算 500 左右',
  '孩子小，周末才方便到店',
];
const SCRIPTS = ['新客欢迎语', '秋冬保湿推荐', '会员日提醒', '生日祝福', '沉睡客户唤醒券', '新品上市通知'];

/** The customer's interactions, oldest first; deterministic per (seed, customer index). */
export function demoInteractionsOf(o: DemoOptions, customer: DemoCustomer): DemoInteraction[] {
  const layout = directoryLayout(o);
  const profile = customerProfile(o, customer.index);
  const r = rngFor(o.seed, 'interactions', customer.index);
  const now = unix(o.now);
  const out: DemoInteraction[] = [];
  const id = customer.external_userid;
  // Keys ascend with the customer index, so a streamed load appends to the unique index instead of scattering.
  const key = String(customer.index).padStart(8, '0');
  const buyer = profile.orderCount > 0;
  // Lapsed customers went quiet; actives were contacted recently.
  const quietAfter =
    profile.archetype === 'lapsed_regular' || profile.archetype === 'once_old' ? Math.min(now, profile.orderTo + 30 * DAY_S) : now;

  customer.follows.forEach((f, fi) => {
    let n = 0;
    const push = (at: number, staff: string | null, event: InteractionPayloadEntry): void => {
      out.push({
        ...event,
        customer_external_userid: id,
        staff_userid: staff,
        occurred_at: new Date(at * 1000),
        dedupe_key: `demo:${key}:${fi}:${n++}`,
      });
    };
    const start = f.createtime;
    const end = Math.max(start + 60, Math.min(quietAfter, now - 60));
    const when = (): number => r.int(start + 30, end);
    push(start, f.userid, {
      type: 'friend_added',
      payload: { userid: f.userid, externalUserid: id, addWay: f.add_way, state: f.state ?? null, restored: false },
    });
    if (f.tag_ids.length > 0 && r.chance(0.7)) {
      const tagId = r.pick(f.tag_ids);
      const tag = layout.tagById.get(tagId);
      push(Math.min(start + r.int(60, 3 * DAY_S), now - 30), f.userid, {
        type: 'tag_added',
        payload: { tagIds: [tagId], ...(tag ? { tagNames: [tag.name] } : {}), userid: f.userid },
      });
    }
    const messages = buyer ? r.int(1, 4) : r.int(0, 2);
    const times = Array.from({ length: messages }, when).sort((a, b) => a - b);
    times.forEach((t, k) => {
      const incoming = k % 2 === 0 ? r.chance(0.6) : r.chance(0.4);
      const payload = {
        msgtype: 'text',
        text: incoming ? r.pick(CUSTOMER_SAYS) : r.pick(GUIDE_SAYS),
        msgid: `${r.chars(20)}_${t}_external`,
      };
      push(t, f.userid, incoming ? { type: 'message_in', payload } : { type: 'message_out', payload });
    });
    if (r.chance(0.2)) push(when(), f.userid, { type: 'note', payload: { content: r.pick(NOTES) } });
    if (r.chance(0.25)) push(when(), f.userid, { type: 'script_sent', payload: { scriptTitle: r.pick(SCRIPTS), scriptType: 'text' } });
    if (r.chance(0.1)) push(when(), f.userid, { type: 'follow_up_done', payload: { content: '已电话回访，客户满意' } });
    if (f.remark && r.chance(0.15))
      push(Math.min(start + r.int(60, 7 * DAY_S), now - 30), f.userid, { type: 'remark_changed', payload: { remark: f.remark } });
  });

  out.sort((a, b) => a.occurred_at.getTime() - b.occurred_at.getTime());
  return out;
}
