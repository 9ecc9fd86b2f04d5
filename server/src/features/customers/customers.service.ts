import type {
  CustomerListItem,
  CustomerProfileResponse,
  MyCustomersResponse,
  UpdateRemarkRequest,
  UpdateRemarkResponse,
} from '@shared/api/customers.ts';
import type { LifecycleStage, RfmSegment } from '@shared/enums.ts';
import type { Actor } from '@server/auth/actor.ts';
import type { AppDeps } from '@server/context.ts';
import { customerNotFound, forbiddenCustomer, notFollowing, wecomRemarkFailed } from '@server/http/error-catalog.ts';
import { dbTime, dbTimeKey, fromDbTime, likeAnywhere, rowOr404, select, timeIdCursor } from '@server/db/sql.ts';
import { assertCustomerAccess, canSeeCustomerFollowedBy } from '@server/policy/policy.ts';
import { wecomClientFor } from '@server/wecom/client.ts';
import { loadTagCatalog, profileTagGroups } from '@server/features/tags/index.ts';
import { recordInteractions } from '@server/features/timeline/index.ts';
import { loadActiveFollows, loadCustomer, loadProfileFacts } from './customer-facts.ts';
import { presentListItem, presentProfile } from './customers.presenter.ts';
import { wecomFailure } from './common/wecom-failure.ts';

/** Resolves an external_userid to our customer id (404 unknown, 403 when not visible to the actor). */
export async function customerIdByExternal(deps: AppDeps, actor: Actor, externalUserid: string): Promise<number> {
  const { id } = await rowOr404<{ id: number }>(
    deps.ds,
    'SELECT id FROM customer WHERE external_userid = ?',
    [externalUserid],
    customerNotFound,
  );
  await assertCustomerAccess(deps.ds, actor, Number(id));
  return Number(id);
}

/**
 * The sidebar's first screen in one response, in two statements whatever the customer: the
 * customer with follows, tags and consent (loadProfileFacts), and the tag catalog. The access
 * check reads the loaded follows (no statement for guides and admins).
 */
export async function customerProfile(deps: AppDeps, actor: Actor, customerId: number): Promise<CustomerProfileResponse> {
  return profileOf(deps, actor, { id: customerId });
}

/** The same profile, looked up by the WeCom external_userid of the chat (the sidebar's 1v1 open). */
export async function customerProfileByExternal(deps: AppDeps, actor: Actor, externalUserid: string): Promise<CustomerProfileResponse> {
  return profileOf(deps, actor, { externalUserid });
}

async function profileOf(deps: AppDeps, actor: Actor, key: { id: number } | { externalUserid: string }): Promise<CustomerProfileResponse> {
  const [facts, catalog] = await Promise.all([loadProfileFacts(deps.ds, key, actor.userid), loadTagCatalog(deps.ds)]);
  const { customer, follows, followTags, archiveConsent } = facts;
  if (
    !(await canSeeCustomerFollowedBy(
      deps.ds,
      actor,
      follows.map((f) => f.staffId),
    ))
  )
    throw forbiddenCustomer();
  const mine = new Set<string>();
  const others = new Set<string>();
  for (const f of follows) {
    const target = f.staffId === actor.staffId ? mine : others;
    for (const t of followTags.get(f.id) ?? []) target.add(t);
  }
  return presentProfile({ actor, customer, follows, tagGroups: profileTagGroups(catalog, mine, others), archiveConsent, now: new Date() });
}

/** The actor's customers (active follows), newest added first, keyset on (added_at, follow id). */
export async function myCustomers(
  deps: AppDeps,
  actor: Actor,
  query: { q?: string; segment?: RfmSegment; cursor?: string; limit: number },
): Promise<MyCustomersResponse> {
  const where = ['f.staff_id = ?', 'f.lost_at IS NULL'];
  const params: unknown[] = [actor.staffId];
  if (query.segment) {
    where.push('c.rfm_segment = ?');
    params.push(query.segment);
  }
  if (query.q) {
    where.push("(c.name LIKE ? ESCAPE '!' OR f.remark LIKE ? ESCAPE '!')");
    const like = likeAnywhere(query.q);
    params.push(like, like);
  }
  if (query.cursor) {
    const [at, id] = timeIdCursor.decode(query.cursor);
    where.push('(f.added_at < ? OR (f.added_at = ? AND f.id < ?))');
    params.push(at, at, id);
  }
  const rows = await select<Record<string, unknown>>(
    deps.ds,
    `SELECT f.id AS follow_id, f.added_at, f.remark, c.id, c.external_userid, c.name, c.avatar, c.type, c.rfm_segment, c.lifecycle_stage, c.last_interaction_at
       FROM customer_follow f JOIN customer c ON c.id = f.customer_id
      WHERE ${where.join(' AND ')}
      ORDER BY f.added_at DESC, f.id DESC
      LIMIT ?`,
    [...params, query.limit + 1],
  );
  const page = rows.slice(0, query.limit);
  const items: CustomerListItem[] = page.map((r) =>
    presentListItem({
      id: Number(r.id),
      externalUserid: String(r.external_userid),
      name: String(r.name),
      remark: (r.remark as string | null) ?? null,
      avatar: (r.avatar as string | null) ?? null,
      type: Number(r.type),
      rfmSegment: (r.rfm_segment as RfmSegment | null) ?? null,
      lifecycleStage: r.lifecycle_stage as LifecycleStage,
      addedAt: fromDbTime(r.added_at) ?? new Date(0),
      lastInteractionAt: fromDbTime(r.last_interaction_at),
    }),
  );
  const last = page[page.length - 1];
  const nextCursor = rows.length > query.limit && last ? timeIdCursor.encode([dbTimeKey(last.added_at), Number(last.follow_id)]) : null;
  return { items, nextCursor };
}

/**
 * Changes the actor's remark/description of a customer: WeCom first
 * (externalcontact/remark), then the local follow row and a remark_changed interaction.
 */
export async function updateRemark(
  deps: AppDeps,
  actor: Actor,
  customerId: number,
  input: UpdateRemarkRequest,
): Promise<UpdateRemarkResponse> {
  const customer = await loadCustomer(deps.ds, customerId);
  await assertCustomerAccess(deps.ds, actor, customerId);
  const follow = (await loadActiveFollows(deps.ds, customerId)).find((f) => f.staffId === actor.staffId);
  if (!follow) throw notFollowing();
  try {
    await wecomClientFor(deps).remark({
      userid: actor.userid,
      external_userid: customer.externalUserid,
      ...(input.remark !== undefined ? { remark: input.remark } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
    });
  } catch (err) {
    throw wecomFailure(err, wecomRemarkFailed);
  }
  const remark = input.remark !== undefined ? input.remark || null : follow.remark;
  const description = input.description !== undefined ? input.description || null : follow.description;
  const now = new Date();
  await deps.ds.transaction(async (em) => {
    await em.query('UPDATE customer_follow SET remark = ?, description = ?, updated_at = ? WHERE id = ?', [
      remark,
      description,
      dbTime(now),
      follow.id,
    ]);
    await recordInteractions(em, [
      {
        customerId,
        staffId: actor.staffId,
        type: 'remark_changed',
        occurredAt: now,
        source: 'sidebar',
        dedupeKey: null,
        payload: { remark, description, previousRemark: follow.remark, previousDescription: follow.description },
      },
    ]);
  });
  return { remark, description };
}
