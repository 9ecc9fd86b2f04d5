import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { WecomEventEntity } from '@server/entities/WecomEvent.ts';
import { buildEnvelopeXml } from '@server/wecom/callback-xml.ts';
import { encryptMessage, type CallbackCryptoConfig } from '@server/wecom/crypto.ts';
import { SIMULATOR_CORP } from '@server/wecom/simulator-corp.ts';
import { configureLogger } from '@server/logger.ts';
import { CALLBACK_BODY_LIMIT_BYTES } from './body-limit.ts';

const cfg: CallbackCryptoConfig = {
  token: SIMULATOR_CORP.callbackToken,
  aesKey: SIMULATOR_CORP.callbackAesKey,
  receiveId: SIMULATOR_CORP.corpId,
};

interface Answer {
  status: number;
  body: string;
}

/**
 * A POST over node:http that writes `chunks` and only ends the body when
 * `end` is set, so a test can hold the rest of a body back and see whether
 * the server answers before it has it.
 */
function rawPost(
  app: TestApp,
  path: string,
  chunks: Buffer[],
  { end = true, headers = {} }: { end?: boolean; headers?: Record<string, string | number> } = {},
): Promise<Answer> {
  const url = new URL(path, app.url);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest({
      host: url.hostname,
      port: url.port,
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: { 'content-type': 'text/xml', ...headers },
    });
    req.on('response', (res: IncomingMessage) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') });
        req.destroy();
      });
    });
    // Writing the held-back part after the server closed is expected to fail.
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    for (const c of chunks) req.write(c);
    if (end) req.end();
  });
}

const errorId = (a: Answer): unknown => (JSON.parse(a.body) as { error: { id: string } }).error.id;

/** A delivery of `plaintext` exactly as WeCom would sign and wrap it. */
function delivery(plaintext: string): { query: string; body: string } {
  const m = encryptMessage(cfg, plaintext);
  return {
    query: new URLSearchParams({ msg_signature: m.msgSignature, timestamp: m.timestamp, nonce: m.nonce }).toString(),
    body: buildEnvelopeXml({ toUserName: cfg.receiveId, encrypt: m.encrypt, agentId: SIMULATOR_CORP.agentId }),
  };
}

describe('WeCom callback receiver under hostile input', () => {
  let app: TestApp;
  const count = () => app.deps.ds.getRepository(WecomEventEntity).count();
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app.stop());

  it('refuses a body declared larger than the cap with 413 before any of it arrives', async () => {
    const { query } = delivery('<xml/>');
    const res = await rawPost(app, `/wecom/callback?${query}`, [Buffer.from('<xml><Encrypt><![CDATA[')], {
      end: false,
      headers: { 'content-length': 2_000_000 },
    });
    expect(res.status).toBe(413);
    expect(errorId(res)).toBe('payload_too_large');
  });

  it('refuses a streamed body with 413 once it passes the cap, without waiting for the rest', async () => {
    const { query } = delivery('<xml/>');
    // Chunked (no Content-Length) and never ended: only reading past the cap can trigger the answer.
    const res = await rawPost(app, `/wecom/callback/?${query}`, [Buffer.alloc(CALLBACK_BODY_LIMIT_BYTES + 1, 'A')], { end: false });
    expect(res.status).toBe(413);
    expect(errorId(res)).toBe('payload_too_large');
  });

  it('keeps /healthz answering while eight 1.9 MiB posts are in flight, and refuses each of them', async () => {
    const { query } = delivery('<xml/>');
    const big = Buffer.alloc(2_000_000, 'A');
    const posts = Array.from({ length: 8 }, () => rawPost(app, `/wecom/callback?${query}`, [big]));
    const health = await app.request('/healthz');
    expect(health.status).toBe(200);
    for (const res of await Promise.all(posts)) expect(res.status).toBe(413);
  });

  it('checks the signature before parsing: a forged post whose XML is broken past Encrypt is bad_signature, not bad_body', async () => {
    const before = await count();
    const { query, body } = delivery('<xml/>');
    const forged = new URLSearchParams(query);
    forged.set('msg_signature', '0'.repeat(40));
    const broken = body.replace('</xml>', `${'<a><b'.repeat(5000)}<<<&&&<!DOCTYPE x [`);
    const res = await rawPost(app, `/wecom/callback?${forged}`, [Buffer.from(broken)]);
    expect(res.status).toBe(401);
    expect(errorId(res)).toBe('wecom_callback_bad_signature');
    expect(await count()).toBe(before);
  });

  /** Runs `fn` with the app's log captured; the log is silent again afterwards. */
  async function logged(fn: () => Promise<void>): Promise<string[]> {
    const lines: string[] = [];
    configureLogger('info', { write: (line: string) => void lines.push(line) });
    try {
      await fn();
    } finally {
      configureLogger('silent');
    }
    return lines;
  }
  /** A refused delivery is one short warning at most: no stack trace, nothing at error level. */
  const expectNoStacks = (lines: string[], requests: number) => {
    expect(lines.length).toBeLessThanOrEqual(requests * 2);
    for (const line of lines) {
      expect(line).not.toMatch(/"stack"|\\n\s+at /);
      expect((JSON.parse(line) as { level: number }).level).toBeLessThan(50);
    }
  };

  it('answers 400 bad_body (not 500) for a body without a base64 Encrypt', async () => {
    const { query } = delivery('<xml/>');
    const lines = await logged(async () => {
      for (const body of [
        '<xml><Encrypt><![CDATA[not base64!]]></Encrypt></xml>',
        '<!DOCTYPE x [<!ENTITY a "b">]><xml>&a;</xml>',
        '\u0000\uffff',
      ]) {
        const res = await rawPost(app, `/wecom/callback?${query}`, [Buffer.from(body)]);
        expect(res.status).toBe(400);
        expect(errorId(res)).toBe('wecom_callback_bad_body');
      }
    });
    expectNoStacks(lines, 3);
  });

  it('refuses decrypted event XML with a DOCTYPE/entities or deep nesting with 400 bad_event and stores nothing', async () => {
    const before = await count();
    const header = '<ToUserName>ww</ToUserName><FromUserName>sys</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType>';
    const entities =
      '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' +
      `<xml>${header}<Event>&b;</Event></xml>`;
    const external = `<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml>${header}<Event>&x;</Event></xml>`;
    // As deep as still fits the body cap once encrypted.
    const deep = `<xml>${header}${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</xml>`;
    const lines = await logged(async () => {
      for (const plaintext of [entities, external, deep]) {
        const { query, body } = delivery(plaintext);
        expect(body.length).toBeLessThan(CALLBACK_BODY_LIMIT_BYTES);
        const res = await rawPost(app, `/wecom/callback?${query}`, [Buffer.from(body)]);
        expect(res.status).toBe(400);
        expect(errorId(res)).toBe('wecom_callback_bad_event');
      }
    });
    expectNoStacks(lines, 3);
    expect(await count()).toBe(before);
  });
});
