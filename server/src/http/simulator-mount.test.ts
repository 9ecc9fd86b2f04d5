import type { ParameterizedContext } from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator } from '@server/simulator/index.ts';
import { startTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import { AppError } from './errors.ts';
import { attachSimulatorApp, isLoopbackAddress, simulatorMount } from './simulator-mount.ts';
import type { AppState } from './types.ts';

describe('isLoopbackAddress (the socket peer, never a forwarded header)', () => {
  it('accepts this machine only', () => {
    for (const a of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1', '::FFFF:127.0.0.1']) expect(isLoopbackAddress(a), a).toBe(true);
    for (const a of [
      undefined,
      '',
      '10.0.0.5',
      '192.168.1.20',
      '::ffff:10.0.0.5',
      '2001:db8::1',
      '128.0.0.1',
      '1.127.0.0.1',
      '::',
      '0.0.0.0',
      '127.0.0.1.evil',
    ]) {
      expect(isLoopbackAddress(a), String(a)).toBe(false);
    }
  });
});

describe('the simulator mounted in demo mode', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ DEMO_SEED: 'off' });
    attachSimulatorApp(app.deps, createSimulator({ corp: { customers: 10, guides: 2, groups: 1 } }).app);
  });
  afterAll(async () => {
    attachSimulatorApp(app.deps, undefined);
    await app?.stop();
  });

  it('answers its admin API to a loopback client whatever X-Forwarded-For claims', async () => {
    const res = await app.request('/sim/admin/corp', { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ corpId: 'wwdemo0000000001' });
  });

  it('refuses its admin API to a peer on another machine (403 in the error vocabulary), not its WeCom API', async () => {
    const mount = simulatorMount(app.deps);
    const from = (remoteAddress: string, path: string) =>
      ({ path, req: { socket: { remoteAddress } } }) as unknown as ParameterizedContext<AppState>;
    const next = async () => undefined;
    const refused = await mount(from('192.168.1.20', '/sim/admin/corp'), next).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ status: 403, id: 'simulator_admin_local_only' });
    expect((refused as AppError).message).toMatch(/本机/);
    // Paths outside the admin API are not for this check to decide.
    let passedOn = false;
    await mount(from('192.168.1.20', '/api/me'), async () => {
      passedOn = true;
    });
    expect(passedOn).toBe(true);
  });

  it('serves the WeCom stand-in on the same port', async () => {
    const token = await app.request('/cgi-bin/gettoken?corpid=wwdemo0000000001&corpsecret=demo-secret');
    expect(((await token.json()) as { errcode: number }).errcode).toBe(0);
  });
});
