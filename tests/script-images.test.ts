import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptSendResponseSchema } from '@shared/api/scripts.ts';
import { sessionHeaders } from './support/auth.ts';
import { someRelation, startSimApp, type SimApp } from './support/sim-app.ts';

const UPLOAD = '/cgi-bin/media/upload';

/**
 * Image scripts with an image stored on this server: the send uploads it to WeCom's temporary
 * media through the media cache, and the guide's sendChatMessage gets a media id WeCom knows.
 */
describe('image scripts sent through the media cache', () => {
  let s: SimApp;
  let admin: Record<string, string>;
  let guide: Record<string, string>;
  let customerId: number;

  const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> });
  const post = (path: string, headers: Record<string, string>, body: unknown) =>
    s.app.request(path, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const uploads = () => s.sim.stats.snapshot().endpoints[UPLOAD]?.calls ?? 0;

  beforeAll(async () => {
    s = await startSimApp();
    const rel = await someRelation(s);
    customerId = rel.customerId;
    guide = await sessionHeaders(s.app, rel.userid);
    const [row] = (await s.app.deps.ds.query("SELECT userid FROM staff WHERE role = 'admin' LIMIT 1")) as Array<{ userid: string }>;
    admin = await sessionHeaders(s.app, row!.userid);
  });
  afterAll(async () => s?.stop());

  it('uploads the stored image on the first send, reuses its media id after, and refuses a script naming no stored image', async () => {
    const png = await QRCode.toBuffer('新品海报', { type: 'png', width: 120 });
    const stored = await json(
      await s.app.request('/api/channels/images?filename=poster.png', {
        method: 'POST',
        headers: { ...admin, 'content-type': 'image/png' },
        body: png,
      }),
    );
    expect(stored.status).toBe(201);
    const asset = stored.body as { id: number; url: string };

    const created = await json(
      await post('/api/admin/scripts', admin, { type: 'image', title: '新品海报', content: { imageUrl: asset.url, assetId: asset.id } }),
    );
    expect(created.status).toBe(201);
    const scriptId = (created.body.script as { id: number }).id;

    const before = uploads();
    const first = await post(`/api/scripts/${scriptId}/sends`, guide, { customerId });
    expect(first.status, await first.clone().text()).toBe(201);
    const sent = scriptSendResponseSchema.parse(await first.json()).message;
    expect(sent.msgtype).toBe('image');
    const mediaId = sent.msgtype === 'image' ? sent.image.mediaid : '';
    // WeCom (the simulator) holds exactly the bytes stored on this server under that media id.
    expect(s.sim.state.acquisition.media.get(mediaId)?.bytes.equals(png)).toBe(true);
    expect(uploads()).toBe(before + 1);

    const again = scriptSendResponseSchema.parse(await (await post(`/api/scripts/${scriptId}/sends`, guide, { customerId })).json());
    expect(again.message).toEqual(sent);
    expect(uploads()).toBe(before + 1);

    const missing = await json(
      await post('/api/admin/scripts', admin, {
        type: 'image',
        title: '不存在的图',
        content: { imageUrl: '/api/channels/images/999999', assetId: 999999 },
      }),
    );
    expect(missing.status).toBe(404);
    expect((missing.body.error as { id: string }).id).toBe('media_asset_not_found');
  });
});
