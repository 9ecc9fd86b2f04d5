import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../browser.ts';
import type { WecomStubOptions } from './wecom-stub.ts';
import {
  guideWithCustomer,
  loggedInContext,
  openInWecom,
  ownerWithGroup,
  startSidebarFixture,
  type GuideWithCustomer,
  type OwnerWithGroup,
  type SidebarFixture,
} from './sidebar-fixture.ts';

/** What a sidebar-in-WeCom test works with; filled in by the suite's beforeAll. */
export interface WecomSidebar {
  fx: SidebarFixture;
  browser: Browser;
  /** A guide and the customer of their 1v1 chat. */
  guide: GuideWithCustomer;
  /** A group owner and their group chat. */
  owner: OwnerWithGroup;
  /** The sidebar opened inside a stubbed WeCom client (real @wecom/jssdk) as `userid`; closed after the suite. */
  open(userid: string, stub: WecomStubOptions, path?: string): Promise<Page>;
  /** A plain logged-in browser context (phone-sized), closed after the suite. */
  context(userid: string): Promise<BrowserContext>;
}

/**
 * The setup every sidebar-in-WeCom suite shares: the server with the simulator and the demo corp,
 * Chromium, a guide with a customer and a group owner, and every context opened closed at the end.
 * Registers the suite's beforeAll/afterAll; `prepare` runs once everything is up.
 */
export function useWecomSidebar(prepare?: (w: WecomSidebar) => Promise<void>): WecomSidebar {
  const contexts: BrowserContext[] = [];
  const w = {} as WecomSidebar;
  beforeAll(async () => {
    w.fx = await startSidebarFixture();
    w.browser = await launchBrowser();
    w.guide = await guideWithCustomer(w.fx.app);
    w.owner = await ownerWithGroup(w.fx.app);
    w.open = (userid, stub, path = '/') => openInWecom(w.browser, w.fx.app, contexts, userid, stub, path);
    w.context = async (userid) => {
      const context = await loggedInContext(w.browser, w.fx.app, userid);
      contexts.push(context);
      return context;
    };
    await prepare?.(w);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await w.browser?.close();
    await w.fx?.stop();
  });
  return w;
}
