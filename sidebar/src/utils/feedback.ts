/**
 * Vant's function-style feedback (toast, confirm). The auto-import resolver only
 * covers components used in templates, so their CSS is imported here, once.
 */
import 'vant/es/toast/style';
import 'vant/es/dialog/style';
import { showConfirmDialog, showSuccessToast, showToast } from 'vant';
import { errorMessage } from '../api/http.ts';

export { showToast, showSuccessToast, showFailToast, showConfirmDialog, showDialog } from 'vant';

/** Whether the user tapped 确认 (Vant rejects when the dialog is dismissed; here that is just `false`). */
export function confirmed(title: string, message: string): Promise<boolean> {
  return showConfirmDialog({ title, message }).then(
    () => true,
    () => false,
  );
}

/**
 * A deletion after a confirm: runs `remove`, then toasts 已删除, or the server's reason when it
 * refused. Resolves `true` once deleted, so the caller drops the row from its list only then.
 */
export async function confirmedDelete(title: string, message: string, remove: () => Promise<unknown>): Promise<boolean> {
  if (!(await confirmed(title, message))) return false;
  try {
    await remove();
    showSuccessToast('已删除');
    return true;
  } catch (err) {
    showToast(errorMessage(err, '删除失败'));
    return false;
  }
}
