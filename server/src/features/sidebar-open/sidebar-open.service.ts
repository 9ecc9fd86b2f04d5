import type { CustomerProfileResponse } from '@shared/api/customers.ts';
import type { CustomerOpenResponse } from '@shared/api/open.ts';
import type { Actor } from '@server/auth/actor.ts';
import type { AppDeps } from '@server/context.ts';
import { customerProfileByExternal } from '@server/features/customers/index.ts';
import { nextActions, type KnownCustomer } from '@server/features/next-actions/index.ts';

/**
 * The sidebar's 1v1 open: the profile by external_userid (access checked once, there), then the
 * next actions from the facts the profile already holds. Both are the features' own services, so
 * what they compute changes here with them.
 */
export async function openCustomer(deps: AppDeps, actor: Actor, externalUserid: string, now = new Date()): Promise<CustomerOpenResponse> {
  const profile = await customerProfileByExternal(deps, actor, externalUserid);
  return {
    me: { userid: actor.userid, name: actor.name, role: actor.role },
    profile,
    nextActions: await nextActions(deps.ds, actor, profile.id, now, knownFromProfile(profile)),
  };
}

/** What the next actions need of the customer, read off the profile instead of the database. */
function knownFromProfile(p: CustomerProfileResponse): KnownCustomer {
  const date = (iso: string | null | undefined): Date | null => (iso ? new Date(iso) : null);
  return {
    name: p.name,
    birthday: p.birthday,
    rfmSegment: p.value.rfmSegment,
    lifecycleStage: p.value.lifecycleStage,
    lastInteractionAt: date(p.value.lastInteractionAt),
    addedAt: date(p.myFollow?.addedAt ?? p.followers[0]?.addedAt),
    tagIds: p.tagGroups.flatMap((g) => g.tags.filter((t) => t.mine || t.byOthers).map((t) => t.id)),
  };
}
