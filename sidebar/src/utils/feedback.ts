/**
 * Vant's function-style feedback (toast, confirm). The auto-import resolver only
 * covers components used in templates, so their CSS is imported here, once.
 */
import 'vant/es/toast/style';
import 'vant/es/dialog/style';
export { showToast, showSuccessToast, showFailToast, showConfirmDialog, showDialog } from 'vant';
