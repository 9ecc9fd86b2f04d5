import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { ArchiveKeyError } from './errors.ts';

/**
 * RSA private-key decryption is the archive's bottleneck (≈ 4k ops/s per core for
 * 2048-bit keys, everything else is ≈ 20× cheaper), so big batches are spread over
 * worker threads, one slice per worker. The worker is a small inline script (so it
 * runs the same under tsx, vitest and node) doing exactly what ArchiveKeyRing does:
 * raw RSA, then the PKCS#1 v1.5 type-2 unpadding.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createPrivateKey, privateDecrypt, constants } = require('node:crypto');
const keys = new Map(Object.entries(workerData.pems).map(([v, pem]) => [Number(v), createPrivateKey(pem)]));
parentPort.on('message', ({ id, items }) => {
  const out = [];
  for (let i = 0; i < items.length; i++) {
    const [ver, b64] = items[i];
    const key = keys.get(ver);
    if (!key) { parentPort.postMessage({ id, error: { index: i, ver, message: 'no private key for publickey_ver ' + ver } }); return; }
    let em;
    try { em = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, Buffer.from(b64, 'base64')); }
    catch { parentPort.postMessage({ id, error: { index: i, ver, message: 'encrypt_random_key is not decryptable with key version ' + ver } }); return; }
    const sep = em.length >= 11 && em[0] === 0 && em[1] === 2 ? em.indexOf(0, 2) : -1;
    if (sep < 10) { parentPort.postMessage({ id, error: { index: i, ver, message: 'bad PKCS#1 v1.5 padding (wrong key version?)' } }); return; }
    out.push(em.subarray(sep + 1).toString('utf8'));
  }
  parentPort.postMessage({ id, keys: out });
});
`;

const replySchema = z.union([
  z.object({ id: z.number(), keys: z.array(z.string()) }),
  z.object({ id: z.number(), error: z.object({ index: z.number(), ver: z.number(), message: z.string() }) }),
]);

interface Pending {
  resolve: (keys: string[]) => void;
  reject: (err: Error) => void;
}

/** Worker threads that RSA-decrypt encrypt_random_key values with the archive's private keys. */
export class RsaPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private serial = 0;

  constructor(pems: Record<string, string>, size = Math.max(1, Math.min(4, availableParallelism()))) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { pems } });
      worker.unref();
      worker.on('message', (raw: unknown) => this.settle(raw));
      worker.on('error', (err) => this.failAll(err));
      this.workers.push(worker);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Decrypts [publickey_ver, encrypt_random_key] pairs in order, split evenly across the workers. */
  async decrypt(items: Array<[number, string]>): Promise<string[]> {
    // Unref'd workers do not keep a process alive, so hold them while a batch is in flight.
    for (const w of this.workers) w.ref();
    const per = Math.ceil(items.length / this.workers.length);
    const parts = await Promise.all(
      this.workers.map((worker, w) => {
        const slice = items.slice(w * per, (w + 1) * per);
        if (slice.length === 0) return Promise.resolve<string[]>([]);
        const id = ++this.serial;
        return new Promise<string[]>((resolve, reject) => {
          this.pending.set(id, { resolve, reject });
          worker.postMessage({ id, items: slice });
        });
      }),
    );
    return parts.flat();
  }

  async close(): Promise<void> {
    this.failAll(new Error('RSA pool closed'));
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }

  private settle(raw: unknown): void {
    const reply = replySchema.parse(raw);
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) for (const w of this.workers) w.unref();
    if ('keys' in reply) p.resolve(reply.keys);
    else p.reject(new ArchiveKeyError(reply.error.ver, reply.error.message));
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    for (const w of this.workers) w.unref();
  }
}
