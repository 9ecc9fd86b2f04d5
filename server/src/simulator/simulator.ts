import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { demoCustomer, demoCustomers } from '@server/demo/customers.ts';
import { demoDirectory } from '@server/demo/directory.ts';
import { demoGroupChats } from '@server/demo/groups.ts';
import { demoOptions } from '@server/demo/options.ts';
import type { DemoCustomer, DemoOptions } from '@server/demo/types.ts';
import { log } from '@server/logger.ts';
import { SIMULATOR_CORP } from '@server/wecom/simulator-corp.ts';
import { acquisitionAdminRoutes, acquisitionAssets } from './acquisition-admin.ts';
import { avatarAssets } from './avatars.ts';
import { demoImageAssets } from './asset-images.ts';
import { AdminRoutes, adminMiddleware, builtinAdminRoutes } from './admin.ts';
import { ApiRoutes, apiMiddleware } from './api.ts';
import { CallbackSender, type CallbackRecord, type CallbackTargetInput } from './callbacks.ts';
import type { SimContext, SimCorpCredentials } from './context.ts';
import { JsapiTickets, OAuthCodes } from './identity.ts';
import { contactFromDemo, corpFromDemo } from './load-corp.ts';
import { createMutations, type SimMutations } from './mutations.ts';
import { oauthPage } from './oauth-page.ts';
import { contactWayRoutes } from './routes/contact-way.ts';
import { corpTagRoutes } from './routes/corp-tags.ts';
import { directoryRoutes } from './routes/directory.ts';
import { externalContactRoutes } from './routes/external-contact.ts';
import { GroupSendStore } from './group-send-store.ts';
import { appMessageRoutes } from './routes/app-messages.ts';
import { groupSendRoutes } from './routes/group-send.ts';
import { groupChatRoutes } from './routes/group-chats.ts';
import { identityRoutes } from './routes/identity.ts';
import { joinWayRoutes } from './routes/join-way.ts';
import { mediaRoutes } from './routes/media.ts';
import { statisticsRoutes } from './routes/statistics.ts';
import { welcomeRoutes } from './routes/welcome.ts';
import { SimState } from './state.ts';
import { CallStats } from './stats.ts';
import { SwitchBoard, type SwitchesInput } from './switches.ts';
import { SimTransferBook } from './transfer/book.ts';
import { transferRoutes } from './transfer/routes.ts';
import { TokenStore } from './tokens.ts';

/**
 * What an extension (e.g. the session-archive generator under
 * simulator/archive/) receives: the corp state and the means to add endpoints
 * that behave like the built-in ones (token check, switches, stats).
 */
export interface SimulatorExtensionApi {
  app: Koa;
  state: SimState;
  corp: SimCorpCredentials;
  /** The demo options the corp was generated from. */
  demo: DemoOptions;
  /** Add /cgi-bin/... routes (token, latency, failures, rate limit and stats apply). */
  api: ApiRoutes;
  /** Add /sim/admin/... routes. */
  admin: AdminRoutes;
  /** Push callbacks (e.g. msgaudit_notify) and observe every pushed event. */
  callbacks: CallbackSender;
  mutations: SimMutations;
}
export type SimulatorExtension = (api: SimulatorExtensionApi) => void;

export interface SimulatorOptions {
  /** Demo generator options (customers, seed, guides, groups…); the corp is exactly the generator's. */
  corp?: Partial<DemoOptions>;
  /** Corp id/secret/agent/callback keys; default SIMULATOR_CORP (what the server uses without a real corp). */
  credentials?: Partial<SimCorpCredentials>;
  /** Where mutation callbacks are POSTed. */
  callbackUrl?: string;
  /** Callback delivery tuning (timeoutMs default 5000, maxRetries 3, retryDelayMs 1000). */
  callback?: Omit<CallbackTargetInput, 'url'>;
  switches?: SwitchesInput;
  extensions?: SimulatorExtension[];
  /** The clock group sends and application messages use (default Date.now). */
  now?: () => number;
}

export interface RunningSimulator {
  /** Base URL, e.g. http://127.0.0.1:4000 — use it as WECOM_API_BASE (and WECOM_OAUTH_BASE). */
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface Simulator extends SimulatorExtensionApi {
  switches: SwitchBoard;
  stats: CallStats;
  tokens: TokenStore;
  /** 在职/离职继承: the clock, resigned members and every transfer (server/src/simulator/transfer/). */
  transfers: SimTransferBook;
  /** Milliseconds it took to generate and index the corp. */
  loadMs: number;
  /** Callbacks queued or being delivered. */
  pendingCallbacks(): CallbackRecord[];
  /** Resolves once every queued callback is delivered or given up. */
  flushCallbacks(): Promise<void>;
  start(port?: number, host?: string): Promise<RunningSimulator>;
}

/** Generates the demo corp and indexes it (100k customers: a few seconds, see docs/simulator.md). */
function loadState(demo: DemoOptions): SimState {
  const customers: DemoCustomer[] = [];
  for (const c of demoCustomers(demo)) customers.push(c);
  return new SimState(corpFromDemo(demoDirectory(demo), customers, demoGroupChats(demo)));
}

/**
 * A WeCom (qyapi.weixin.qq.com) stand-in: same paths, shapes, errcodes and
 * pagination, serving the demo generator's corp, with misbehaviour switches,
 * admin mutations that push encrypted callbacks, and an OAuth page.
 */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const corp: SimCorpCredentials = { ...SIMULATOR_CORP, ...options.credentials };
  const demo = demoOptions({ ...options.corp, corpId: corp.corpId });
  const started = performance.now();
  const state = loadState(demo);
  const loadMs = Math.round(performance.now() - started);

  const switches = new SwitchBoard(options.switches);
  const tokens = new TokenStore();
  // A lowered token lifetime applies to live tokens too, so a running sync meets 42001 soon.
  switches.onUpdate((next, patch) => {
    if (patch.tokenTtlSeconds !== undefined) tokens.capLifetime(next.tokenTtlSeconds);
  });
  const stats = new CallStats();
  const codes = new OAuthCodes();
  const tickets = new JsapiTickets();
  const callbacks = new CallbackSender(corp, { ...options.callback, ...(options.callbackUrl ? { url: options.callbackUrl } : {}) });
  const ctx: SimContext = { state, corp, tokens, switches, now: options.now ?? Date.now };
  // New customers made by mutations continue the generator's sequence, so they look like the rest.
  const mutations = createMutations({
    state,
    callbacks,
    newContact: (n) => contactFromDemo(demoCustomer({ ...demo, customers: demo.customers + n + 1 }, demo.customers + n)),
  });

  const api = new ApiRoutes();
  directoryRoutes(api, ctx);
  externalContactRoutes(api, ctx);
  corpTagRoutes(api, ctx);
  groupChatRoutes(api, ctx);
  statisticsRoutes(api, ctx);
  identityRoutes(api, ctx, codes, tickets);
  contactWayRoutes(api, ctx);
  welcomeRoutes(api, ctx);
  joinWayRoutes(api, ctx);
  mediaRoutes(api, ctx);

  const admin = new AdminRoutes();
  const groupSends = new GroupSendStore(state);
  groupSendRoutes(api, admin, ctx, groupSends);
  appMessageRoutes(api, admin, ctx, groupSends);
  const transfers = new SimTransferBook(state);
  transferRoutes(api, admin, ctx, transfers, callbacks);
  builtinAdminRoutes(admin, { ctx, stats, callbacks, mutations, apiPaths: () => api.paths() });
  acquisitionAdminRoutes(admin, ctx, mutations);

  const logger = log('wecom', { component: 'simulator' });
  const app = new Koa();
  app.silent = true;
  app.on('error', (err: unknown) => logger.error({ err }, 'simulator request failed'));
  app.use(adminMiddleware(admin));
  app.use(oauthPage(ctx, codes));
  app.use(acquisitionAssets(ctx));
  app.use(avatarAssets());
  app.use(demoImageAssets());
  app.use(apiMiddleware({ routes: api, tokens, switches, stats }));

  const sim: Simulator = {
    app,
    state,
    corp,
    demo,
    api,
    admin,
    callbacks,
    mutations,
    switches,
    stats,
    tokens,
    transfers,
    loadMs,
    pendingCallbacks: () => callbacks.pending(),
    flushCallbacks: () => callbacks.flush(),
    start: (port = 0, host = '127.0.0.1') => listen(sim, port, host),
  };
  for (const extension of options.extensions ?? []) extension(sim);
  logger.debug({ loadMs, counts: state.counts() }, 'simulator corp loaded');
  return sim;
}

function listen(sim: Simulator, port: number, host: string): Promise<RunningSimulator> {
  return new Promise((resolve, reject) => {
    const server: Server = sim.app.listen(port, host);
    server.once('error', reject);
    server.once('listening', () => {
      const addr = server.address() as AddressInfo;
      const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
      resolve({
        url: `http://${shownHost}:${addr.port}`,
        port: addr.port,
        close: () =>
          new Promise<void>((done) => {
            sim.callbacks.close();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

export interface StartSimulatorOptions extends SimulatorOptions {
  port?: number;
  host?: string;
}

/** Creates and starts a simulator (default: an ephemeral port on 127.0.0.1). */
export async function startSimulator({ port = 0, host = '127.0.0.1', ...options }: StartSimulatorOptions = {}): Promise<
  Simulator & RunningSimulator
> {
  const sim = createSimulator(options);
  const running = await sim.start(port, host);
  return Object.assign(sim, running);
}
