import { randomBytes } from 'node:crypto';

export type TokenCheck = 'ok' | 'invalid' | 'expired';

/**
 * Access tokens of the simulated app. Like WeCom, gettoken hands back the same
 * token while it is valid (expires_in = remaining seconds); expired tokens are
 * remembered so they answer 42001 rather than 40014.
 */
export class TokenStore {
  private tokens = new Map<string, number>();
  private current: { token: string; expiresAt: number } | undefined;

  /** The valid token (or a new one living ttlSeconds) and its remaining lifetime. */
  issue(ttlSeconds: number, now = Date.now()): { token: string; expiresIn: number } {
    if (this.current && this.current.expiresAt - now >= 1000) {
      return { token: this.current.token, expiresIn: Math.floor((this.current.expiresAt - now) / 1000) };
    }
    // Real tokens are long opaque strings (up to 512 bytes); clients must not assume a length.
    const token = randomBytes(96).toString('base64url');
    const expiresAt = now + ttlSeconds * 1000;
    this.tokens.set(token, expiresAt);
    this.current = { token, expiresAt };
    this.prune(now);
    return { token, expiresIn: ttlSeconds };
  }

  check(token: string, now = Date.now()): TokenCheck {
    const expiresAt = this.tokens.get(token);
    if (expiresAt === undefined) return 'invalid';
    return expiresAt > now ? 'ok' : 'expired';
  }

  /** Shortens every live token to at most ttlSeconds from now (a lowered TTL switch takes effect at once). */
  capLifetime(ttlSeconds: number, now = Date.now()): void {
    const cap = now + ttlSeconds * 1000;
    for (const [token, expiresAt] of this.tokens) if (expiresAt > cap) this.tokens.set(token, cap);
    if (this.current && this.current.expiresAt > cap) this.current.expiresAt = cap;
  }

  /** Expires every token now: the next call with one answers 42001. */
  expireAll(now = Date.now()): void {
    for (const token of this.tokens.keys()) this.tokens.set(token, now - 1);
    this.current = undefined;
  }

  /** Forgets tokens expired for more than a day so the map stays small. */
  private prune(now: number): void {
    for (const [token, expiresAt] of this.tokens) if (expiresAt < now - 86_400_000) this.tokens.delete(token);
  }
}
