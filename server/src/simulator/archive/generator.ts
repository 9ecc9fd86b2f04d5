import { seededRandom } from '@server/simulator/random.ts';
import type { SimState } from '@server/simulator/state.ts';
import { GROUP_LINES, topicAt } from './conversations.ts';
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

/**
 * Deterministic chats between guides and their customers, each following one topic
 * (conversations.ts): the customer asks, the guide answers after a realistic delay
 * (most within minutes, some hours later, some the next morning; about 1 in 8 first
 * questions never answered, complaints always), product links, customer photos,
 * a recalled price, consent (agree on first contact, a few disagree), group chatter
 * and a `switch` record.
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
  const base = (from: string, to: string, at: number) => ({ msgid: id(at), action: 'send', from, tolist: [to], roomid: '', msgtime: at });

  for (let i = 0; i < options.conversations && pairs.length > 0; i++) {
    const [guide, customer] = pick(pairs);
    const topic = topicAt(rand());
    // Daytime in Shanghai (08:00–22:00), on a day spread over the span.
    const day = Math.floor((now - spanMs + rand() * spanMs) / 86_400_000) * 86_400_000;
    let t = day + Math.floor((0 + rand() * 14) * 3_600_000) + Math.floor(rand() * 3_600_000);
    if (t >= now - 3_600_000) t = now - 3_600_000 - Math.floor(rand() * 6 * 3_600_000);
    if (rand() < 0.3) {
      const disagree = rand() < 0.1;
      out.push({
        ...base(customer, guide, t),
        msgtype: disagree ? 'disagree' : 'agree',
        ...(disagree ? { disagree: { userid: customer, disagree_time: t } } : { agree: { userid: customer, agree_time: t } }),
      });
      t += 1000;
    }
    const unanswered = !topic.alwaysAnswered && rand() < 0.12;
    let previous: { by: string; msgid: string } | undefined;
    let lastGuideMsgid = '';
    for (const turn of topic.turns(pick)) {
      // The customer's question waits for the guide; everything after flows at chat pace.
      if (previous?.by === 'customer' && turn.by === 'guide') {
        if (unanswered) break;
        const u = rand();
        const delay = u < 0.7 ? 30_000 + rand() * 600_000 : u < 0.9 ? 600_000 + rand() * 7_200_000 : 28_800_000 + rand() * 21_600_000;
        t += Math.floor(delay);
      } else if (previous) t += 5_000 + Math.floor(rand() * 90_000);
      if (t >= now) break;
      const [from, to] = turn.by === 'customer' ? [customer, guide] : [guide, customer];
      let m: SimArchiveMessage;
      if ('recall' in turn) {
        m = { ...base(from, to, t), action: 'recall', msgtype: 'revoke', revoke: { pre_msgid: lastGuideMsgid } };
      } else if ('image' in turn) {
        m = {
          ...base(from, to, t),
          msgtype: 'image',
          image: { md5sum: 'sim', filesize: 20480 + Math.floor(rand() * 90000), sdkfileid: `simfile${serial.n}` },
        };
      } else if ('link' in turn) {
        m = {
          ...base(from, to, t),
          msgtype: 'link',
          link: { title: turn.link.title, description: turn.link.description, link_url: turn.link.url, image_url: '' },
        };
      } else m = { ...base(from, to, t), msgtype: 'text', text: { content: turn.text } };
      out.push(m);
      if (turn.by === 'guide') lastGuideMsgid = m.msgid;
      previous = { by: turn.by, msgid: m.msgid };
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
