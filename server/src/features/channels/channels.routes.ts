import Router from '@koa/router';
import { z } from 'zod';
import { channelReportQuerySchema, type ChannelReport } from '@shared/api/channels.ts';
import { dayRangeQuerySchema } from '@shared/api/reports.ts';
import { audit } from '@server/audit/audit.ts';
import { actorOf, auth } from '@server/auth/auth.middleware.ts';
import type { AppDeps } from '@server/context.ts';
import { ChannelEntity } from '@server/entities/Channel.ts';
import { GroupJoinWayEntity } from '@server/entities/GroupJoinWay.ts';
import { MediaAssetEntity } from '@server/entities/MediaAsset.ts';
import { channelNotFound, joinWayNotFound, mediaAssetInvalid, mediaAssetNotFound } from '@server/http/error-catalog.ts';
import type { AppState } from '@server/http/types.ts';
import { parse } from '@server/http/validate.ts';
import { managedDepartmentIds } from '@server/policy/policy.ts';
import { sendCsv } from '@server/features/reports/index.ts';
import { channelReport } from './channel-report.ts';
import { channelReportCsv } from './channel-report-csv.ts';
import {
  createChannel,
  deleteChannel,
  getChannel,
  guideOptions,
  listChannels,
  loadManagedChannel,
  updateChannel,
} from './channels.service.ts';
import {
  createJoinWay,
  deleteJoinWay,
  getJoinWay,
  joinWayGroupOptions,
  listJoinWays,
  loadManagedJoinWay,
  updateJoinWay,
} from './join-ways.service.ts';
import { storeImage } from './media-cache.ts';
import { qrPng } from './qr-image.ts';

const idParam = z.object({ id: z.coerce.number().int().positive() });
const qrQuery = z.object({ download: z.enum(['0', '1']).optional() });

/**
 * Channel codes (渠道活码), for admins and managers (their departments' channels):
 * GET/POST /api/channels, GET/PUT/DELETE /api/channels/:id, GET /api/channels/:id/qr.png[?download=1],
 * group join codes (群活码) at GET/POST /api/channels/join-ways, GET /api/channels/join-ways/groups (the groups to pick),
 * GET/PUT/DELETE /api/channels/join-ways/:id,
 * GET /api/channels/join-ways/:id/qr.png[?download=1],
 * POST /api/channels/images (a JPG/PNG body) and GET /api/channels/images/:id,
 * GET /api/channels/report?from&to&by=channel|guide|store[&channelId][&format=csv].
 */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/channels' });
  const managers = auth(deps, { roles: ['admin', 'manager'] });

  router.get('/', managers, async (ctx) => {
    ctx.body = await listChannels(deps, actorOf(ctx));
  });

  router.post('/', managers, async (ctx) => {
    ctx.status = 201;
    ctx.body = await createChannel(deps, actorOf(ctx), ctx.request.body, ctx.ip || null);
  });

  router.get('/guides', managers, async (ctx) => {
    ctx.body = await guideOptions(deps, actorOf(ctx));
  });

  router.get('/report', managers, async (ctx) => {
    const q = parse(channelReportQuerySchema, ctx.query);
    parse(dayRangeQuerySchema, { from: q.from, to: q.to });
    const actor = actorOf(ctx);
    const scope = await managedDepartmentIds(deps.ds, actor);
    const channels = await deps.ds.getRepository(ChannelEntity).find({ select: { id: true, departmentId: true } });
    const inScope = (c: { departmentId: number | null }) =>
      scope === undefined || (c.departmentId !== null && scope.includes(c.departmentId));
    let ids = channels.filter(inScope).map((c) => c.id);
    const joinWays = await deps.ds.getRepository(GroupJoinWayEntity).find({ select: { id: true, departmentId: true } });
    let joinWayIds = joinWays.filter(inScope).map((w) => w.id);
    if (q.channelId !== undefined) {
      await loadManagedChannel(deps, actor, q.channelId);
      ids = [q.channelId];
      joinWayIds = [];
    }
    if (q.joinWayId !== undefined) {
      await loadManagedJoinWay(deps, actor, q.joinWayId);
      ids = q.channelId === undefined ? [] : ids;
      joinWayIds = [q.joinWayId];
    }
    const report: ChannelReport = await channelReport(deps.ds, ids, q, new Date(), joinWayIds);
    if (q.format === 'csv') {
      await audit(deps.ds.manager, actor, 'report.export', { type: 'report', id: 'channels' }, { query: ctx.query }, ctx.ip);
      const csv = channelReportCsv(report);
      return sendCsv(ctx, `渠道报表_${q.from}_${q.to}.csv`, csv.header, csv.rows);
    }
    ctx.body = report;
  });

  router.post('/images', managers, async (ctx) => {
    const body = ctx.request.rawBody;
    if (!body || !ctx.is('image/png', 'image/jpeg')) throw mediaAssetInvalid();
    const name = z.string().max(100).catch('image').parse(ctx.query.filename);
    ctx.status = 201;
    ctx.body = await storeImage(deps.ds, body, name);
  });

  router.get('/images/:id', auth(deps), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const asset = await deps.ds.getRepository(MediaAssetEntity).findOne({ where: { id } });
    if (!asset) throw mediaAssetNotFound([id]);
    ctx.type = asset.contentType;
    ctx.set('Cache-Control', 'private, max-age=86400');
    ctx.body = Buffer.from(asset.bytes);
  });

  router.get('/join-ways', managers, async (ctx) => {
    ctx.body = await listJoinWays(deps, actorOf(ctx));
  });

  router.post('/join-ways', managers, async (ctx) => {
    ctx.status = 201;
    ctx.body = await createJoinWay(deps, actorOf(ctx), ctx.request.body, ctx.ip || null);
  });

  router.get('/join-ways/groups', managers, async (ctx) => {
    ctx.body = await joinWayGroupOptions(deps, actorOf(ctx));
  });

  router.get('/join-ways/:id', managers, async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    ctx.body = await getJoinWay(deps, actorOf(ctx), id);
  });

  router.put('/join-ways/:id', managers, async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    ctx.body = await updateJoinWay(deps, actorOf(ctx), id, ctx.request.body, ctx.ip || null);
  });

  router.delete('/join-ways/:id', managers, async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    await deleteJoinWay(deps, actorOf(ctx), id, ctx.ip || null);
    ctx.status = 204;
  });

  router.get('/join-ways/:id/qr.png', managers, async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const { download } = parse(qrQuery, ctx.query);
    const w = await loadManagedJoinWay(deps, actorOf(ctx), id);
    if (!w.qrCode || !w.configId) throw joinWayNotFound();
    const png = await qrPng(w.configId, w.qrCode);
    ctx.type = png.type;
    ctx.set('Cache-Control', 'private, max-age=3600');
    if (download === '1') {
      const ext = png.type === 'image/jpeg' ? 'jpg' : 'png';
      ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`群活码_${w.name}.${ext}`)}`);
    }
    ctx.body = png.data;
  });

  router.get('/:id', managers, async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    ctx.body = await getChannel(deps, actorOf(ctx), id);
  });

  router.put('/:id', managers, async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    ctx.body = await updateChannel(deps, actorOf(ctx), id, ctx.request.body, ctx.ip || null);
  });

  router.delete('/:id', managers, async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    await deleteChannel(deps, actorOf(ctx), id, ctx.ip || null);
    ctx.status = 204;
  });

  router.get('/:id/qr.png', managers, async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const { download } = parse(qrQuery, ctx.query);
    const c = await loadManagedChannel(deps, actorOf(ctx), id);
    if (!c.qrCode || !c.configId) throw channelNotFound();
    const png = await qrPng(c.configId, c.qrCode);
    ctx.type = png.type;
    ctx.set('Cache-Control', 'private, max-age=3600');
    if (download === '1') {
      const ext = png.type === 'image/jpeg' ? 'jpg' : 'png';
      ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`渠道码_${c.name}.${ext}`)}`);
    }
    ctx.body = png.data;
  });

  return router;
}
