import { archiveExtension } from '@server/simulator/archive/extension.ts';
import { startSimulator } from '@server/simulator/index.ts';
import { simOptionsFromEnv } from '@server/simulator/env.ts';

/**
 * npm run sim — the WeCom simulator on its own port (SIM_PORT, default 4000),
 * serving the demo corp (SIM_CUSTOMERS, SIM_SEED…). Prints what to point the
 * server (or any WeCom client) at. Stops on Ctrl-C / SIGTERM.
 */
async function main(): Promise<void> {
  const options = simOptionsFromEnv(process.env);
  // The session archive comes with a few days of chat history, like a corp that has had 会话存档 on for a while.
  const sim = await startSimulator({
    ...options,
    extensions: [archiveExtension({ initialConversations: 800, initialGroupMessages: 200 })],
  });
  const c = sim.state.counts();
  const out = [
    `WeCom simulator listening on ${sim.url}  (corp loaded in ${sim.loadMs} ms)`,
    `  corp: ${c.customers} customers, ${c.follows} follow relations, ${c.users} members, ${c.departments} departments, ${c.tags} corp tags, ${c.groupChats} group chats`,
    '',
    'Point the server at it with:',
    `  WECOM_API_BASE=${sim.url}`,
    `  WECOM_OAUTH_BASE=${sim.url}`,
    `  WECOM_CORP_ID=${sim.corp.corpId}`,
    `  WECOM_SECRET=${sim.corp.secret}`,
    `  WECOM_AGENT_ID=${sim.corp.agentId}`,
    `  WECOM_CALLBACK_TOKEN=${sim.corp.callbackToken}`,
    `  WECOM_CALLBACK_AES_KEY=${sim.corp.callbackAesKey}`,
    '',
    `Callbacks: ${sim.callbacks.getTarget().url ?? 'off (set SIM_CALLBACK_URL or POST /sim/admin/callbacks {"url":…})'}`,
    `Switches:  ${JSON.stringify(sim.switches.get())}`,
    `Admin:     ${sim.url}/sim/admin/corp  (stats, switches, mutations — see docs/simulator.md)`,
    '',
  ];
  process.stdout.write(out.join('\n'));
  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
