import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EntitySchema } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { ENTITIES } from '@server/entities/index.ts';
import { FEATURE_JOBS, FEATURE_ROUTES } from '@server/features/index.ts';
import { MIGRATIONS } from '../migrations/index.ts';

const ROOT = resolve(import.meta.dirname, '..');
const load = async (file: string): Promise<Record<string, unknown>> => import(pathToFileURL(file).href) as Promise<Record<string, unknown>>;
const files = (dir: string, pattern: RegExp) =>
  readdirSync(resolve(ROOT, dir))
    .filter((f) => pattern.test(f))
    .sort()
    .map((f) => resolve(ROOT, dir, f));
const featureFiles = (suffix: string) => {
  const dir = resolve(ROOT, 'server/src/features');
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(resolve(dir, d.name))
        .filter((f) => f.endsWith(suffix))
        .map((f) => ({ feature: d.name, file: resolve(dir, d.name, f) })),
    );
};

/** The explicit lists must not forget a file someone added. */
describe('explicit registries', () => {
  it('lists every entity schema of server/src/entities once', async () => {
    const schemas: unknown[] = [];
    for (const file of files('server/src/entities', /^[A-Z]\w+\.ts$/)) {
      schemas.push(...Object.values(await load(file)).filter((v) => v instanceof EntitySchema));
    }
    expect(new Set(ENTITIES).size).toBe(ENTITIES.length);
    expect([...ENTITIES].sort(byName)).toEqual([...schemas].sort(byName));
  });

  it('lists every migration once, in timestamp order', async () => {
    const classes: unknown[] = [];
    for (const file of files('migrations', /^\d{13}-[\w-]+\.ts$/)) {
      classes.push(...Object.values(await load(file)).filter((v) => typeof v === 'function'));
    }
    expect(MIGRATIONS).toEqual(classes);
  });

  it('registers the jobs of every *.jobs.ts and mounts the routes of every *.routes.ts', async () => {
    for (const { feature, file } of featureFiles('.jobs.ts')) {
      const { registerJobs } = await load(file);
      expect(FEATURE_JOBS.find(([name]) => name === feature)?.[1], file).toBe(registerJobs);
    }
    for (const { feature, file } of featureFiles('.routes.ts')) {
      const { routes } = await load(file);
      expect(FEATURE_ROUTES.find(([name]) => name === feature)?.[1], file).toBe(routes);
    }
  });
});

function byName(a: unknown, b: unknown): number {
  const name = (v: unknown) => (v instanceof EntitySchema ? v.options.name : '');
  return name(a).localeCompare(name(b));
}
