/**
 * zod without its JIT, settled before the contracts chunk builds its schemas. The page's CSP
 * allows no eval, so the JIT could not run anyway, but zod's `new Function` probe would still be
 * reported as a policy violation. zod keeps its config on this global (shared by all its copies),
 * and the schemas read it when they are built, before any code could call z.config().
 */
const scope = globalThis as { __zod_globalConfig?: Record<string, unknown> };
scope.__zod_globalConfig = { ...scope.__zod_globalConfig, jitless: true };
