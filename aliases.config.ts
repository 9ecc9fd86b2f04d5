import { fileURLToPath } from 'node:url';

/** The path aliases of tsconfig.json, for Vite and Vitest (tsx reads tsconfig.json itself). */
export const aliases = {
  '@server': fileURLToPath(new URL('./server/src', import.meta.url)),
  '@shared': fileURLToPath(new URL('./shared/src', import.meta.url)),
};
