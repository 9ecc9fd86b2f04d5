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

  // Plan every conversation first (pair, topic, start), so a question is left unanswered only in the
  // pair's last conversation: a later chat's first guide message would otherwise "answer" it weeks late.
  const plans: Array<{ guide: string; customer: string; topic: ReturnType<typeof topicAt>; start: number }> = [];
  for (let i = 0; i < options.conversations && pairs.length > 0; i++) {
    const [guide, customer] = pick(pairs);
    const topic = topicAt(rand());
    // Customers write in Shanghai daytime (08:00–22:30), on a day spread over the span.
    const day = Math.floor((now - spanMs + rand() * spanMs) / 86_400_000) * 86_400_000;
    let start = day + Math.floor(rand() * 13.5 * 3_600_000) + Math.floor(rand() * 3_600_000);
    if (start >= now - 3_600_000) start = now - 3_600_000 - Math.floor(rand() * 6 * 3_600_000);
    plans.push({ guide, customer, topic, start });
  }
  const lastStart = new Map<string, number>();
  for (const p of plans) lastStart.set(`${p.guide}|${p.customer}`, Math.max(lastStart.get(`${p.guide}|${p.customer}`) ?? 0, p.start));

  for (const { guide, customer, topic, start } of plans) {
    let t = start;
    if (rand() < 0.3) {
      const disagree = rand() < 0.1;
      out.push({
        ...base(customer, guide, t),
        msgtype: disagree ? 'disagree' : 'agree',
        ...(disagree ? { disagree: { userid: customer, disagree_time: t } } : { agree: { userid: customer, agree_time: t } }),
      });
      t += 1000;
    }
    const unanswered = !topic.alwaysAnswered && rand() < 0.12 && lastStart.get(`${guide}|${customer}`) === start;
    let previous: { by: string; msgid: string } | undefined;
    let lastGuideMsgid = '';
    let answered = false;
    for (const turn of topic.turns(pick)) {
      if (!previous && turn.by === 'guide') answered = true; // the guide opened the chat: they are in it
      // The customer's first question waits for the guide (working hours); once they are talking, replies flow at chat pace.
      if (previous?.by === 'customer' && turn.by === 'guide' && !answered) {
        if (unanswered) break;
        t = firstReplyAt(t, rand);
        answered = true;
      } else if (previous?.by === 'customer' && turn.by === 'guide') t += 20_000 + Math.floor(rand() * 150_000);
      else if (previous) t += 5_000 + Math.floor(rand() * 90_000);
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
    // A chat the customer ends ("好的谢谢") gets the guide's sign-off, as guides do; left open, the next
    // chat's first guide message would count as a reply to it.
    const signOffAt = t + 10_000 + Math.floor(rand() * 60_000);
    if (previous?.by === 'customer' && answered && signOffAt < now) {
      out.push({ ...base(guide, customer, signOffAt), msgtype: 'text', text: { content: pick(SIGN_OFFS) } });
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

const SIGN_OFFS = ['不客气～有需要随时找我', '好的，随时联系我哦😊', '收到，期待您到店～', '[微笑]'];

const HOUR = 3_600_000;
/** Hours since Shanghai midnight of a UTC instant. */
const shanghaiHour = (at: number) => ((((at + 8 * HOUR) % (24 * HOUR)) + 24 * HOUR) % (24 * HOUR)) / HOUR;
/** 09:00 Shanghai of the day `at` falls on (Shanghai), plus `days`. */
const nineOClock = (at: number, days = 0) => Math.floor((at + 8 * HOUR) / (24 * HOUR)) * 24 * HOUR - 8 * HOUR + 9 * HOUR + days * 24 * HOUR;

/**
 * When a guide first answers a customer's question asked at `at`: guides answer from 09:00 to 22:00
 * Shanghai — mostly within minutes (70% in 1–10 min), sometimes within the hour (22%) or a few
 * hours later (8%, 1–4 h); a question asked before 09:00 is answered soon after nine, one asked
 * (or answered) after 22:00 the next morning.
 */
function firstReplyAt(at: number, rand: () => number): number {
  const hour = shanghaiHour(at);
  if (hour < 9) return nineOClock(at) + Math.floor(rand() * 45 * 60_000);
  if (hour >= 22) return nineOClock(at, 1) + Math.floor(rand() * HOUR);
  const u = rand();
  const delay = u < 0.7 ? 60_000 + rand() * 540_000 : u < 0.92 ? 600_000 + rand() * 3_000_000 : HOUR + rand() * 3 * HOUR;
  const reply = at + Math.floor(delay);
  const nextMidnight = nineOClock(at, 1) - 9 * HOUR;
  return shanghaiHour(reply) >= 22 || reply >= nextMidnight ? nineOClock(at, 1) + Math.floor(rand() * HOUR) : reply;
}

function timeOf(m: SimArchiveMessage): number {
  const v = m.action === 'switch' ? m.time : m.msgtime;
  return typeof v === 'number' ? v : 0;
}
