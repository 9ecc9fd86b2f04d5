import { ref, watch, type Ref } from 'vue';
import type { CustomerFieldsResponse, FieldValue, FollowStage } from '@shared/api/profile-fields.ts';
import type { ProfileTagGroup } from '@shared/api/tags.ts';
import { fetchCustomerFields, updateCustomerFields } from '../../api/profile-fields.ts';
import { errorMessage } from '../../api/http.ts';
import { showSuccessToast, showToast } from '../../utils/feedback.ts';

/**
 * The 资料 fields of a customer: loaded with the tab, saved one field at a time. A mirrored choice
 * changes WeCom tags too; the new tag block is handed to `onTags` so the tag card agrees at once.
 */
export function useCustomerFields(customerId: Ref<number>, onTags: (groups: ProfileTagGroup[]) => void) {
  const data = ref<CustomerFieldsResponse | null>(null);
  const error = ref('');

  async function load(): Promise<void> {
    error.value = '';
    try {
      data.value = await fetchCustomerFields(customerId.value);
    } catch (err) {
      error.value = errorMessage(err);
    }
  }

  /** Saves and returns whether it worked (the editor stays open on a refusal). */
  async function save(body: { values?: Record<string, FieldValue>; stage?: FollowStage | null }): Promise<boolean> {
    try {
      const res = await updateCustomerFields(customerId.value, {
        values: body.values ?? {},
        ...(body.stage !== undefined ? { stage: body.stage } : {}),
      });
      const { tagGroups, ...fields } = res;
      data.value = fields;
      if (tagGroups) onTags(tagGroups);
      showSuccessToast(tagGroups ? '已保存，并同步到企业微信标签' : '已保存');
      return true;
    } catch (err) {
      showToast(errorMessage(err, '保存失败'));
      return false;
    }
  }
  watch(customerId, load, { immediate: true });
  return { data, error, load, save };
}
