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
