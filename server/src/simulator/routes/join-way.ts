import type { ApiRoutes } from '@server/simulator/api.ts';
import { parseParams } from '@server/simulator/api.ts';
import type { SimJoinWay } from '@server/simulator/acquisition-state.ts';
import type { SimContext } from '@server/simulator/context.ts';
import { OK, WxError } from '@server/simulator/wx-error.ts';
import { addJoinWayRequestSchema, configIdRequestSchema, updateJoinWayRequestSchema } from '@server/wecom/schemas-acquisition.ts';
import { qrImagePath } from './contact-way.ts';

/** ≤ 5 customer groups per join way (§5.14.1). */
const MAX_CHATS = 5;

/** 客户群「加入群聊」 (§5.14): add/get/update/del_join_way. Error codes for these are not confirmed (40058/41044 used). */
export function joinWayRoutes(routes: ApiRoutes, ctx: SimContext): void {
  const { state } = ctx;
  const acq = state.acquisition;

  const build = (
    configId: string,
    p: Omit<SimJoinWay, 'config_id' | 'auto_create_room' | 'chat_id_list' | 'scene'> & {
      scene?: number;
      auto_create_room?: number;
      chat_id_list?: string[];
    },
  ): SimJoinWay => {
    if (p.scene !== 1 && p.scene !== 2) throw new WxError(40058, 'scene must be 1 or 2');
    const chats = p.chat_id_list ?? [];
    if (chats.length === 0 || chats.length > MAX_CHATS) throw new WxError(40058, `chat_id_list takes 1 to ${MAX_CHATS} chats`);
    for (const id of chats) if (!state.groupChats.has(id)) throw new WxError(40058, `invalid chat_id ${id}`);
    return {
      config_id: configId,
      scene: p.scene,
      // Remarks over 30 characters are cut, not refused (§5.14.1).
      ...(p.remark !== undefined ? { remark: [...p.remark].slice(0, 30).join('') } : {}),
      auto_create_room: p.auto_create_room ?? 1,
      ...(p.room_base_name !== undefined ? { room_base_name: p.room_base_name } : {}),
      ...(p.room_base_id !== undefined ? { room_base_id: p.room_base_id } : {}),
      chat_id_list: chats,
      ...(p.state !== undefined ? { state: p.state } : {}),
    };
  };
  const requireWay = (configId: string | undefined): SimJoinWay => {
    if (!configId) throw new WxError(41043);
    const way = acq.joinWays.get(configId);
    if (!way) throw new WxError(41044);
    return way;
  };

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/groupchat/add_join_way',
    handler: ({ body }) => {
      const { mark_source: _markSource, ...p } = parseParams(addJoinWayRequestSchema, body);
      const way = build(acq.newConfigId(), p);
      acq.joinWays.set(way.config_id, way);
      // No qr_code here: get_join_way has it (§5.14.1).
      return { ...OK, config_id: way.config_id };
    },
  });

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/groupchat/get_join_way',
    handler: ({ body, origin }) => {
      const way = requireWay(parseParams(configIdRequestSchema, body).config_id);
      return { ...OK, join_way: { ...way, ...(way.scene === 2 ? { qr_code: `${origin}${qrImagePath(way.config_id)}` } : {}) } };
    },
  });

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/groupchat/update_join_way',
    handler: ({ body }) => {
      const p = parseParams(updateJoinWayRequestSchema, body);
      requireWay(p.config_id);
      // A full overwrite (§5.14.3).
      acq.joinWays.set(p.config_id, build(p.config_id, p));
      return { ...OK };
    },
  });

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/groupchat/del_join_way',
    handler: ({ body }) => {
      const p = parseParams(configIdRequestSchema, body);
      requireWay(p.config_id);
      acq.joinWays.delete(p.config_id ?? '');
      return { ...OK };
    },
  });
}
