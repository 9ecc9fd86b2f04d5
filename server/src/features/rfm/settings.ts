import type { DataSource, EntityManager } from 'typeorm';
import { SettingEntity } from '@server/entities/Setting.ts';
import { DEFAULT_RFM_SETTINGS, rfmSettingsSchema, type RfmSettings } from '@shared/rfm/settings.ts';
import { log } from '@server/logger.ts';

export const RFM_SETTING_KEY = 'rfm';

/** The stored RFM settings, or the defaults when unset or (logged) invalid. */
export async function loadRfmSettings(ds: DataSource): Promise<RfmSettings> {
  const row = await ds.getRepository(SettingEntity).findOne({ where: { key: RFM_SETTING_KEY } });
  if (!row) return DEFAULT_RFM_SETTINGS;
  const parsed = rfmSettingsSchema.safeParse(row.value);
  if (!parsed.success) {
    log('rfm').warn({ issues: parsed.error.issues.length }, 'stored rfm settings are invalid; using defaults');
    return DEFAULT_RFM_SETTINGS;
  }
  return parsed.data;
}

/** Saves the RFM settings (already validated). */
export async function saveRfmSettings(em: EntityManager, settings: RfmSettings): Promise<void> {
  await em.getRepository(SettingEntity).upsert({ key: RFM_SETTING_KEY, value: settings }, ['key']);
}
