import { resolve } from 'node:path';
import { EntitySchema } from 'typeorm';
import { importAll } from '@server/lib/discover.ts';

/**
 * Every entity schema in this folder (one per file, exported as `XxxEntity`).
 * A feature adding a table adds a file here and a migration; no list to edit.
 */
export async function loadEntities(): Promise<EntitySchema[]> {
  const mods = await importAll(resolve(import.meta.dirname), /^[A-Z]\w+\.ts$/);
  return mods.flatMap(({ mod }) => Object.values(mod).filter((v): v is EntitySchema => v instanceof EntitySchema));
}
