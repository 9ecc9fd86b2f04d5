import type { EntityManager } from 'typeorm';
import type { Actor } from '@server/auth/actor.ts';
import { AuditLogEntity } from '@server/entities/AuditLog.ts';

/** Records who did what to which thing, when (admin actions, exports, transcript reads). */
export async function audit(
  em: EntityManager,
  actor: Pick<Actor, 'userid'> | null,
  action: string,
  target: { type?: string; id?: string | number } = {},
  detail: Record<string, unknown> = {},
  ip: string | null = null,
): Promise<void> {
  // Raw insert: simple-json columns and TypeORM's deep-partial insert typing do not mix.
  const table = em.connection.getMetadata(AuditLogEntity).tableName;
  await em.query(`INSERT INTO ${table} (actor_userid, action, target_type, target_id, detail, ip) VALUES (?, ?, ?, ?, ?, ?)`, [
    actor?.userid ?? null,
    action,
    target.type ?? null,
    target.id === undefined ? null : String(target.id),
    JSON.stringify(detail),
    ip,
  ]);
}

/** The audit action of every read of chat text, wherever it is shown (transcript, timeline). */
export const CHAT_READ_ACTION = 'archive.chat.read';

/** Records that the actor read chat text of this customer (who, whose conversations, how much, from where). */
export async function auditChatRead(
  em: EntityManager,
  actor: Pick<Actor, 'userid'>,
  customerId: number,
  detail: Record<string, unknown>,
  ip: string,
): Promise<void> {
  await audit(em, actor, CHAT_READ_ACTION, { type: 'customer', id: customerId }, detail, ip.slice(0, 64));
}
