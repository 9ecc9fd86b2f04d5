import { seededRandom } from '@server/simulator/random.ts';
import type { SimState } from '@server/simulator/state.ts';
import type { SimArchiveMessage } from './store.ts';

export interface GenerateOptions {
  /** 1v1 conversations to produce. */
  conversations: number;
  /** Group-chat messages to produce. */
  groupMessages?: number;
  /** Messages are spread over the `days` days before `now`. */
  days?: number;
  now?: Date;
  seed?: number;
}

const CUSTOMER_LINES = [
  '你好，请问这款还有货吗？',
  '在吗',
  '上次买的那件有点大，可以换吗',
  '最近有什么活动吗',
  '我想看看新款',
  '这个颜色有现货吗？',
  '周末门店营业到几点',
  '可以帮我留一件 M 码吗',
  '快递到了，谢谢',
  '会员积分怎么查',
  '有没有适合送妈妈的',
  '价格能再优惠点吗',
];
const GUIDE_LINES = [
  '您好，有的，给您留一件',
  '在的，请问需要什么帮助',
  '可以换的，带上小票到店就行',
  '本周会员日全场九折',
  '新款已经到店了，给您发几张图',
  '这个颜色门店有现货',
  '周末营业到晚上十点',
  '好的，已经帮您留好了',
  '积分在小程序会员中心可以查',
  '这款很适合送长辈',
  '我帮您申请一下优惠',
];
/** Lines that trip the demo sensitive words (加微信, 返现, 私下转账). */
const RISKY_LINES = ['加微信私聊，给您返现', '可以私下转账，便宜一点'];
const GROUP_LINES = ['大家好', '今天有什么新品', '活动几号开始？', '收到', '谢谢群主', '周末见'];

/**
 * Deterministic chats between guides and their customers: customer bursts,
 * guide replies after realistic delays (most within minutes, some hours later,
 * some the next morning, about 1 in 8 never), images/links, recalls, consent
 * (agree on first contact, a few disagree), group chatter and a `switch` record.
 */
export function generateMessages(state: SimState, options: GenerateOptions, serial: { n: number }): SimArchiveMessage[] {
  const rand = seededRandom(options.seed ?? 20261123 + serial.n);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const now = (options.now ?? new Date()).getTime();
  const spanMs = (options.days ?? 3) * 86_400_000;
  const out: SimArchiveMessage[] = [];
  const id = (at: number) => {
    serial.n += 1;
    return `sim${serial.n.toString(36)}${Math.floor(rand() * 1e9).toString(36)}_${at}`;
  };
  const pairs: Array<[string, string]> = [];
  for (const [userid, externals] of state.customersByUser) for (const ext of externals) pairs.push([userid, ext]);
  const text = (from: string, to: string, at: number, content: string) => ({
    msgid: id(at),
    action: 'send',
    from,
    tolist: [to],
    roomid: '',
    msgtime: at,
    msgtype: 'text',
    text: { content },
  });

  for (let i = 0; i < options.conversations && pairs.length > 0; i++) {
    const [guide, customer] = pick(pairs);
    let t = now - spanMs + Math.floor(rand() * (spanMs - 3_600_000));
    if (rand() < 0.3) {
      const disagree = rand() < 0.1;
      out.push({
        msgid: id(t),
        action: 'send',
        from: customer,
        tolist: [guide],
        roomid: '',
        msgtime: t,
        msgtype: disagree ? 'disagree' : 'agree',
        ...(disagree ? { disagree: { userid: customer, disagree_time: t } } : { agree: { userid: customer, agree_time: t } }),
      });
      t += 1000;
    }
    const rounds = 1 + Math.floor(rand() * 3);
    for (let r = 0; r < rounds && t < now; r++) {
      const burst = 1 + Math.floor(rand() * 3);
      for (let b = 0; b < burst; b++) {
        out.push(
          rand() < 0.1
            ? {
                msgid: id(t),
                action: 'send',
                from: customer,
                tolist: [guide],
                roomid: '',
                msgtime: t,
                msgtype: 'image',
                image: { md5sum: 'sim', filesize: 20480 + Math.floor(rand() * 90000), sdkfileid: `simfile${serial.n}` },
              }
            : text(customer, guide, t, pick(CUSTOMER_LINES)),
        );
        t += 5_000 + Math.floor(rand() * 55_000);
      }
      const u = rand();
      if (u < 0.12) break; // unanswered
      const delay = u < 0.7 ? 30_000 + rand() * 600_000 : u < 0.9 ? 600_000 + rand() * 7_200_000 : 28_800_000 + rand() * 21_600_000;
      t += Math.floor(delay);
      if (t >= now) break;
      const line = rand() < 0.04 ? pick(RISKY_LINES) : pick(GUIDE_LINES);
      const reply =
        rand() < 0.1
          ? {
              msgid: id(t),
              action: 'send',
              from: guide,
              tolist: [customer],
              roomid: '',
              msgtime: t,
              msgtype: 'link',
              link: { title: '本周新品推荐', description: '点击查看', link_url: 'https://shop.example.com/new', image_url: '' },
            }
          : text(guide, customer, t, line);
      out.push(reply);
      if (rand() < 0.05) {
        t += 20_000;
        out.push({
          msgid: id(t),
          action: 'recall',
          from: guide,
          tolist: [customer],
          roomid: '',
          msgtime: t,
          msgtype: 'revoke',
          revoke: { pre_msgid: reply.msgid },
        });
      }
      t += 60_000 + Math.floor(rand() * 3_600_000);
    }
  }

  const groups = [...state.groupChats.values()].filter((g) => g.member_list.length > 0);
  for (let i = 0; i < (options.groupMessages ?? 0) && groups.length > 0; i++) {
    const g = pick(groups);
    const member = pick(g.member_list);
    const at = now - Math.floor(rand() * spanMs);
    out.push({
      msgid: id(at),
      action: 'send',
      from: member.userid,
      tolist: g.member_list
        .filter((m) => m.userid !== member.userid)
        .slice(0, 20)
        .map((m) => m.userid),
      roomid: g.chat_id,
      msgtime: at,
      msgtype: 'text',
      text: { content: pick(GROUP_LINES) },
    });
  }

  const someone = pairs[0]?.[0];
  if (someone) out.push({ msgid: id(now), action: 'switch', time: now - 1000, user: someone });
  // WeCom hands records out in the order they were archived: by time.
  return out.sort((a, b) => timeOf(a) - timeOf(b));
}

function timeOf(m: SimArchiveMessage): number {
  const v = m.action === 'switch' ? m.time : m.msgtime;
  return typeof v === 'number' ? v : 0;
}
