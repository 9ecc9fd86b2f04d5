import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Imports every module in a folder whose file name matches `pattern` and
 * returns them sorted by file name. Features, entities and migrations are
 * found this way, so adding one is adding a file, not editing a list.
 */
export async function importAll(dir: string, pattern: RegExp, { recursive = false } = {}): Promise<Array<{ file: string; mod: Record<string, unknown> }>> {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) {
        if (recursive) walk(full);
      } else if (pattern.test(name)) {
        files.push(full);
      }
    }
  };
  walk(dir);
  return Promise.all(files.map(async (file) => ({ file, mod: (await import(pathToFileURL(file).href)) as Record<string, unknown> })));
}
