import { resolve } from 'node:path';
import type { MigrationInterface } from 'typeorm';
import { importAll } from '@server/lib/discover.ts';

type MigrationClass = new () => MigrationInterface;

/**
 * Every migration in this folder, in timestamp order (file names start with
 * the timestamp). Each file exports one class whose name ends with that timestamp.
 */
export async function loadMigrations(): Promise<MigrationClass[]> {
  const mods = await importAll(resolve(import.meta.dirname), /^\d{13}-[\w-]+\.ts$/);
  return mods.flatMap(({ mod }) => Object.values(mod).filter((v): v is MigrationClass => typeof v === 'function' && /\d{13}$/.test(v.name)));
}
