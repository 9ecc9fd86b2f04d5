import { monitorEventLoopDelay } from 'node:perf_hooks';
import { perDeps, type AppDeps } from '@server/context.ts';
import { DEMO_LOAD_PARTS, type DemoLoadContext, type DemoLoadPart } from './load-parts.ts';
import { readDemoLoadState, writeDemoLoadState, type DemoLoadState } from './load-state.ts';

/** What this process is doing right now (for /status while the load runs). */
export const demoLoadProgress = perDeps((_deps: AppDeps): { running?: string; startedAt?: Date } => ({}));

/** A macrotask turn, so requests and timers waiting behind a long part get their turn before the next one. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface RunDemoLoadOptions {
  parts?: readonly DemoLoadPart[];
  /** Attempts per part in this process before the load stops (the next start tries again). Default 3. */
  attempts?: number;
  /** Pause before a retry (default 2 s, doubling). */
  retryDelayMs?: number;
}

/**
 * Runs every part of the demo load that is not recorded as done, in order, recording each as
 * it completes (with its time, what it wrote and the longest event-loop stall it caused). A part
 * that fails is retried; if it still fails the load stops there and the error is recorded —
 * the next start continues from that part. Returns the names of the parts run now.
 */
export async function runDemoLoad(ctx: DemoLoadContext, options: RunDemoLoadOptions = {}): Promise<string[]> {
  const { ds } = ctx.deps;
  const parts = options.parts ?? DEMO_LOAD_PARTS;
  const attempts = options.attempts ?? 3;
  const progress = demoLoadProgress(ctx.deps);
  const stored = await readDemoLoadState(ds);
  const state: DemoLoadState = stored ?? { anchor: ctx.demo.now.toISOString(), parts: {}, lastError: null };
  const ran: string[] = [];
  const stalls = monitorEventLoopDelay({ resolution: 20 });
  stalls.enable();
  try {
    for (const part of parts) {
      if (state.parts[part.name]) continue;
      ctx.step(`before:${part.name}`);
      progress.running = part.name;
      progress.startedAt = new Date();
      const started = Date.now();
      stalls.reset();
      let counts: Record<string, number> | undefined;
      for (let attempt = 1; counts === undefined; attempt++) {
        try {
          counts = await part.run(ctx);
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          state.lastError = { part: part.name, message: message.slice(0, 500), at: new Date().toISOString() };
          await writeDemoLoadState(ds, state);
          ctx.log.warn({ part: part.name, attempt, err }, 'demo load part failed');
          if (attempt >= attempts) throw err;
          await new Promise((resolve) => setTimeout(resolve, (options.retryDelayMs ?? 2000) * 2 ** (attempt - 1)));
        }
      }
      const ms = Date.now() - started;
      const maxStallMs = Math.round(stalls.max / 1e6);
      state.parts[part.name] = { doneAt: new Date().toISOString(), ms, counts: { ...counts, maxStallMs } };
      state.lastError = null;
      await writeDemoLoadState(ds, state);
      ran.push(part.name);
      ctx.log.info({ part: part.name, ms, maxStallMs, counts }, `演示数据：${part.label}完成`);
      ctx.step(`after:${part.name}`);
      await yieldToEventLoop();
    }
  } finally {
    stalls.disable();
    progress.running = undefined;
    progress.startedAt = undefined;
  }
  return ran;
}
