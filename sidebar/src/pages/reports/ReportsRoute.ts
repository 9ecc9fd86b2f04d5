import { defineComponent, h } from 'vue';
import ReportChunk from '../../components/report/ReportChunk.vue';

/**
 * The /reports route: the page stays its own chunk, but a failed fetch of it (a redeploy removed
 * the old file, the network dropped) shows 报表页面加载失败 with 重试 rather than nothing.
 */
export default defineComponent({
  name: 'ReportsRoute',
  setup: () => () => h(ReportChunk, { loader: () => import('./ReportsPage.vue'), message: '报表页面加载失败' }),
});
