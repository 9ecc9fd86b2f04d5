import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createContext, demoLoaded } from '../../bench/lib/context.ts';
import { loadScenarios, scenarioOf } from '../../bench/lib/scenarios.ts';
import { ratioOf, renderTable } from '../../bench/lib/table.ts';
import { scenario as loadScenario } from '../../bench/scenarios/load.ts';
import { countRows } from '@server/demo/seed/sql.ts';

const run = async () => [];

describe('bench harness', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts a scenario exported as `scenario`, as default or as top-level names, and nothing else', () => {
    expect(scenarioOf({ scenario: { name: 'a', description: 'd', run } })?.name).toBe('a');
    expect(scenarioOf({ default: { name: 'b', description: 'd', run } })?.name).toBe('b');
    expect(scenarioOf({ name: 'c', description: 'd', run })?.name).toBe('c');
    expect(scenarioOf({ name: 'x', description: 'd' })).toBeNull();
    expect(scenarioOf({ helper: run })).toBeNull();
  });

  it('skips scenario files that fail to import or export no scenario, and loads the rest', async () => {
    writeFileSync(join(dir, 'good.ts'), "export const scenario = { name: 'good', description: 'ok', run: async () => [] };\n");
    writeFileSync(join(dir, 'empty.ts'), 'export const x = 1;\n');
    writeFileSync(join(dir, 'broken.ts'), "throw new Error('boom');\n");
    const skipped: string[] = [];
    const found = await loadScenarios((file) => skipped.push(file), dir);
    expect(found.map((s) => s.name)).toEqual(['good']);
    expect(skipped).toHaveLength(2);
  });

  it('prints each figure next to its floor with the ratio and its good direction', () => {
    expect(ratioOf({ metric: 'm', value: 50, unit: 'rows/s', floor: 100, floorLabel: 'raw' })).toBe('0.50× (↑ better)');
    expect(ratioOf({ metric: 'm', value: 300, unit: 'ms', floor: 1000, floorLabel: 'budget' })).toBe('0.30× (↓ better)');
    expect(ratioOf({ metric: 'm', value: 3, unit: 's', floor: null, floorLabel: 'n/a' })).toBe('—');
    const table = renderTable([
      { scenario: 'seed', metric: '写入速度', value: 12345, unit: 'rows/s', floor: 20000, floorLabel: 'raw INSERT' },
    ]);
    expect(table).toContain('12,345');
    expect(table).toContain('20,000');
    expect(table).toContain('0.62×');
    expect(table.split('\n')).toHaveLength(3);
  });

  it('seeds the demo corp of the scale once and reuses it until invalidated', async () => {
    const ctx = createContext('small', `sqlite:${join(dir, 'bench.sqlite')}`, 'sqlite');
    try {
      const ds = await ctx.demoDataSource();
      expect(await countRows(ds, 'customer')).toBe(ctx.demo.customers);
      expect(await demoLoaded(ds, ctx.demo)).toBe(true);
      expect(await ctx.demoDataSource()).toBe(ds);
      await ctx.invalidateDemo();
      expect(await demoLoaded(ds, ctx.demo)).toBe(false);
    } finally {
      await ctx.close();
    }
  });

  it('runs the load scenario briefly against the real server and reports each figure beside its floor', async () => {
    const ctx = createContext('small', `sqlite:${join(dir, 'bench-load-ctx.sqlite')}`, 'sqlite', { seconds: 2, guides: 8 });
    try {
      const rows = await loadScenario.run(ctx);
      const sqlite = rows.filter((r) => r.metric.startsWith('SQLite:'));
      expect(sqlite.map((r) => r.metric)).toEqual(
        expect.arrayContaining(['SQLite: open path, 8 guides × 2 s', 'SQLite: p50', 'SQLite: p95', 'SQLite: p99']),
      );
      const throughput = sqlite.find((r) => r.unit === 'req/s');
      expect(throughput?.value).toBeGreaterThan(0);
      expect(throughput?.floor).toBeGreaterThan(0);
      for (const r of rows.filter((x) => x.unit === 'errors')) expect(r.value, r.metric).toBe(0);
    } finally {
      await ctx.close();
    }
  });
});
