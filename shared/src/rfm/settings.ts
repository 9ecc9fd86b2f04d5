import { z } from 'zod';

/** Four ascending cut points of one metric (the 20/40/60/80 boundaries). */
const cutPoints = z
  .tuple([z.number(), z.number(), z.number(), z.number()], { error: '需要 4 个阈值' })
  .refine((t) => t[0] <= t[1] && t[1] <= t[2] && t[2] <= t[3], { message: '阈值必须从小到大排列' });

/** Fixed thresholds an admin may use instead of the percentile cut points. R in days, F in orders, M in fen. */
export const rfmThresholdsSchema = z.object({
  r: cutPoints.refine((t) => t.every((v) => Number.isInteger(v) && v >= 0), { message: 'R 阈值必须是非负整数（天）' }),
  f: cutPoints.refine((t) => t.every((v) => Number.isInteger(v) && v >= 0), { message: 'F 阈值必须是非负整数（单数）' }),
  m: cutPoints.refine((t) => t.every((v) => Number.isInteger(v) && v >= 0), { message: 'M 阈值必须是非负整数（分）' }),
});
export type RfmThresholds = z.infer<typeof rfmThresholdsSchema>;

/** The admin-editable RFM settings (setting key `rfm`). */
export const rfmSettingsSchema = z.object({
  windowDays: z
    .number({ error: '统计窗口必须是数字' })
    .int('统计窗口必须是整数天')
    .min(7, '统计窗口至少 7 天')
    .max(3650, '统计窗口最多 3650 天'),
  churnSilenceDays: z
    .number({ error: '流失静默天数必须是数字' })
    .int('流失静默天数必须是整数')
    .min(1, '流失静默天数至少 1 天')
    .max(3650, '流失静默天数最多 3650 天'),
  /** null = nearest-rank percentiles over the scored customers. */
  fixedThresholds: rfmThresholdsSchema.nullable(),
});
export type RfmSettings = z.infer<typeof rfmSettingsSchema>;

export const DEFAULT_RFM_SETTINGS: RfmSettings = { windowDays: 365, churnSilenceDays: 90, fixedThresholds: null };
