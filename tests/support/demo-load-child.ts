/**
 * The demo server's start (server/src/main.ts in demo mode), run as a child process by the
 * demo-load crash test. argv: <anchor ISO> [<step> <nth>] — with a step, the process kills
 * itself with SIGKILL the nth time the load reaches it (a real kill: no finally blocks, no
 * rollback but the database's own). Without one it completes the load, prints one line
 * `DEMO_LOAD_COUNTS <json>` with the row count of every table, and exits.
 */
import { loadConfig } from '@server/config/index.ts';
import { attachDemoSimulator, loadDemoCorp } from '@server/demo/demo-mode.ts';
import { demoAnchor } from '@server/demo/load/load-state.ts';
import { registerFeatureJobs } from '@server/jobs-bootstrap.ts';
import { startServer } from '@server/server.ts';
import { tableCounts } from './table-counts.ts';

const [anchor = '', crashAt, nth = '1'] = process.argv.slice(2);
const config = loadConfig();
config.WECOM_OAUTH_BASE = '';
const running = await startServer(config, { port: 0, host: '127.0.0.1' });
await demoAnchor(running.deps.ds, new Date(anchor));
const sim = await attachDemoSimulator(running.deps, running.url);
await registerFeatureJobs(running.deps);
let reached = 0;
await loadDemoCorp(running.deps, sim, {
  step: (point) => {
    if (point === crashAt && ++reached >= Number(nth)) process.kill(process.pid, 'SIGKILL');
  },
});
process.stdout.write(`DEMO_LOAD_COUNTS ${JSON.stringify(await tableCounts(running.deps.ds))}\n`);
await running.close(1000);
process.exit(0);
