import { z } from 'zod';

/** GET /api/status/demo-load — the demo load's parts (demo mode only, no login: the status page shows it to everyone). */
export const demoLoadStatusSchema = z.object({
  /** "Now" the demo corp was generated for (ISO). */
  anchor: z.string().nullable(),
  complete: z.boolean(),
  parts: z.array(
    z.object({
      name: z.string(),
      label: z.string(),
      status: z.enum(['done', 'running', 'pending', 'failed']),
      /** When it completed (ISO). */
      doneAt: z.string().nullable(),
      ms: z.number().nullable(),
      /** What it wrote or found (rows per table, messages…). */
      counts: z.record(z.string(), z.number()),
    }),
  ),
  /** The last failure, until the part completes. */
  lastError: z.object({ part: z.string(), message: z.string(), at: z.string() }).nullable(),
});
export type DemoLoadStatus = z.infer<typeof demoLoadStatusSchema>;

export const jobHealthStates = ['ok', 'stale', 'failing', 'never', 'off'] as const;
export type JobHealthState = (typeof jobHealthStates)[number];

/** GET /api/status/jobs — background jobs at a glance (admin). */
export const jobHealthSchema = z.object({
  jobs: z.array(
    z.object({
      name: z.enum(['sync', 'archive', 'rfm', 'rollup', 'callbacks']),
      label: z.string(),
      state: z.enum(jobHealthStates),
      /** Last success (ISO); null when never. */
      lastAt: z.string().nullable(),
      /** What the state means here, in words (e.g. 每 5 分钟 / 失败 3 条). */
      detail: z.string(),
    }),
  ),
});
export type JobHealth = z.infer<typeof jobHealthSchema>;
