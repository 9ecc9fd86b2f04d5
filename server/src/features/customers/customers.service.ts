import type {
  CustomerListItem,
  CustomerProfileResponse,
  MyCustomersResponse,
  UpdateRemarkRequest,
  UpdateRemarkResponse,
  UpdateSalutationResponse,
} from '@shared/api/customers.ts';
import type { LifecycleStage, RfmSegment } from '@shared/enums.ts';
import type { Actor } from '@server/auth/actor.ts';
import type { AppDeps } from '@server/context.ts';
import { customerNotFound, forbiddenCustomer, notFollowing, wecomRemarkFailed } from '@server/http/error-catalog.ts';
import { dbTime, dbTimeKey, fromDbTime, likeAnywhere, rowOr404, select, timeIdCursor } from '@server/db/sql.ts';
import { assertCustomerAccess, canSeeCustomerFollowedBy } from '@server/policy/policy.ts';
import { wecomClientFor } from '@server/wecom/client.ts';
import { cachedTagCatalog, profileTagGroups } from '@server/features/tags/index.ts';
import { recordInteractions } from '@server/features/timeline/index.ts';
import { loadActiveFollows, loadCustomer, loadProfileFacts } from './customer-facts.ts';
import { openFactsOfProfile, type CustomerOpenFacts } from './open-facts.ts';
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
 * The sidebar's first screen in one response: the customer with follows, tags and consent in one
 * statement (loadProfileFacts), the tag catalog from the versioned in-process cache, and the open's
 * facts from what was loaded plus one UNION ALL of times and counts (openFactsOfProfile). The access
 * check reads the loaded follows (no statement for guides and admins).
 */
export async function customerProfile(
  deps: AppDeps,
  actor: Actor,
  customerId: number,
  openFacts?: CustomerOpenFacts,
): Promise<CustomerProfileResponse> {
  return (await profileOf(deps, actor, { id: customerId }, openFacts)).profile;
}

/**
 * The same profile, looked up by the WeCom external_userid of the chat (the sidebar's 1v1 open),
 * with the open's facts it was built from, for the next actions to reuse.
 */
export async function customerProfileByExternal(
  deps: AppDeps,
  actor: Actor,
  externalUserid: string,
): Promise<{ profile: CustomerProfileResponse; openFacts: CustomerOpenFacts }> {
  return profileOf(deps, actor, { externalUserid });
}

async function profileOf(
  deps: AppDeps,
  actor: Actor,
  key: { id: number } | { externalUserid: string },
  known?: CustomerOpenFacts,
): Promise<{ profile: CustomerProfileResponse; openFacts: CustomerOpenFacts }> {
  const loaded = await loadProfileFacts(deps.ds, key, actor.userid);
  const { customer, follows, followTags, archiveConsent } = loaded;
  if (
    !(await canSeeCustomerFollowedBy(
      deps.ds,
      actor,
      follows.map((f) => f.staffId),
    ))
  )
    throw forbiddenCustomer();
  const catalog = await cachedTagCatalog(deps.ds);
  const names = new Map(catalog.flatMap((g) => g.tags.map((t) => [t.id, t.name] as const)));
  const facts = known ?? (await openFactsOfProfile(deps.ds, actor, loaded, (id) => names.get(id)));
  const mine = new Set<string>();
  const others = new Set<string>();
  for (const f of follows) {
    const target = f.staffId === actor.staffId ? mine : others;
    for (const t of followTags.get(f.id) ?? []) target.add(t);
  }
  const contact = { lastContactAt: facts.lastContactAt, daysSinceLastContact: toDays(facts.facts.daysSinceLastContact) };
  return {
    profile: presentProfile({ actor, customer, follows, tagGroups: profileTagGroups(catalog, mine, others), archiveConsent, contact }),
    openFacts: facts,
  };
}

function toDays(v: unknown): number | null {
  return typeof v === 'number' ? v : null;
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

/**
 * Sets the actor's 称呼 for a customer (our own field: WeCom has no such thing, so nothing is
 * written there). Only a guide who follows the customer has one.
 */
export async function updateSalutation(
  deps: AppDeps,
  actor: Actor,
  customerId: number,
  salutation: string,
): Promise<UpdateSalutationResponse> {
  await loadCustomer(deps.ds, customerId);
  await assertCustomerAccess(deps.ds, actor, customerId);
  const follow = (await loadActiveFollows(deps.ds, customerId)).find((f) => f.staffId === actor.staffId);
  if (!follow) throw notFollowing();
  const value = salutation.trim() || null;
  await deps.ds.query('UPDATE customer_follow SET salutation = ?, updated_at = ? WHERE id = ?', [value, dbTime(new Date()), follow.id]);
  return { salutation: value };
}
