import type { FollowUp, FollowUpsResponse } from '@shared/api/follow-ups.ts';
import type { Actor } from '@server/auth/actor.ts';
import type { AppDeps } from '@server/context.ts';
import { dbTime, rowOr404, select, text } from '@server/db/sql.ts';
import { FollowUpEntity } from '@server/entities/FollowUp.ts';
import { followUpNotFound, forbiddenFollowUp } from '@server/http/error-catalog.ts';
import { recordInteractions } from '@server/features/timeline/index.ts';
import { assertCustomerAccess } from '@server/policy/policy.ts';
import { loadCustomer } from '@server/features/customers/index.ts';
import { FOLLOW_UP_COLUMNS, presentFollowUp, type FollowUpRow } from './follow-ups.presenter.ts';

/** Follow-ups of a customer, newest first (capped: the profile shows the recent ones). */
export async function listFollowUps(deps: AppDeps, actor: Actor, customerId: number): Promise<FollowUpsResponse> {
  await loadCustomer(deps.ds, customerId);
  await assertCustomerAccess(deps.ds, actor, customerId);
  const rows = await select<FollowUpRow>(
    deps.ds,
    `SELECT ${FOLLOW_UP_COLUMNS} FROM follow_up f JOIN staff s ON s.id = f.staff_id
      WHERE f.customer_id = ? ORDER BY f.created_at DESC, f.id DESC LIMIT 100`,
    [customerId],
  );
  const now = new Date();
  return { items: rows.map((r) => presentFollowUp(r, actor.staffId, now)) };
}

async function loadFollowUp(deps: AppDeps, id: number): Promise<FollowUpRow> {
  return rowOr404<FollowUpRow>(
    deps.ds,
    `SELECT ${FOLLOW_UP_COLUMNS} FROM follow_up f JOIN staff s ON s.id = f.staff_id WHERE f.id = ?`,
    [id],
    followUpNotFound,
  );
}

/** Records a 跟进记录 (optionally with a reminder) and a `note` interaction, in one transaction. */
export async function createFollowUp(
  deps: AppDeps,
  actor: Actor,
  customerId: number,
  input: { content: string; remindAt?: string | null },
): Promise<FollowUp> {
  await loadCustomer(deps.ds, customerId);
  await assertCustomerAccess(deps.ds, actor, customerId);
  const now = new Date();
  const remindAt = input.remindAt ? new Date(input.remindAt) : null;
  const id = await deps.ds.transaction(async (em) => {
    const result = await em
      .createQueryBuilder()
      .insert()
      .into(FollowUpEntity)
      .values({
        customerId,
        staffId: actor.staffId,
        content: input.content,
        remindAt,
        doneAt: null,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    const newId = Number(result.identifiers[0]?.id);
    await recordInteractions(em, [
      {
        customerId,
        staffId: actor.staffId,
        type: 'note',
        occurredAt: now,
        source: 'sidebar',
        dedupeKey: null,
        payload: { followUpId: newId, content: input.content, remindAt: remindAt?.toISOString() ?? null },
      },
    ]);
    return newId;
  });
  return presentFollowUp(await loadFollowUp(deps, id), actor.staffId, now);
}

/** Marks the actor's own follow-up done (idempotent) and writes `follow_up_done` once. */
export async function completeFollowUp(deps: AppDeps, actor: Actor, id: number): Promise<FollowUp> {
  const row = await loadFollowUp(deps, id);
  if (Number(row.staff_id) !== actor.staffId) throw forbiddenFollowUp();
  const customerId = Number(row.customer_id);
  await assertCustomerAccess(deps.ds, actor, customerId);
  const now = new Date();
  if (row.done_at === null) {
    await deps.ds.transaction(async (em) => {
      await em.query('UPDATE follow_up SET done_at = ?, updated_at = ? WHERE id = ? AND done_at IS NULL', [dbTime(now), dbTime(now), id]);
      await recordInteractions(em, [
        {
          customerId,
          staffId: actor.staffId,
          type: 'follow_up_done',
          occurredAt: now,
          source: 'sidebar',
          dedupeKey: null,
          payload: { followUpId: id, content: text(row.content) },
        },
      ]);
    });
  }
  return presentFollowUp(await loadFollowUp(deps, id), actor.staffId, now);
}
