import type { CustomerOpenResponse } from '@shared/api/open.ts';
import type { Actor } from '@server/auth/actor.ts';
import type { AppDeps } from '@server/context.ts';
import { customerProfileByExternal } from '@server/features/customers/index.ts';
import { nextActions } from '@server/features/next-actions/index.ts';

/**
 * The sidebar's 1v1 open: the profile by external_userid (access checked once, there), then the
 * next actions from the same facts of this open (loadOpenFacts) the value card was built from.
 * Both are the features' own services, so what they compute changes here with them.
 */
export async function openCustomer(deps: AppDeps, actor: Actor, externalUserid: string, now = new Date()): Promise<CustomerOpenResponse> {
  const { profile, openFacts } = await customerProfileByExternal(deps, actor, externalUserid);
  return {
    me: { userid: actor.userid, name: actor.name, role: actor.role },
    profile,
    nextActions: await nextActions(deps.ds, actor, profile.id, now, openFacts),
  };
}
