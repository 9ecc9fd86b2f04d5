import { createRouter, createWebHistory } from 'vue-router';
import ReportsRoute from './pages/reports/ReportsRoute.ts';

/** Every page is its own lazy chunk; `/` decides where the WeCom client opened us. */
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'entry', component: () => import('./pages/EntryPage.vue') },
    { path: '/home', name: 'home', component: () => import('./pages/HomePage.vue') },
    {
      path: '/customers/:id(\\d+)',
      name: 'customer',
      component: () => import('./pages/CustomerPage.vue'),
      props: (r) => ({ id: Number(r.params.id) }),
    },
    {
      path: '/groups/:id(\\d+)',
      name: 'group',
      component: () => import('./pages/GroupPage.vue'),
      props: (r) => ({ id: Number(r.params.id) }),
    },
    { path: '/scripts', name: 'scripts', component: () => import('./pages/ScriptsPage.vue') },
    { path: '/admin/scripts', name: 'admin-scripts', component: () => import('./pages/admin/AdminScriptsPage.vue') },
    { path: '/admin/profile-fields', name: 'admin-profile-fields', component: () => import('./pages/admin/AdminProfileFieldsPage.vue') },
    { path: '/admin/group-tags', name: 'admin-group-tags', component: () => import('./pages/admin/AdminGroupTagsPage.vue') },
    { path: '/admin/sop', name: 'admin-sop', component: () => import('./pages/admin/SopRulesPage.vue') },
    { path: '/admin/transfer', name: 'admin-transfer', component: () => import('./pages/admin/TransferPage.vue') },
    { path: '/reports', name: 'reports', component: ReportsRoute },
    { path: '/channels', name: 'channels', component: () => import('./pages/admin/ChannelsPage.vue') },
    { path: '/channels/report', name: 'channel-report', component: () => import('./pages/reports/ChannelReportPage.vue') },
    { path: '/group-sends', name: 'group-sends', component: () => import('./pages/admin/GroupSendsPage.vue') },
    {
      path: '/group-sends/:id(\\d+)',
      name: 'group-send',
      component: () => import('./pages/admin/GroupSendDetailPage.vue'),
      props: (r) => ({ id: Number(r.params.id) }),
    },
    { path: '/status', name: 'status', component: () => import('./pages/StatusPage.vue'), meta: { public: true } },
    { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue'), meta: { public: true } },
  ],
});
