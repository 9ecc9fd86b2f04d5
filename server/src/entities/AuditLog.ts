import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** Who did what, when: admin actions, exports, transcript reads. */
export interface AuditLog {
  id: number;
  actorUserid: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
  createdAt: Date;
}

export const AuditLogEntity = new EntitySchema<AuditLog>({
  name: 'AuditLog',
  tableName: 'audit_log',
  columns: {
    id: col.id(),
    actorUserid: col.str(64, true),
    action: col.str(64),
    targetType: col.str(32, true),
    targetId: col.str(64, true),
    detail: col.json(),
    ip: col.str(64, true),
    createdAt: col.createdAt(),
  },
});
