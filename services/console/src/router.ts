import { createRouter, createWebHistory } from 'vue-router';
import { whenSignedOut } from './api.ts';
import { SCREENS, loadSession, session } from './session.ts';

// Every screen is its own chunk: the first one loads only what it shows, ECharts only where charts are.
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/sign-in', name: 'sign-in', component: () => import('./views/SignIn.vue'), meta: { public: true } },
    // Where a principal starts depends on the role, known once the session is: the guard sends them on.
    { path: '/', name: 'home', component: { render: () => null } },
    { path: '/reports', name: 'reports', component: () => import('./views/Reports.vue'), meta: { screen: 'reports' } },
    {
      path: '/reports/entry',
      name: 'entry',
      component: () => import('./views/ReportEntry.vue'),
      meta: { screen: 'reports' },
    },
    {
      path: '/approvals',
      name: 'approvals',
      component: () => import('./views/Approvals.vue'),
      meta: { screen: 'approvals' },
    },
    { path: '/quality', name: 'quality', component: () => import('./views/Quality.vue'), meta: { screen: 'quality' } },
    { path: '/history', name: 'history', component: () => import('./views/History.vue'), meta: { screen: 'history' } },
    { path: '/audits', name: 'audits', component: () => import('./views/Audits.vue'), meta: { screen: 'audits' } },
    {
      path: '/findings',
      name: 'findings',
      component: () => import('./views/Findings.vue'),
      meta: { screen: 'findings' },
    },
    {
      path: '/assessments',
      name: 'assessments',
      component: () => import('./views/Assessments.vue'),
      meta: { screen: 'assessments' },
    },
    {
      path: '/statistics',
      name: 'statistics',
      component: () => import('./views/Statistics.vue'),
      meta: { screen: 'statistics' },
    },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  if (!session.checked) await loadSession();
  if (to.meta.public) return true;
  if (!session.principal) return { name: 'sign-in', query: { next: to.fullPath } };
  // A screen outside the role's (the API would refuse its actions anyway) leads to the role's first screen.
  const screens = SCREENS[session.principal.role];
  if (to.name === 'home' || (typeof to.meta.screen === 'string' && !screens.includes(to.meta.screen)))
    return { name: screens[0] };
  return true;
});

whenSignedOut(() => {
  session.principal = null;
  void router.push({ name: 'sign-in' });
});
