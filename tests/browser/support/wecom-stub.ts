import type { BrowserContext, Page } from 'playwright-core';

/** A WeCom client user agent (the JS-SDK keys on `wxwork/<version>`, wecom-api.md §11.1). */
export const WECOM_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) ' +
  'Mobile/15E148 wxwork/4.1.20 MicroMessenger/7.0.1 Language/zh ColorScheme/Light';

export interface WecomStubOptions {
  /** getContext().entry */
  entry: 'single_chat_tools' | 'group_chat_tools' | 'normal';
  externalUserid?: string;
  chatId?: string;
  /** API name → err_msg to answer with instead of ok, e.g. { getCurExternalContact: 'getCurExternalContact:fail no permission' }. */
  fail?: Record<string, string>;
  /** API names the client never answers (to exercise the sidebar's timeout). */
  hang?: string[];
}

/** One WeixinJSBridge.invoke the page made. */
export interface BridgeCall {
  name: string;
  params: Record<string, unknown>;
}

/**
 * Injects a `window.WeixinJSBridge` before any page script runs, answering the
 * wire protocol of wecom-api.md §11.3 so the REAL @wecom/jssdk in the built app
 * runs unchanged. Every invoke is recorded in `window.__wecomCalls`.
 */
export async function installWecomStub(context: BrowserContext, options: WecomStubOptions): Promise<void> {
  // Plain JS source, not a serialized function: tsx/esbuild would inject helpers (__name) the page lacks.
  await context.addInitScript({ content: `(${BRIDGE_STUB_SOURCE})(${JSON.stringify(options)});` });
}

const BRIDGE_STUB_SOURCE = `function (o) {
  var calls = [];
  function ok(name, extra) { return Object.assign({ err_msg: name + ':ok' }, extra || {}); }
  var answers = {
    agentConfig: function () { return { err_msg: 'agentConfig:ok', checkResult: {} }; },
    preVerifyJSAPI: function () { return { err_msg: 'config:ok' }; },
    getContext: function () { return ok('getContext', { entry: o.entry }); },
    getCurExternalContact: function () {
      return o.externalUserid ? ok('getCurExternalContact', { userId: o.externalUserid })
        : { err_msg: 'getCurExternalContact:fail without context of external contact' };
    },
    getCurExternalChat: function () {
      return o.chatId ? ok('getCurExternalChat', { chatId: o.chatId })
        : { err_msg: 'getCurExternalChat:fail without context of external contact' };
    }
  };
  window.__wecomCalls = calls;
  window.WeixinJSBridge = {
    invoke: function (name, params, cb) {
      calls.push({ name: name, params: JSON.parse(JSON.stringify(params || {})) });
      if (o.hang && o.hang.indexOf(name) >= 0) return;
      var failed = o.fail && o.fail[name];
      var res = failed ? { err_msg: failed } : (answers[name] || function () { return ok(name); })();
      setTimeout(function () { cb(res); }, 0);
    },
    on: function () { /* events are not used by the sidebar */ }
  };
}`;

/** The bridge calls recorded so far. */
export function bridgeCalls(page: Page): Promise<BridgeCall[]> {
  return page.evaluate(() => (globalThis as unknown as { __wecomCalls: BridgeCall[] }).__wecomCalls);
}
