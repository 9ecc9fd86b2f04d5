import type { DataSource } from 'typeorm';
import type { CustomerFieldsResponse, FieldValue, FollowStage, UpdateCustomerFieldsResponse } from '@shared/api/profile-fields.ts';
import { FOLLOW_STAGE_LABELS, FOLLOW_STAGES } from '@shared/api/profile-fields.ts';
import { checkFieldValue } from '@shared/api/field-values.ts';
import type { ProfileTagGroup } from '@shared/api/tags.ts';
import type { Actor } from '@server/auth/actor.ts';
import type { AppDeps } from '@server/context.ts';
import { bulkInsert, dbTime, marks, select, type Db } from '@server/db/sql.ts';
import { invalidFieldValue, notFollowing } from '@server/http/error-catalog.ts';
import { assertCustomerAccess } from '@server/policy/policy.ts';
import { loadActiveFollows, loadCustomer } from '@server/features/customers/index.ts';
import { recordInteractions } from '@server/features/timeline/index.ts';
import { customerTagGroups, planTagChange, pushTagChange, saveTagChange, type TagChange } from '@server/features/tags/index.ts';
import { loadFieldDefs, type FieldDef } from './field-defs.ts';
import { BUILTIN_RULES, isMirrored, presentCustomerFields, readStoredValue } from './customer-fields.ts';

async function storedValues(db: Db, customerId: number): Promise<Map<number, FieldValue>> {
  const rows = await select<{ field_id: unknown; value: unknown }>(
    db,
    'SELECT field_id, value FROM customer_field_value WHERE customer_id = ?',
    [customerId],
  );
  return new Map(rows.map((r) => [Number(r.field_id), readStoredValue(r.value)]));
}

async function followStage(db: Db, followId: number | null): Promise<FollowStage | null> {
  if (followId === null) return null;
  const [row] = await select<{ follow_stage: string | null }>(db, 'SELECT follow_stage FROM customer_follow WHERE id = ?', [followId]);
  const stage = FOLLOW_STAGES.find((s) => s === row?.follow_stage);
  return stage ?? null;
}

/**
 * The 资料 block of a customer as the actor sees it (built-ins, corp fields, 跟进状态, completeness).
 * Exported for the customer page's one-call open; `tagGroups` may be passed when the caller has them.
 */
export async function customerFields(
  ds: DataSource,
  actor: Actor,
  customerId: number,
  known?: { tagGroups: ProfileTagGroup[] },
): Promise<CustomerFieldsResponse> {
  const customer = await loadCustomer(ds, customerId);
  await assertCustomerAccess(ds, actor, customerId);
  const follows = await loadActiveFollows(ds, customerId);
  const mine = follows.find((f) => f.staffId === actor.staffId) ?? null;
  const [defs, values, stage, tagGroups] = await Promise.all([
    loadFieldDefs(ds),
    storedValues(ds, customerId),
    followStage(ds, mine?.id ?? null),
    known?.tagGroups ?? customerTagGroups(ds, actor, customerId, follows),
  ]);
  return presentCustomerFields({
    defs,
    birthday: customer.birthday,
    memberNo: customer.memberNo,
    values,
    tagGroups,
    stage,
    editable: mine !== null,
  });
}

interface CheckedValues {
  builtins: Partial<Record<'birthday' | 'member_no', string | null>>;
  custom: Array<{ def: FieldDef; value: FieldValue }>;
}

/** Checks every given value against its field; all problems are reported at once and nothing is written. */
function checkValues(defs: FieldDef[], values: Record<string, FieldValue>): CheckedValues {
  const out: CheckedValues = { builtins: {}, custom: [] };
  const problems: Array<{ key: string; message: string }> = [];
  for (const [key, raw] of Object.entries(values)) {
    if (key === 'birthday' || key === 'member_no') {
      const checked = checkFieldValue(BUILTIN_RULES[key], raw);
      if (checked.ok) out.builtins[key] = typeof checked.value === 'string' ? checked.value : null;
      else problems.push({ key, message: checked.message });
      continue;
    }
    const def = defs.find((d) => d.key === key);
    if (!def) {
      problems.push({ key, message: `字段 ${key} 不存在或已删除，请刷新后重试` });
      continue;
    }
    const checked = checkFieldValue({ label: def.label, type: def.type, options: def.options }, raw);
    if (checked.ok) out.custom.push({ def, value: checked.value });
    else problems.push({ key, message: checked.message });
  }
  if (problems.length > 0) throw invalidFieldValue(problems);
  return out;
}

/** The tags a mirrored choice asks for: its options' tags added, the group's other tags removed. */
function mirroredTagRequest(custom: CheckedValues['custom']): { add: string[]; remove: string[] } {
  const add: string[] = [];
  const remove: string[] = [];
  for (const { def, value } of custom) {
    if (!isMirrored(def)) continue;
    const chosen = new Set(value === null ? [] : Array.isArray(value) ? value : [String(value)]);
    for (const [name, tagId] of def.tagIds) (chosen.has(name) ? add : remove).push(tagId);
  }
  return { add, remove };
}

/** A value as the timeline shows it: lists joined with 、, null when empty. */
function shown(value: FieldValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.length > 0 ? value.join('、') : null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

type ProfileChange = { label: string; value: string | null; previous: string | null };

/**
 * What this save actually changes, for the timeline (values that stay the same are left out).
 * Mirrored choices are not listed: they reach the timeline as tag changes.
 */
function profileChanges(
  checked: CheckedValues,
  before: { birthday: string | null; memberNo: string | null; values: Map<number, FieldValue>; stage: FollowStage | null },
  stage: FollowStage | null | undefined,
): ProfileChange[] {
  const changes: ProfileChange[] = [];
  const push = (label: string, value: string | null, previous: string | null) => {
    if (value !== previous) changes.push({ label, value, previous });
  };
  if ('birthday' in checked.builtins) push(BUILTIN_RULES.birthday.label, shown(checked.builtins.birthday), shown(before.birthday));
  if ('member_no' in checked.builtins) push(BUILTIN_RULES.member_no.label, shown(checked.builtins.member_no), shown(before.memberNo));
  for (const { def, value } of checked.custom) {
    if (!isMirrored(def)) push(def.label, shown(value), shown(before.values.get(def.id)));
  }
  if (stage !== undefined) {
    push('跟进状态', stage ? FOLLOW_STAGE_LABELS[stage] : null, before.stage ? FOLLOW_STAGE_LABELS[before.stage] : null);
  }
  return changes;
}

/**
 * PATCH /api/customers/:id/profile-fields: checks every value, writes mirrored choices to WeCom
 * first (one mark_tag call), then the values, built-ins, 跟进状态 and the mirrored tags in one transaction.
 */
export async function updateCustomerFields(
  deps: AppDeps,
  actor: Actor,
  customerId: number,
  input: { values: Record<string, FieldValue>; stage?: FollowStage | null },
): Promise<UpdateCustomerFieldsResponse> {
  const customer = await loadCustomer(deps.ds, customerId);
  await assertCustomerAccess(deps.ds, actor, customerId);
  const follow = (await loadActiveFollows(deps.ds, customerId)).find((f) => f.staffId === actor.staffId);
  if (!follow) throw notFollowing();
  const checked = checkValues(await loadFieldDefs(deps.ds), input.values);

  const target = { customerId, externalUserid: customer.externalUserid, followId: follow.id };
  const request = mirroredTagRequest(checked.custom);
  let change: TagChange | null = null;
  if (request.add.length + request.remove.length > 0) {
    change = await planTagChange(deps.ds, target, request);
    await pushTagChange(deps, actor, target, change);
  }
  const [previousValues, previousStage] = await Promise.all([storedValues(deps.ds, customerId), followStage(deps.ds, follow.id)]);
  const changes = profileChanges(
    checked,
    { birthday: customer.birthday, memberNo: customer.memberNo, values: previousValues, stage: previousStage },
    input.stage,
  );
  const now = new Date();
  await deps.ds.transaction(async (em) => {
    if (change) await saveTagChange(em, actor, target, change, now);
    if (changes.length > 0) {
      await recordInteractions(em, [
        {
          type: 'profile_updated',
          payload: { changes },
          customerId,
          staffId: actor.staffId,
          occurredAt: now,
          source: 'sidebar',
          dedupeKey: null,
        },
      ]);
    }
    const stored = checked.custom.filter((c) => !isMirrored(c.def));
    const kept = stored.filter((c) => c.value !== null);
    const cleared = stored.filter((c) => c.value === null).map((c) => c.def.id);
    if (kept.length > 0) {
      await bulkInsert(
        em,
        'customer_field_value',
        ['customer_id', 'field_id', 'value', 'updated_by', 'updated_at'],
        kept.map((c) => [customerId, c.def.id, JSON.stringify(c.value), actor.staffId, dbTime(now)]),
        { upsert: { conflict: ['customer_id', 'field_id'], update: ['value', 'updated_by', 'updated_at'] } },
      );
    }
    if (cleared.length > 0) {
      await em.query(`DELETE FROM customer_field_value WHERE customer_id = ? AND field_id IN (${marks(cleared.length)})`, [
        customerId,
        ...cleared,
      ]);
    }
    const columns = { birthday: 'birthday', member_no: 'member_no' } as const;
    const sets = (Object.keys(checked.builtins) as Array<keyof typeof columns>).map((k) => `${columns[k]} = ?`);
    if (sets.length > 0) {
      await em.query(`UPDATE customer SET ${sets.join(', ')}, updated_at = ? WHERE id = ?`, [
        ...Object.values(checked.builtins),
        dbTime(now),
        customerId,
      ]);
    }
    if (input.stage !== undefined) {
      await em.query('UPDATE customer_follow SET follow_stage = ?, updated_at = ? WHERE id = ?', [input.stage, dbTime(now), follow.id]);
    }
  });
  const fields = await customerFields(deps.ds, actor, customerId);
  return {
    ...fields,
    tagGroups: change && change.add.length + change.remove.length > 0 ? await tagBlock(deps.ds, actor, customerId) : null,
  };
}

async function tagBlock(ds: DataSource, actor: Actor, customerId: number): Promise<ProfileTagGroup[]> {
  return customerTagGroups(ds, actor, customerId, await loadActiveFollows(ds, customerId));
}
