import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoOptions } from '@server/demo/index.ts';
import { seedDemo } from '@server/demo/seed/seed.ts';
import { runRfmRecompute } from '@server/features/rfm/recompute.ts';
import { startSimulator, type RunningSimulator, type Simulator } from '@server/simulator/index.ts';
import { sessionHeaders } from '../../support/auth.ts';
import { installWecomStub, WECOM_UA, type WecomStubOptions } from './wecom-stub.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';

/** The demo corp the browser tests run against: small, deterministic, same in the simulator and the DB. */
export const CORP = { customers: 60, guides: 4, groups: 4 } as const;

export interface SidebarFixture {
  app: TestApp;
  sim: Simulator & RunningSimulator;
  stop(): Promise<void>;
}

/**
 * The real server (simulator mode) talking to a real WeCom simulator that serves
 * the same demo corp the database was seeded with, so writes to WeCom (mark_tag,
 * remark) succeed for real.
 */
export async function startSidebarFixture(): Promise<SidebarFixture> {
  const sim = await startSimulator({ corp: { ...CORP, ordersPerCustomer: 0 } });
  const app = await startTestApp({ WECOM_API_BASE: sim.url, WECOM_OAUTH_BASE: sim.url, DEMO_SEED: 'off' });
  await seedDemo(app.deps.ds, demoOptions(CORP));
  // Score the seeded orders so profiles show real segments, as the nightly job would.
  await runRfmRecompute(app.deps.ds, { trigger: 'api' });
  return {
    app,
    sim,
    stop: async () => {
      await app.stop();
      await sim.close();
    },
  };
}

export interface GuideWithCustomer {
  userid: string;
  name: string;
  customerId: number;
  externalUserid: string;
  customerName: string;
}

/** The userid of the demo corp's first active store manager (a department leader): reports and group tags are theirs. */
export async function storeManager(app: TestApp): Promise<string> {
  const rows: Array<{ userid: string }> = await app.deps.ds.query(
    `SELECT s.userid FROM staff s JOIN staff_department d ON d.staff_id = s.id WHERE d.is_leader = 1 AND s.status = 1 ORDER BY s.id LIMIT 1`,
  );
  if (!rows[0]) throw new Error('the demo corp has no store manager');
  return rows[0].userid;
}

/** A guide and one customer they follow (the one with the most orders, so the profile has content). */
export async function guideWithCustomer(app: TestApp): Promise<GuideWithCustomer> {
  const rows: Array<{ userid: string; staff_name: string; id: number; external_userid: string; name: string }> = await app.deps.ds.query(
    `SELECT s.userid, s.name AS staff_name, c.id, c.external_userid, c.name
       FROM customer_follow f JOIN staff s ON s.id = f.staff_id JOIN customer c ON c.id = f.customer_id
      WHERE f.lost_at IS NULL ORDER BY c.order_count DESC, c.id LIMIT 1`,
  );
  const r = rows[0];
  if (!r) throw new Error('demo seed produced no follows');
  return { userid: r.userid, name: r.staff_name, customerId: r.id, externalUserid: r.external_userid, customerName: r.name };
}

export interface OwnerWithGroup {
  userid: string;
  groupId: number;
  chatId: string;
  groupName: string;
}

/** A group owner who is a staff member, and their group. */
export async function ownerWithGroup(app: TestApp): Promise<OwnerWithGroup> {
  const rows: Array<{ userid: string; id: number; chat_id: string; name: string }> = await app.deps.ds.query(
    `SELECT s.userid, g.id, g.chat_id, g.name FROM group_chat g JOIN staff s ON s.userid = g.owner_userid ORDER BY g.id LIMIT 1`,
  );
  const r = rows[0];
  if (!r) throw new Error('demo seed produced no groups');
  return { userid: r.userid, groupId: r.id, chatId: r.chat_id, groupName: r.name };
}

/** A context (phone-sized unless a viewport is given) logged in as `userid` (the session cookie OAuth would have set). */
export async function loggedInContext(
  browser: Browser,
  app: TestApp,
  userid: string,
  userAgent?: string,
  viewport: { width: number; height: number } = { width: 375, height: 812 },
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: viewport.width < 600 ? 2 : 1, locale: 'zh-CN', userAgent });
  const { cookie } = await sessionHeaders(app, userid);
  if (!cookie) throw new Error('no session cookie');
  const eq = cookie.indexOf('=');
  await context.addCookies([{ name: cookie.slice(0, eq), value: cookie.slice(eq + 1), url: app.url }]);
  return context;
}

/**
 * The sidebar opened inside a stubbed WeCom client as `userid` (the real @wecom/jssdk against the
 * bridge stub); the context is pushed to `contexts` so the test closes it.
 */
export async function openInWecom(
  browser: Browser,
  app: TestApp,
  contexts: BrowserContext[],
  userid: string,
  stub: WecomStubOptions,
  path = '/',
): Promise<Page> {
  const context = await loggedInContext(browser, app, userid, WECOM_UA);
  contexts.push(context);
  await installWecomStub(context, stub);
  const page = await context.newPage();
  await page.goto(`${app.url}${path}`);
  return page;
}
