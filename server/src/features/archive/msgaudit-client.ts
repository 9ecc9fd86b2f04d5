import { z } from 'zod';
import { safeUrl } from '@server/logger.ts';
import { httpFor } from '@server/wecom/http.ts';

/**
 * The msgaudit HTTP APIs (wecom-api.md §10.5), called with the token of the
 * 会话内容存档 secret (a normal app token is rejected). Small on purpose: a
 * token cache, one retry on an expired token, zod on every answer.
 */
const tokenSchema = z.object({
  errcode: z.number().optional(),
  errmsg: z.string().optional(),
  access_token: z.string().optional(),
  expires_in: z.number().optional(),
});
const envelope = z.looseObject({ errcode: z.number().int(), errmsg: z.string().default('') });
const agreeInfo = z.object({
  status_change_time: z.number().int().default(0),
  userid: z.string().optional(),
  exteranalopenid: z.string(),
  agree_status: z.enum(['Agree', 'Disagree']),
});
const agreeResponse = envelope.extend({ agreeinfo: z.array(agreeInfo).default([]) });
const permitResponse = envelope.extend({ ids: z.array(z.string()).default([]) });
export type AgreeInfo = z.infer<typeof agreeInfo>;

export class MsgauditApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly path: string,
  ) {
    super(`${path} failed: errcode ${errcode} ${errmsg}`);
    this.name = 'MsgauditApiError';
  }
}

export class MsgauditClient {
  private token: { value: string; until: number } | undefined;

  constructor(private readonly options: { apiBase: string; corpId: string; secret: string; timeoutMs?: number }) {}

  /** check_single_agree for up to 100 (member, external contact) pairs per call. */
  async checkSingleAgree(pairs: Array<{ userid: string; externalUserid: string }>): Promise<AgreeInfo[]> {
    const out: AgreeInfo[] = [];
    for (let i = 0; i < pairs.length; i += 100) {
      const info = pairs.slice(i, i + 100).map((p) => ({ userid: p.userid, exteranalopenid: p.externalUserid }));
      out.push(...(await this.post('/cgi-bin/msgaudit/check_single_agree', { info }, agreeResponse)).agreeinfo);
    }
    return out;
  }

  async checkRoomAgree(roomid: string): Promise<AgreeInfo[]> {
    return (await this.post('/cgi-bin/msgaudit/check_room_agree', { roomid }, agreeResponse)).agreeinfo;
  }

  async getPermitUserList(type?: 1 | 2 | 3): Promise<string[]> {
    return (await this.post('/cgi-bin/msgaudit/get_permit_user_list', type ? { type } : {}, permitResponse)).ids;
  }

  private async accessToken(): Promise<string> {
    if (this.token && Date.now() < this.token.until) return this.token.value;
    const url = new URL('/cgi-bin/gettoken', this.options.apiBase);
    url.searchParams.set('corpid', this.options.corpId);
    url.searchParams.set('corpsecret', this.options.secret);
    const res = tokenSchema.parse(await this.fetchJson(url, undefined));
    if (!res.access_token) throw new MsgauditApiError(res.errcode ?? -1, res.errmsg ?? 'no token', '/cgi-bin/gettoken');
    this.token = { value: res.access_token, until: Date.now() + Math.max(60, (res.expires_in ?? 7200) - 300) * 1000 };
    return res.access_token;
  }

  private async post<S extends typeof envelope>(path: string, body: unknown, schema: S): Promise<z.infer<S>> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken();
      const url = new URL(path, this.options.apiBase);
      url.searchParams.set('access_token', token);
      const res = schema.parse(await this.fetchJson(url, body));
      if (res.errcode === 0) return res;
      if ((res.errcode === 40014 || res.errcode === 42001) && attempt === 0) {
        this.token = undefined;
        continue;
      }
      throw new MsgauditApiError(res.errcode, res.errmsg, path);
    }
  }

  private async fetchJson(url: URL, body: unknown): Promise<unknown> {
    const res = await httpFor(url).request<string>({
      method: body === undefined ? 'GET' : 'POST',
      url: url.toString(),
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      data: body === undefined ? undefined : JSON.stringify(body),
      timeout: this.options.timeoutMs ?? 10_000,
      // The msgaudit APIs only read.
      retryStaleSocket: true,
    });
    if (res.status < 200 || res.status > 299) throw new Error(`${safeUrl(url.pathname)} answered HTTP ${res.status}`);
    return JSON.parse(res.data);
  }
}
