import { randomBytes } from 'node:crypto';

/** Who an OAuth code stands for: a member, or a non-member (WeChat user, maybe a customer). */
export type OAuthIdentity =
  { kind: 'member'; userid: string; userTicket?: string } | { kind: 'guest'; openid: string; externalUserid?: string };

const CODE_TTL_MS = 5 * 60_000;
const USER_TICKET_TTL_MS = 1800_000;

/** One-time OAuth codes (single use, 5 minutes — 40029 otherwise) and the user_tickets they carry. */
export class OAuthCodes {
  private codes = new Map<string, { identity: OAuthIdentity; expiresAt: number }>();
  private tickets = new Map<string, { userid: string; expiresAt: number }>();

  issue(identity: OAuthIdentity, privateInfo: boolean, now = Date.now()): string {
    for (const [code, v] of this.codes) if (v.expiresAt < now) this.codes.delete(code);
    const code = randomBytes(24).toString('base64url');
    let id = identity;
    if (privateInfo && identity.kind === 'member') {
      const userTicket = randomBytes(48).toString('base64url');
      this.tickets.set(userTicket, { userid: identity.userid, expiresAt: now + USER_TICKET_TTL_MS });
      id = { ...identity, userTicket };
    }
    this.codes.set(code, { identity: id, expiresAt: now + CODE_TTL_MS });
    return code;
  }

  /** The identity behind a code, consuming it; undefined when unknown, used or expired. */
  redeem(code: string, now = Date.now()): OAuthIdentity | undefined {
    const entry = this.codes.get(code);
    this.codes.delete(code);
    return entry && entry.expiresAt > now ? entry.identity : undefined;
  }

  /** The member a user_ticket was issued for (auth/getuserdetail). */
  ticketUser(ticket: string, now = Date.now()): string | undefined {
    const entry = this.tickets.get(ticket);
    return entry && entry.expiresAt > now ? entry.userid : undefined;
  }
}

const TICKET_TTL_SECONDS = 7200;

/**
 * JS-SDK tickets (§8): the same ticket while valid; at most 400 corp-ticket
 * and 100 agent-ticket fetches per hour (45009 beyond), as WeCom enforces.
 */
export class JsapiTickets {
  private current = new Map<'corp' | 'agent', { ticket: string; expiresAt: number }>();
  private hourly = new Map<'corp' | 'agent', { hour: number; count: number }>();
  private static LIMITS = { corp: 400, agent: 100 } as const;

  /** The ticket and remaining seconds, or 'limited' past the hourly quota. */
  get(kind: 'corp' | 'agent', now = Date.now()): { ticket: string; expiresIn: number } | 'limited' {
    const hour = Math.floor(now / 3600_000);
    const h = this.hourly.get(kind);
    const count = h && h.hour === hour ? h.count + 1 : 1;
    this.hourly.set(kind, { hour, count });
    if (count > JsapiTickets.LIMITS[kind]) return 'limited';
    const cur = this.current.get(kind);
    if (cur && cur.expiresAt - now >= 1000) return { ticket: cur.ticket, expiresIn: Math.floor((cur.expiresAt - now) / 1000) };
    const ticket = randomBytes(64).toString('base64url');
    this.current.set(kind, { ticket, expiresAt: now + TICKET_TTL_SECONDS * 1000 });
    return { ticket, expiresIn: TICKET_TTL_SECONDS };
  }

  /** Drops the current tickets (tests of a client's ticket refresh). */
  reset(): void {
    this.current.clear();
    this.hourly.clear();
  }
}
