import type { SimState } from './state.ts';
import type { SimTag, SimTagGroup } from './types.ts';
import { WxError } from './wx-error.ts';

/** Corp tags are capped at 3000 per corp (§5.6). */
export const MAX_CORP_TAGS = 3000;

export interface CreateTagsInput {
  group_id?: string;
  group_name?: string;
  order?: number;
  tag: Array<{ name: string; order?: number }>;
}

export interface CreateTagsResult {
  group: SimTagGroup;
  groupCreated: boolean;
  created: SimTag[];
}

const now = () => Math.floor(Date.now() / 1000);

/** Tags of a group, larger `order` first (WeCom's order). */
export function orderedTags(state: SimState, group: SimTagGroup): SimTag[] {
  return group.tagIds
    .map((id) => state.tags.get(id))
    .filter((t): t is SimTag => t !== undefined)
    .sort((a, b) => b.order - a.order);
}

/** add_corp_tag semantics: into group_id, or into the group named group_name (created when missing). */
export function createTags(state: SimState, input: CreateTagsInput): CreateTagsResult {
  let group: SimTagGroup | undefined;
  let groupCreated = false;
  if (input.group_id) {
    group = state.tagGroups.get(input.group_id);
    if (!group) throw new WxError(40068, input.group_id);
  } else {
    if (!input.group_name) throw new WxError(40058, 'group_id or group_name required');
    group = [...state.tagGroups.values()].find((g) => g.group_name === input.group_name);
    if (!group) {
      group = { group_id: state.mintId('et'), group_name: input.group_name, create_time: now(), order: input.order ?? 0, tagIds: [] };
      groupCreated = true;
    }
  }
  const existingNames = new Set(orderedTags(state, group).map((t) => t.name));
  const wanted = new Map<string, number>();
  for (const t of input.tag) if (!wanted.has(t.name)) wanted.set(t.name, t.order ?? 0); // duplicates collapse to one
  for (const name of wanted.keys()) if (existingNames.has(name)) throw new WxError(40071, name);
  if (state.tags.size + wanted.size > MAX_CORP_TAGS) throw new WxError(40058, 'too many corp tags');
  if (groupCreated) state.tagGroups.set(group.group_id, group);
  const created: SimTag[] = [];
  for (const [name, order] of wanted) {
    const tag: SimTag = { id: state.mintId('et'), name, create_time: now(), order, groupId: group.group_id };
    state.tags.set(tag.id, tag);
    group.tagIds.push(tag.id);
    created.push(tag);
  }
  return { group, groupCreated, created };
}

/** edit_corp_tag: renames/reorders a tag or a group; names must stay unique among siblings. */
export function editTag(state: SimState, input: { id: string; name?: string; order?: number }): 'tag' | 'tag_group' {
  if (input.name === undefined && input.order === undefined) throw new WxError(40058, 'name or order required');
  const tag = state.tags.get(input.id);
  if (tag) {
    const group = state.tagGroups.get(tag.groupId);
    if (input.name !== undefined && group && orderedTags(state, group).some((t) => t.id !== tag.id && t.name === input.name)) {
      throw new WxError(40071, input.name);
    }
    if (input.name !== undefined) tag.name = input.name;
    if (input.order !== undefined) tag.order = input.order;
    return 'tag';
  }
  const group = state.tagGroups.get(input.id);
  if (!group) throw new WxError(40068, input.id);
  if (input.name !== undefined && [...state.tagGroups.values()].some((g) => g.group_id !== group.group_id && g.group_name === input.name)) {
    throw new WxError(40071, input.name);
  }
  if (input.name !== undefined) group.group_name = input.name;
  if (input.order !== undefined) group.order = input.order;
  return 'tag_group';
}

/**
 * del_corp_tag: deletes tags and whole groups; a group left empty is deleted too.
 * Returns what was deleted (a deleted group's tags are not listed separately, like the callbacks).
 */
export function deleteTags(
  state: SimState,
  input: { tag_id?: string[]; group_id?: string[] },
): Array<{ id: string; type: 'tag' | 'tag_group' }> {
  const tagIds = input.tag_id ?? [];
  const groupIds = input.group_id ?? [];
  if (tagIds.length === 0 && groupIds.length === 0) throw new WxError(40058, 'tag_id and group_id both empty');
  for (const id of tagIds) if (!state.tags.has(id)) throw new WxError(40068, id);
  for (const id of groupIds) if (!state.tagGroups.has(id)) throw new WxError(40068, id);
  const deleted: Array<{ id: string; type: 'tag' | 'tag_group' }> = [];
  const dropGroup = (group: SimTagGroup) => {
    for (const id of group.tagIds) {
      const tag = state.tags.get(id);
      if (tag) state.deletedTags.set(id, tag);
      state.tags.delete(id);
    }
    state.tagGroups.delete(group.group_id);
    state.deletedTagGroups.set(group.group_id, group);
    deleted.push({ id: group.group_id, type: 'tag_group' });
  };
  for (const id of groupIds) {
    const group = state.tagGroups.get(id);
    if (group) dropGroup(group);
  }
  for (const id of tagIds) {
    const tag = state.tags.get(id);
    if (!tag) continue; // already gone with its group
    state.tags.delete(id);
    state.deletedTags.set(id, tag);
    deleted.push({ id, type: 'tag' });
    const group = state.tagGroups.get(tag.groupId);
    if (group && !group.tagIds.some((t) => state.tags.has(t))) dropGroup(group);
  }
  return deleted;
}
