import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobin {
  url: string;
  /** Requests forwarded to each target, in target order. */
  counts(): number[];
  close(): Promise<void>;
}

/**
 * A load balancer in front of several instances: each request goes to the
 * next target in turn (path, query, method, body and content type kept), and
 * the target's status and body come back. WeCom's callbacks reach a fleet this way.
 */
export async function startRoundRobin(targets: string[]): Promise<RoundRobin> {
  let next = 0;
  const counts = targets.map(() => 0);
  const forward = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const i = next++ % targets.length;
    counts[i] = (counts[i] ?? 0) + 1;
    const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
    const upstream = await fetch(`${targets[i]}${req.url ?? '/'}`, {
      method: req.method,
      headers: { 'content-type': req.headers['content-type'] ?? 'text/plain' },
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
    });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  };
  const server = createServer((req, res) => {
    forward(req, res).catch(() => {
      res.writeHead(502);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => [...counts],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
