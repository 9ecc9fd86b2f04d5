import { DAY_MS, shanghaiDay } from '@shared/time.ts';
import type { AppDeps } from '@server/context.ts';
import type { DemoOptions } from '@server/demo/types.ts';
import {
  createImportSource,
  pullArchive,
  readCheckpoint,
  rewindCheckpoint,
  runArchivePull,
  type PullSummary,
} from '@server/features/archive/index.ts';
import { rebuildRollup } from '@server/features/reports/rollup.ts';
import { runRfmRecompute } from '@server/features/rfm/index.ts';
import { failInterruptedRuns, runFullSync } from '@server/features/sync/index.ts';
import type { Logger } from 'pino';
import type { SimArchive } from '@server/simulator/archive/store.ts';
import type { Simulator } from '@server/simulator/index.ts';
import { departDemoGuide } from '../resigned-guide.ts';
import { seedActivity } from '../seed/activity.ts';
import { seedDemo, type SeedParts } from '../seed/seed.ts';
import { seedDemoChannels } from './demo-channels.ts';
import { seedDemoJoinWays } from './demo-join-ways.ts';
import { seedEngagement } from './engagement.ts';

/** What every part of the demo load works with. */
export interface DemoLoadContext {
  deps: AppDeps;
  /** The demo corp (its `now` is the stored anchor). */
  demo: DemoOptions;
  /** The in-process WeCom simulator the demo corp lives in. */
  sim: Simulator;
  /** The simulator's session archive, holding the demo's chat history. */
  archive: SimArchive;
  log: Logger;
  /** Named points inside the load (`orders:chunk`, `archive:batch`…); the crash test kills the process at one. */
  step(point: string): void;
  /** Calls the simulator's admin API (what members do in their WeCom client, e.g. confirming a group send). */
  simAdmin(path: string, body?: unknown): Promise<unknown>;
}

/**
 * One named part of the demo load. `run` must leave the database as a clean run would even when
 * a previous run of the same part was killed half-way: either it is idempotent (sync, RFM, rollup,
 * archive by msgid) or it first removes what an interrupted run of it wrote.
 */
export interface DemoLoadPart {
  /** Stable id, stored when the part is done. */
  name: string;
  /** What /status shows. */
  label: string;
  run(ctx: DemoLoadContext): Promise<Record<string, number>>;
}

const NO_SEED_PARTS: SeedParts = {
  directory: false,
  customers: false,
  orders: false,
  interactions: false,
  scripts: false,
  settings: false,
};

/** Seeds one part of the shop half onto the synced customers; orders report each chunk as a step. */
async function seedPart(ctx: DemoLoadContext, part: keyof SeedParts, skipTypes: string[] = []): Promise<Record<string, number>> {
  const result = await seedDemo(ctx.deps.ds, ctx.demo, {
    parts: { ...NO_SEED_PARTS, [part]: true },
    skipTypes,
    onProgress: (p) => {
      if (p.stage === 'customers') ctx.step(`${part}:chunk`);
    },
  });
  return result.rows;
}

/** Empties tables (children first) an interrupted run of a part may have half-filled. */
async function clear(ctx: DemoLoadContext, tables: Array<string | [table: string, where: string]>): Promise<void> {
  const { ds } = ctx.deps;
  for (const t of tables) {
    const [table, where] = typeof t === 'string' ? [t, ''] : t;
    await ds.query(`DELETE FROM ${ds.driver.escape(table)}${where ? ` WHERE ${where}` : ''}`);
  }
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Days of chat history pulled from the simulator (decrypted like a real pull); older chats are imported. */
const PULLED_DAYS = 4;

/** Runs an archive pull, again while another pull holds the lease ('busy': the scheduled pull; it stores the same records). */
async function untilFree(pull: () => Promise<PullSummary>): Promise<PullSummary> {
  for (;;) {
    const r = await pull();
    if (r.status !== 'busy') return r;
    await wait(500);
  }
}

/**
 * The demo load, in order. A part runs only when every part before it is done, so a part may rely
 * on what earlier parts wrote. Adding a part is adding an entry here (before the parts that read it).
 */
export const DEMO_LOAD_PARTS: readonly DemoLoadPart[] = [
  {
    name: 'sync',
    label: '通讯录与客户同步',
    async run(ctx) {
      // The demo server is the only worker of its database: a run still marked running was killed with the last process.
      await failInterruptedRuns(ctx.deps.ds);
      const sync = await runFullSync(ctx.deps, { onProgress: () => ctx.step('sync:batch') });
      return { ...sync.counts };
    },
  },
  {
    name: 'orders',
    label: '订单',
    async run(ctx) {
      await clear(ctx, ['order_item', 'orders']);
      return seedPart(ctx, 'orders');
    },
  },
  {
    name: 'scripts',
    label: '话术库',
    async run(ctx) {
      await clear(ctx, ['script_send', 'script', 'script_folder']);
      return seedPart(ctx, 'scripts');
    },
  },
  {
    name: 'settings',
    label: '资料字段与群标签',
    async run(ctx) {
      await clear(ctx, ['customer_field_value', 'profile_field', 'tag_group_setting', 'group_chat_tag', 'group_tag']);
      return seedPart(ctx, 'settings');
    },
  },
  {
    name: 'history',
    label: '互动历史',
    async run(ctx) {
      await clear(ctx, [['interaction', "source = 'seed'"]]);
      // Chats come from the archive, script sends and follow-ups from the activity part (consistent with both).
      return seedPart(ctx, 'interactions', ['message_in', 'message_out', 'script_sent', 'note', 'follow_up_done']);
    },
  },
  {
    name: 'rfm',
    label: 'RFM 分层',
    async run(ctx) {
      const run = await runRfmRecompute(ctx.deps.ds, { trigger: 'cli' });
      return { customers: run.customerCount, scored: run.scoredCount };
    },
  },
  {
    name: 'archive',
    label: '会话存档',
    async run(ctx) {
      const { ds } = ctx.deps;
      // The simulator regenerates the same history (same msgids) at every start: take it all again; stored messages are skipped.
      await rewindCheckpoint(ds);
      // Older chats arrive the way a corp brings history pulled by another tool (already decrypted); the last days are pulled.
      const importUpTo = ctx.archive.lastSeqBefore(ctx.demo.now.getTime() - PULLED_DAYS * DAY_MS);
      const source = createImportSource((after, limit) => ctx.archive.plainAfter(after, limit).filter((r) => r.seq <= importUpTo));
      const imported = await untilFree(() => pullArchive(ds, source, { onBatch: () => ctx.step('archive:batch') }));
      ctx.archive.held = false;
      let pulled = 0;
      for (;;) {
        const pull = await untilFree(async () => {
          const r = await runArchivePull(ctx.deps, { onBatch: () => ctx.step('archive:batch') });
          if (r === 'unconfigured') throw new Error('the session archive is not configured in demo mode');
          return r;
        });
        pulled += pull.fetched;
        if ((await readCheckpoint(ds)).seq >= ctx.archive.maxSeq) break;
      }
      return { messages: ctx.archive.size, imported: imported.inserted, pulled };
    },
  },
  {
    name: 'activity',
    label: '话术发送与跟进提醒',
    async run(ctx) {
      await clear(ctx, ['script_send', 'follow_up', ['interaction', "source = 'seed' AND dedupe_key LIKE 'demo-act:%'"]]);
      return seedActivity(ctx.deps.ds, ctx.demo);
    },
  },
  {
    name: 'channels',
    label: '渠道活码',
    async run(ctx) {
      // Idempotent: it first removes the demo channels an interrupted run made.
      return seedDemoChannels(ctx.deps, () => ctx.step('channels:code'));
    },
  },
  {
    name: 'joinWays',
    label: '群活码',
    async run(ctx) {
      // Idempotent: it first removes the demo join codes (and their joins) an interrupted run made.
      return seedDemoJoinWays(ctx);
    },
  },
  {
    name: 'engagement',
    label: '群发、SOP 任务与提醒',
    async run(ctx) {
      await clear(ctx, ['group_send_recipient', 'group_send_message', 'group_send', 'task', 'alert']);
      return seedEngagement(ctx);
    },
  },
  {
    name: 'rollup',
    label: '报表汇总',
    async run(ctx) {
      // Last, so the reply times from the archive are in it. 180 days: the reports' longest period (90 days) and the one before it.
      const today = Date.now();
      return rebuildRollup(ctx.deps.ds, shanghaiDay(new Date(today - 179 * DAY_MS)), shanghaiDay(new Date(today)));
    },
  },
  {
    name: 'departure',
    label: '导购离职',
    async run(ctx) {
      // After the history, which is the departed guide's too; demo mode re-applies the simulator side at each start.
      const userid = await departDemoGuide(ctx.deps, ctx.sim);
      return { staff: userid ? 1 : 0 };
    },
  },
];
