import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compress } from '@server/http/compress.ts';
import { precompressDir } from '@server/http/precompress.ts';
import { staticSidebar } from '@server/http/static-sidebar.ts';
import type { AppState } from '@server/http/types.ts';
import { sessionHeaders } from '../support/auth.ts';
import { seedSidebarFixture } from '../support/customer-fixtures.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/** The bytes exactly as they crossed the socket (fetch would decompress them for us). */
function rawGet(
  base: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const decode = (encoding: string | undefined, body: Buffer): Buffer =>
  encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : body;

describe('compressed API answers', () => {
  let app: TestApp;
  let session: Record<string, string>;
  beforeAll(async () => {
    app = await startTestApp();
    await seedSidebarFixture(app.deps.ds);
    session = await sessionHeaders(app, 'g1');
  });
  afterAll(async () => app.stop());

  it('sends the profile JSON brotli- or gzip-compressed as the client accepts, with Vary, and the same JSON inside', async () => {
    const plain = await rawGet(app.url, '/api/customers/1', { ...session, 'accept-encoding': 'identity' });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    expect(plain.body.length).toBeGreaterThan(1024);
    for (const [accept, expected] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
    ] as const) {
      const res = await rawGet(app.url, '/api/customers/1', { ...session, 'accept-encoding': accept });
      expect(res.headers['content-encoding']).toBe(expected);
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(Number(res.headers['content-length'])).toBe(res.body.length);
      expect(res.body.length).toBeLessThan(plain.body.length * 0.6);
      expect(JSON.parse(decode(expected, res.body).toString('utf8'))).toEqual(JSON.parse(plain.body.toString('utf8')));
    }
  });

  it('leaves answers below the threshold as they are, and compresses error bodies like the rest', async () => {
    const small = await rawGet(app.url, '/api/customers/by-external/wm_zhangsan', { ...session, 'accept-encoding': 'br' });
    expect(small.status).toBe(200);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body.toString('utf8'))).toEqual({ id: 1 });
    const denied = await rawGet(app.url, '/api/customers/2', { ...session, 'accept-encoding': 'br' });
    expect(denied.status).toBe(403);
    expect(JSON.parse(decode(denied.headers['content-encoding'], denied.body).toString('utf8'))).toMatchObject({
      error: { id: 'forbidden_customer' },
    });
  });
});

describe('precompressed sidebar files', () => {
  let dir: string;
  let base: string;
  let close: () => void;
  const script = `export const greeting = ${JSON.stringify('你好，'.repeat(400))};\n`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sidebar-dist-'));
    writeFileSync(
      join(dir, 'index.html'),
      `<!doctype html><html><head><title>导购助手</title></head><body>${'<div></div>'.repeat(200)}</body></html>`,
    );
    const assets = join(dir, 'assets');
    mkdirSync(assets);
    writeFileSync(join(assets, 'entry-abc123.js'), script);
    writeFileSync(join(assets, 'font-abc123.woff2'), Buffer.alloc(2048, 7));
    precompressDir(dir);
    const koa = new Koa<AppState>();
    koa.use(compress());
    koa.use(staticSidebar(dir));
    const server = koa.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => {
    close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes .br and .gz beside text files only, and serves the one the client accepts with Vary and the right type', async () => {
    expect(existsSync(join(dir, 'assets/entry-abc123.js.br'))).toBe(true);
    expect(existsSync(join(dir, 'assets/entry-abc123.js.gz'))).toBe(true);
    expect(existsSync(join(dir, 'assets/font-abc123.woff2.br'))).toBe(false);

    const br = await rawGet(base, '/assets/entry-abc123.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toMatch(/immutable/);
    expect(br.body.length).toBeLessThan(Buffer.byteLength(script) / 4);
    expect(decode('br', br.body).toString('utf8')).toBe(script);

    const gz = await rawGet(base, '/assets/entry-abc123.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(decode('gzip', gz.body).toString('utf8')).toBe(script);

    const plain = await rawGet(base, '/assets/entry-abc123.js', { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString('utf8')).toBe(script);
  });

  it('serves the SPA fallback (index.html) compressed too', async () => {
    const res = await rawGet(base, '/customers/12', { 'accept-encoding': 'br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(decode('br', res.body).toString('utf8')).toContain('<title>导购助手</title>');
  });
});
