import { EntitySchema } from 'typeorm';

/** A guide's alert preferences: quiet hours (Asia/Shanghai, may wrap midnight) and mute. */
export interface AlertSetting {
  staffId: number;
  quietStart: string;
  quietEnd: string;
  muted: boolean;
}

export const AlertSettingEntity = new EntitySchema<AlertSetting>({
  name: 'AlertSetting',
  tableName: 'alert_setting',
  columns: {
    staffId: { type: 'int', primary: true },
    quietStart: { type: 'varchar', length: 5, default: '21:00' },
    quietEnd: { type: 'varchar', length: 5, default: '08:00' },
    muted: { type: 'boolean', default: false },
  },
});
