import type { DataSource } from 'typeorm';
import { IsNull, Not } from 'typeorm';
import { GroupJoinWayEntity } from '@server/entities/GroupJoinWay.ts';
import { joinWayFields } from '@server/features/channels/join-ways.service.ts';
import type { Simulator } from '@server/simulator/index.ts';

/**
 * As restoreChannelCodes does for 「联系我」 codes: the simulator starts without the group join
 * codes made in earlier runs, so every live one is given back under its config id and state —
 * its QR keeps showing, a scan still joins, and editing it (update_join_way) finds it. Groups the
 * regenerated corp no longer has (rooms auto-created in an earlier run) are left out.
 */
export async function restoreJoinWays(sim: Pick<Simulator, 'state'>, ds: DataSource): Promise<number> {
  const acq = sim.state.acquisition;
  const ways = await ds.getRepository(GroupJoinWayEntity).find({ where: { configId: Not(IsNull()), deletedAt: IsNull() } });
  let restored = 0;
  for (const w of ways) {
    const chats = w.chatIds.filter((id) => sim.state.groupChats.has(id));
    if (!w.configId || acq.joinWays.has(w.configId) || chats.length === 0) continue;
    const fields = joinWayFields({ ...w, chatIds: chats });
    acq.joinWays.set(w.configId, {
      config_id: w.configId,
      scene: fields.scene ?? 2,
      ...(fields.remark !== undefined ? { remark: fields.remark } : {}),
      auto_create_room: fields.auto_create_room ?? 1,
      ...(fields.room_base_name !== undefined ? { room_base_name: fields.room_base_name } : {}),
      ...(fields.room_base_id !== undefined ? { room_base_id: fields.room_base_id } : {}),
      chat_id_list: chats,
      state: w.stateKey,
    });
    restored++;
  }
  return restored;
}
