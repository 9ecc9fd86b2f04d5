import type { DataSource } from 'typeorm';
import type { AppConfig } from './config/index.ts';

/** What features need from the running process; built once in main.ts (or by a test). */
export interface AppDeps {
  config: AppConfig;
  ds: DataSource;
}
