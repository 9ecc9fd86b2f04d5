import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { BenchScenario } from '../types.ts';

const scenarioShape = z.object({
  name: z.string().min(1),
  description: z.string(),
  run: z.custom<BenchScenario['run']>((v) => typeof v === 'function'),
});

/** The scenario a module exports: `scenario`, default, or top-level name/description/run; null when none. */
export function scenarioOf(mod: Record<string, unknown>): BenchScenario | null {
  for (const candidate of [mod.scenario, mod.default, mod]) {
    const parsed = scenarioShape.safeParse(candidate);
    if (parsed.success) return parsed.data;
  }
  return null;
}

/**
 * Every scenario in bench/scenarios, by file name. A file that fails to import or exports no
 * scenario is reported through `skip` and left out, so one broken scenario never stops the others.
 */
export async function loadScenarios(
  skip: (file: string, why: string) => void,
  dir = resolve(import.meta.dirname, '../scenarios'),
): Promise<BenchScenario[]> {
  const out: BenchScenario[] = [];
  for (const name of readdirSync(dir)
    .filter((f) => /^[\w-]+\.ts$/.test(f) && !f.endsWith('.test.ts'))
    .sort()) {
    const file = join(dir, name);
    try {
      const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      const s = scenarioOf(mod);
      if (s) out.push(s);
      else skip(file, 'it exports no { name, description, run }');
    } catch (err) {
      skip(file, `import failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return out;
}
