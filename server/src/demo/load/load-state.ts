import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { SettingEntity } from '@server/entities/Setting.ts';
import { log } from '@server/logger.ts';

/** Where the demo load keeps what it has done (one row of `setting`). */
export const DEMO_LOAD_SETTING_KEY = 'demo.load';

const partRecordSchema = z.object({
  doneAt: z.iso.datetime(),
  ms: z.number().int().nonnegative(),
  /** What the part wrote or found (rows per table, messages pulled…), for /status. */
  counts: z.record(z.string(), z.number()).default({}),
});

const loadStateSchema = z.object({
  /**
   * "Now" of the demo corp, fixed when the load first starts: the simulator and every
   * part generate the same corp from it, so a load finished after a restart (even on
   * another day) matches what was written before the crash.
   */
  anchor: z.iso.datetime(),
  parts: z.record(z.string(), partRecordSchema).default({}),
  /** The last failure of a part (cleared when the part completes). */
  lastError: z.object({ part: z.string(), message: z.string(), at: z.iso.datetime() }).nullable().default(null),
});

export type DemoPartRecord = z.infer<typeof partRecordSchema>;
export type DemoLoadState = z.infer<typeof loadStateSchema>;

/** The stored load state, or undefined when no load has started (or the row is unreadable: then the load starts over). */
export async function readDemoLoadState(ds: DataSource): Promise<DemoLoadState | undefined> {
  const row = await ds.getRepository(SettingEntity).findOne({ where: { key: DEMO_LOAD_SETTING_KEY } });
  if (!row) return undefined;
  const parsed = loadStateSchema.safeParse(row.value);
  if (!parsed.success) {
    log('app', { component: 'demo' }).warn({ issues: parsed.error.issues.length }, 'stored demo load state is invalid; loading again');
    return undefined;
  }
  return parsed.data;
}

export async function writeDemoLoadState(ds: DataSource, state: DemoLoadState): Promise<void> {
  await ds.getRepository(SettingEntity).upsert({ key: DEMO_LOAD_SETTING_KEY, value: state }, ['key']);
}

/** The anchor of this database's demo corp: the stored one, or `now` (whole hours) stored as the new anchor. */
export async function demoAnchor(ds: DataSource, now = new Date()): Promise<Date> {
  const state = await readDemoLoadState(ds);
  if (state) return new Date(state.anchor);
  const anchor = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  await writeDemoLoadState(ds, { anchor: anchor.toISOString(), parts: {}, lastError: null });
  return anchor;
}
