import type { Actor } from '@server/auth/actor.ts';
import type { AppDeps } from '@server/context.ts';
import { forbiddenChannel } from '@server/http/error-catalog.ts';
import { managedDepartmentIds } from '@server/policy/policy.ts';

/**
 * Who manages which acquisition codes (channel codes and group join codes alike): admins all of
 * them, managers those of their departments, guides none.
 */

/** The departments whose codes the actor manages: undefined for all (admins); guides → 403. */
export async function codeScope(deps: AppDeps, actor: Actor): Promise<number[] | undefined> {
  if (actor.role === 'guide') throw forbiddenChannel();
  return managedDepartmentIds(deps.ds, actor);
}

/** 403 unless a code of this department (null: corp-wide) is within the scope. */
export function assertCodeInScope(scope: number[] | undefined, departmentId: number | null): void {
  if (scope !== undefined && (departmentId === null || !scope.includes(departmentId))) throw forbiddenChannel();
}

/**
 * The department a saved code belongs to: the one named; when none is named, an edited code keeps
 * its own and a new one goes to the manager's first department (corp-wide for an admin). 403 when
 * that is outside the scope.
 */
export function codeDepartment(
  named: number | null | undefined,
  scope: number[] | undefined,
  kept?: { departmentId: number | null },
): number | null {
  const departmentId = named !== undefined ? named : kept ? kept.departmentId : scope === undefined ? null : (scope[0] ?? null);
  assertCodeInScope(scope, departmentId);
  return departmentId;
}
