import { z } from 'zod';
import type { ApiRoutes } from '@server/simulator/api.ts';
import { parseParams } from '@server/simulator/api.ts';
import type { SimContext } from '@server/simulator/context.ts';
import { createTags, deleteTags, editTag, orderedTags } from '@server/simulator/tag-ops.ts';
import type { SimTag, SimTagGroup } from '@server/simulator/types.ts';
import { OK } from '@server/simulator/wx-error.ts';

const tagName = z.string().min(1).max(30);
const listBody = z.object({ tag_id: z.array(z.string()).optional(), group_id: z.array(z.string()).optional() });
const addBody = z.object({
  group_id: z.string().optional(),
  group_name: tagName.optional(),
  order: z.number().int().min(0).optional(),
  tag: z.array(z.object({ name: tagName, order: z.number().int().min(0).optional() })).min(1),
  agentid: z.number().int().optional(),
});
const editBody = z.object({
  id: z.string().min(1),
  name: tagName.optional(),
  order: z.number().int().min(0).optional(),
  agentid: z.number().int().optional(),
});
const delBody = z.object({
  tag_id: z.array(z.string()).optional(),
  group_id: z.array(z.string()).optional(),
  agentid: z.number().int().optional(),
});

function renderTag(tag: SimTag, deleted?: boolean) {
  return { id: tag.id, name: tag.name, create_time: tag.create_time, order: tag.order, ...(deleted === undefined ? {} : { deleted }) };
}

function renderGroup(group: SimTagGroup, tags: Array<Record<string, unknown>>, deleted?: boolean) {
  return {
    group_id: group.group_id,
    group_name: group.group_name,
    create_time: group.create_time,
    order: group.order,
    ...(deleted === undefined ? {} : { deleted }),
    tag: tags,
  };
}

/** Corp tag library (§5.6). Changes made here are API changes: no callback. */
export function corpTagRoutes(routes: ApiRoutes, ctx: SimContext): void {
  const { state } = ctx;

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/get_corp_tag_list',
    handler: ({ body }) => {
      const p = parseParams(listBody, body);
      const groupIds = p.group_id ?? [];
      const tagIds = p.tag_id ?? [];
      if (groupIds.length > 0) {
        // group_id wins over tag_id; `deleted` only appears when querying by id.
        const groups = groupIds.flatMap((id) => {
          const live = state.tagGroups.get(id);
          if (live)
            return [
              renderGroup(
                live,
                orderedTags(state, live).map((t) => renderTag(t, false)),
                false,
              ),
            ];
          const gone = state.deletedTagGroups.get(id);
          return gone ? [renderGroup(gone, [], true)] : [];
        });
        return { ...OK, tag_group: groups };
      }
      if (tagIds.length > 0) {
        const byGroup = new Map<string, Array<Record<string, unknown>>>();
        for (const id of tagIds) {
          const live = state.tags.get(id);
          const tag = live ?? state.deletedTags.get(id);
          if (!tag) continue;
          const list = byGroup.get(tag.groupId) ?? [];
          list.push(renderTag(tag, live === undefined));
          byGroup.set(tag.groupId, list);
        }
        const groups = [...byGroup].flatMap(([gid, tags]) => {
          const live = state.tagGroups.get(gid);
          const group = live ?? state.deletedTagGroups.get(gid);
          return group ? [renderGroup(group, tags, live === undefined)] : [];
        });
        return { ...OK, tag_group: groups };
      }
      return {
        ...OK,
        tag_group: state.orderedTagGroups().map((g) =>
          renderGroup(
            g,
            orderedTags(state, g).map((t) => renderTag(t)),
          ),
        ),
      };
    },
  });

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/add_corp_tag',
    handler: ({ body }) => {
      const p = parseParams(addBody, body);
      const { group, created } = createTags(state, p);
      // The answer is ONE group object holding only the new tags.
      return {
        ...OK,
        tag_group: renderGroup(
          group,
          created.map((t) => renderTag(t)),
        ),
      };
    },
  });

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/edit_corp_tag',
    handler: ({ body }) => {
      editTag(state, parseParams(editBody, body));
      return { ...OK };
    },
  });

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/del_corp_tag',
    handler: ({ body }) => {
      deleteTags(state, parseParams(delBody, body));
      return { ...OK };
    },
  });
}
