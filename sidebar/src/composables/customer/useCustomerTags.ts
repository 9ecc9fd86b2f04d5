import { ref, type Ref } from 'vue';
import type { ProfileTagGroup } from '@shared/api/tags.ts';
import { createCorpTag, fetchTagGroups, updateCustomerTags } from '../../api/tags.ts';
import { errorMessage } from '../../api/http.ts';
import { showToast } from '../../utils/feedback.ts';

/** The block with one tag flipped; in a single-choice group (客户等级) adding a tag drops its sibling, as the server will. */
function withMine(groups: ProfileTagGroup[], tagId: string, mine: boolean): ProfileTagGroup[] {
  return groups.map((g) => {
    const inGroup = g.tags.some((t) => t.id === tagId);
    return {
      ...g,
      tags: g.tags.map((t) => (t.id === tagId ? { ...t, mine } : inGroup && g.singleChoice && mine ? { ...t, mine: false } : t)),
    };
  });
}

/**
 * Tagging a customer: the chip flips at once (optimistic) and rolls back with a
 * toast when WeCom or the server refuses. The server's answer replaces the block.
 */
export function useCustomerTags(customerId: Ref<number>, tagGroups: Ref<ProfileTagGroup[]>) {
  const pending = ref(new Set<string>());
  const canCreate = ref(false);

  async function loadPermissions(): Promise<void> {
    try {
      canCreate.value = (await fetchTagGroups()).canCreateTags;
    } catch {
      canCreate.value = false;
    }
  }

  async function toggle(tagId: string, currentlyMine: boolean): Promise<void> {
    if (pending.value.has(tagId)) return;
    const before = tagGroups.value;
    tagGroups.value = withMine(before, tagId, !currentlyMine);
    pending.value = new Set(pending.value).add(tagId);
    try {
      const res = await updateCustomerTags(customerId.value, currentlyMine ? [] : [tagId], currentlyMine ? [tagId] : []);
      tagGroups.value = res.tagGroups;
    } catch (err) {
      tagGroups.value = withMine(tagGroups.value, tagId, currentlyMine);
      showToast(errorMessage(err, currentlyMine ? '移除标签失败' : '添加标签失败'));
    } finally {
      const next = new Set(pending.value);
      next.delete(tagId);
      pending.value = next;
    }
  }

  /** Creates a tag in an existing group and puts it on the customer. */
  async function createAndApply(groupId: string, name: string): Promise<boolean> {
    try {
      const { tag } = await createCorpTag(groupId, name);
      const res = await updateCustomerTags(customerId.value, [tag.id], []);
      tagGroups.value = res.tagGroups;
      return true;
    } catch (err) {
      showToast(errorMessage(err, '新建标签失败'));
      return false;
    }
  }
  return { pending, canCreate, loadPermissions, toggle, createAndApply };
}
