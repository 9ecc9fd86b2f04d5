/**
 * The real server (server/src/main.ts) in a child process on 127.0.0.1, so a
 * load generator in the bench process does not share its event loop. Its
 * stdout (the JSON log) is drained and counted: log volume is part of what
 * a request costs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';

export interface ServerProcess {
  url: string;
  /** Bytes the server wrote to stdout + stderr so far. */
  logBytes(): number;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
  /** kill -9 (no shutdown at all, as a crashed host); resolves when the process is gone. */
  kill(): Promise<void>;
}

const MAIN = resolve(import.meta.dirname, '../../server/src/main.ts');

/**
 * Starts main.ts with `env` on top of the current environment (PORT 0, HOST 127.0.0.1),
 * resolving once it logs its URL. `nodeArgs` go before the script (e.g. --cpu-prof); `logFile` keeps a copy of its output.
 */
export async function startServerProcess(
  env: Record<string, string>,
  { nodeArgs = [] as string[], startTimeoutMs = 60_000, logFile }: { nodeArgs?: string[]; startTimeoutMs?: number; logFile?: string } = {},
): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', MAIN], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const copy = logFile ? createWriteStream(logFile) : null;
  if (copy) {
    child.stdout?.pipe(copy);
    child.stderr?.pipe(copy);
  }
  let bytes = 0;
  let head = '';
  let exited = false;
  const gone = new Promise<void>((done) =>
    child.once('exit', () => {
      exited = true;
      done();
    }),
  );
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(
      () => rej(new Error(`server did not start within ${startTimeoutMs} ms:\n${head.slice(-2000)}`)),
      startTimeoutMs,
    );
    const onData = (b: Buffer) => {
      bytes += b.length;
      if (head.length < 64_000) head += b.toString();
      const m = /listening on (http:\/\/[\w.:]+)/.exec(head);
      if (m?.[1]) {
        clearTimeout(timer);
        res(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`server exited with ${code} before listening:\n${head.slice(-2000)}`));
    });
  });
  return {
    url,
    logBytes: () => bytes,
    async kill() {
      if (exited) return;
      child.kill('SIGKILL');
      await gone;
    },
    async stop(graceMs = 10_000) {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await gone;
      clearTimeout(timer);
    },
  };
}
