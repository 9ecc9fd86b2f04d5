import type { DataSource } from 'typeorm';
import { IsNull, Not } from 'typeorm';
import { ChannelEntity } from '@server/entities/Channel.ts';
import { contactWayFields } from '@server/features/channels/contact-way-sync.ts';
import type { Simulator } from '@server/simulator/index.ts';

/**
 * The simulator starts from the generated corp at every demo start, without the 「联系我」 codes
 * made in earlier runs (the demo load's channels, and any an admin created). This gives it back
 * every live channel's code under its config id, state, guides and QR address, as WeCom would
 * still hold them, so printed demo codes keep working and their QR images show after a restart.
 */
export async function restoreChannelCodes(sim: Pick<Simulator, 'state'>, ds: DataSource): Promise<number> {
  const acq = sim.state.acquisition;
  const channels = await ds.getRepository(ChannelEntity).find({ where: { configId: Not(IsNull()), deletedAt: IsNull() } });
  let restored = 0;
  for (const c of channels) {
    if (!c.configId || acq.contactWays.has(c.configId) || c.currentUserids.length === 0) continue;
    const fields = contactWayFields(c, c.currentUserids);
    acq.contactWays.set(c.configId, {
      ...fields,
      config_id: c.configId,
      type: 2,
      scene: 2,
      remark: fields.remark ?? '',
      skip_verify: fields.skip_verify ?? true,
      state: c.stateKey,
      ...(c.qrCode ? { qr_code: c.qrCode } : {}),
      party: [],
      createdAt: c.createdAt.getTime(),
      next: 0,
    });
    restored++;
  }
  return restored;
}
