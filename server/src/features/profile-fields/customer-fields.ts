import type { CustomerField, CustomerFieldsResponse, FieldValue, FollowStage } from '@shared/api/profile-fields.ts';
import { FOLLOW_STAGE_LABELS, fieldValueSchema } from '@shared/api/profile-fields.ts';
import { hasValue, type FieldRule } from '@shared/api/field-values.ts';
import type { ProfileTagGroup } from '@shared/api/tags.ts';
import type { FieldDef } from './field-defs.ts';

/** The built-in fields: columns of the customer row, shown before the corp's own. */
export const BUILTIN_RULES: Record<'birthday' | 'member_no', FieldRule & { counted: boolean }> = {
  birthday: { label: '生日', type: 'month_day', options: [], counted: true },
  member_no: { label: '会员号', type: 'text', options: [], maxLength: 64, counted: false },
};

/** A stored JSON value, read back; anything unreadable counts as empty. */
export function readStoredValue(text: unknown): FieldValue {
  if (typeof text !== 'string') return null;
  try {
    const parsed = fieldValueSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The value of a field mirrored to a tag group is the group's tags on the customer — the actor's
 * own first, else other guides' — so a chip tapped in the tag block and the field always agree.
 */
function mirroredValue(def: FieldDef, tagGroups: readonly ProfileTagGroup[]): FieldValue {
  const group = tagGroups.find((g) => g.id === def.tagGroupId);
  if (!group) return null;
  const mine = group.tags.filter((t) => t.mine).map((t) => t.name);
  const names = mine.length > 0 ? mine : group.tags.filter((t) => t.byOthers).map((t) => t.name);
  if (names.length === 0) return null;
  return def.type === 'single' ? (names[0] ?? null) : names;
}

/** Whether a definition writes its choice to WeCom tags (its tag group still exists). */
export const isMirrored = (def: FieldDef): boolean => def.tagGroupId !== null && def.tagIds.size > 0;

export interface FieldFacts {
  defs: FieldDef[];
  birthday: string | null;
  memberNo: string | null;
  /** Stored values by field id. */
  values: Map<number, FieldValue>;
  tagGroups: readonly ProfileTagGroup[];
  stage: FollowStage | null;
  editable: boolean;
}

/** The 资料 block: built-ins, then the corp's fields in order, with the completeness hint. */
export function presentCustomerFields(f: FieldFacts): CustomerFieldsResponse {
  const builtin = (key: 'birthday' | 'member_no', value: string | null): CustomerField => ({
    key,
    label: BUILTIN_RULES[key].label,
    type: BUILTIN_RULES[key].type,
    options: [],
    builtin: true,
    tagGroupName: null,
    counted: BUILTIN_RULES[key].counted,
    value,
  });
  const fields: CustomerField[] = [
    builtin('birthday', f.birthday),
    builtin('member_no', f.memberNo),
    ...f.defs.map((d) => ({
      key: d.key,
      label: d.label,
      type: d.type,
      options: d.options,
      builtin: false,
      tagGroupName: isMirrored(d) ? d.tagGroupName : null,
      counted: d.counted,
      value: isMirrored(d) ? mirroredValue(d, f.tagGroups) : (f.values.get(d.id) ?? null),
    })),
  ];
  const counted = fields.filter((x) => x.counted);
  const missing = counted.filter((x) => !hasValue(x.value)).map((x) => x.label);
  return {
    fields,
    stage: f.stage,
    stageLabel: f.stage ? FOLLOW_STAGE_LABELS[f.stage] : null,
    missing,
    filled: counted.length - missing.length,
    counted: counted.length,
    editable: f.editable,
  };
}
