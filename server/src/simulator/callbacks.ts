import { randomBytes, randomInt } from 'node:crypto';
import { encrypt, getSignature } from '@wecom/crypto';
import { z } from 'zod';
import { log } from '@server/logger.ts';
import { HttpFailure } from '@server/wecom/http-failure.ts';
import { httpFor } from '@server/wecom/http.ts';
import type { SimCorpCredentials } from './context.ts';
import { envelopeXml, eventXml, type EventFields, type SimEvent } from './event-xml.ts';

export const callbackTargetSchema = z.object({
  /** Where events are POSTed (the server's 接收事件服务器 URL); unset = events are recorded as skipped. */
  url: z.string().url().optional(),
  /** WeCom drops the connection after 5 s without HTTP 200 and retries. */
  timeoutMs: z.number().int().min(1).max(60_000).default(5000),
  /** WeCom retries 3 times. */
  maxRetries: z.number().int().min(0).max(10).default(3),
  /** Pause before each retry. */
  retryDelayMs: z.number().int().min(0).max(60_000).default(1000),
  /**
   * Deliveries in flight at once. 1 (the default) delivers one at a time in the order the events
   * happened — the strictest reading. WeCom pushes each event on its own and documents no order,
   * so a receiver must cope with several at once; how many WeCom sends in parallel is [unconfirmed].
   */
  concurrency: z.number().int().min(1).max(64).default(1),
});
export type CallbackTarget = z.infer<typeof callbackTargetSchema>;
export type CallbackTargetInput = z.input<typeof callbackTargetSchema>;

export type CallbackStatus = 'pending' | 'delivering' | 'delivered' | 'failed' | 'skipped';

export interface CallbackRecord {
  id: number;
  event: string;
  changeType?: string;
  fields: EventFields;
  status: CallbackStatus;
  attempts: number;
  lastError?: string;
  createdAt: string;
  deliveredAt?: string;
}

interface Queued {
  record: CallbackRecord;
  query: { msg_signature: string; timestamp: string; nonce: string };
  body: string;
}

const HISTORY_LIMIT = 1000;

/**
 * Pushes encrypted events to the callback URL the way WeCom does (§9.2–9.3):
 * POST ?msg_signature&timestamp&nonce with the <xml><ToUserName/><Encrypt/><AgentID/></xml>
 * envelope, retried (same payload) while the receiver does not answer HTTP 200
 * in time. Events are delivered one at a time in the order they happened, or several at once (`concurrency`).
 */
export class CallbackSender {
  private target: CallbackTarget;
  private queue: Queued[] = [];
  private history: CallbackRecord[] = [];
  /** Events being delivered now (still pending for `pending()`). */
  private delivering = new Set<Queued>();
  private workers = 0;
  /** Settles when the last worker finishes (what `flush` waits for). */
  private drained: { promise: Promise<void>; resolve: () => void } | undefined;
  private serial = 0;
  private closed = false;
  private inflight = new AbortController();
  private listeners: Array<(event: SimEvent) => void> = [];
  private readonly logger = log('wecom', { component: 'simulator-callbacks' });

  constructor(
    private readonly corp: SimCorpCredentials,
    target: CallbackTargetInput = {},
  ) {
    this.target = callbackTargetSchema.parse(target);
  }

  getTarget(): CallbackTarget {
    return { ...this.target };
  }

  setTarget(patch: CallbackTargetInput): CallbackTarget {
    this.target = callbackTargetSchema.parse({ ...this.target, ...patch });
    return this.getTarget();
  }

  /** Called synchronously for every pushed event (extensions such as the archive use it). */
  onEvent(listener: (event: SimEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Encrypts and queues one event; returns its delivery record. */
  push(event: SimEvent): CallbackRecord {
    const now = new Date();
    const changeType = event.fields.find(([k]) => k === 'ChangeType')?.[1];
    const record: CallbackRecord = {
      id: ++this.serial,
      event: event.event,
      ...(typeof changeType === 'string' ? { changeType } : {}),
      fields: event.fields,
      status: this.target.url ? 'pending' : 'skipped',
      attempts: 0,
      createdAt: now.toISOString(),
    };
    this.remember(record);
    for (const l of this.listeners) l(event);
    if (!this.target.url || this.closed) return record;
    const timestamp = String(Math.floor(now.getTime() / 1000));
    const nonce = String(randomInt(1e8, 1e10));
    const encrypted = encrypt(
      this.corp.callbackAesKey,
      eventXml(this.corp.corpId, event, Number(timestamp)),
      this.corp.corpId,
      randomBytes(16),
    );
    this.queue.push({
      record,
      query: { msg_signature: getSignature(this.corp.callbackToken, timestamp, nonce, encrypted), timestamp, nonce },
      body: envelopeXml(this.corp.corpId, encrypted, this.corp.agentId),
    });
    this.startWorkers();
    return record;
  }

  /** Events not yet delivered or given up (queued or being delivered). */
  pending(): CallbackRecord[] {
    return [...this.delivering, ...this.queue].map((q) => ({ ...q.record }));
  }

  /** The latest delivery records, newest last. */
  recent(limit = 100): CallbackRecord[] {
    return this.history.slice(-limit).map((r) => ({ ...r }));
  }

  /** Resolves once every queued event is delivered or given up. */
  async flush(): Promise<void> {
    while (this.drained) await this.drained.promise;
  }

  /**
   * URL verification as WeCom does when the callback is saved (§9.1): GET with an
   * encrypted echostr; the receiver must answer the plaintext within 1 s.
   */
  async verifyUrl(): Promise<{ ok: boolean; status?: number; error?: string }> {
    if (!this.target.url) return { ok: false, error: 'no callback url' };
    const echo = `${randomInt(1e9, 1e10)}${randomInt(1e9, 1e10)}`;
    const echostr = encrypt(this.corp.callbackAesKey, echo, this.corp.corpId, randomBytes(16));
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = String(randomInt(1e8, 1e10));
    const url = new URL(this.target.url);
    url.searchParams.set('msg_signature', getSignature(this.corp.callbackToken, timestamp, nonce, echostr));
    url.searchParams.set('timestamp', timestamp);
    url.searchParams.set('nonce', nonce);
    url.searchParams.set('echostr', echostr);
    try {
      const res = await httpFor(url).get<string>(url.toString(), { timeout: 1000 });
      return res.status === 200 && res.data === echo
        ? { ok: true, status: res.status }
        : { ok: false, status: res.status, error: 'reply is not the plaintext echostr' };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  }

  /** Stops delivering (in-flight requests are aborted); queued events are marked failed. */
  close(): void {
    this.closed = true;
    this.inflight.abort();
    for (const q of [...this.delivering, ...this.queue]) q.record.status = 'failed';
    this.queue = [];
  }

  private remember(record: CallbackRecord): void {
    this.history.push(record);
    if (this.history.length > HISTORY_LIMIT) this.history.splice(0, this.history.length - HISTORY_LIMIT);
  }

  /** Starts workers up to the target's concurrency; each takes queued events (oldest first) until none are left. */
  private startWorkers(): void {
    while (this.workers < this.target.concurrency && this.queue.length > 0 && !this.closed) void this.worker();
  }

  private async worker(): Promise<void> {
    this.workers++;
    if (!this.drained) {
      let resolve = () => undefined as void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.drained = { promise, resolve };
    }
    try {
      // Taken synchronously (before the first await), so startWorkers sees the queue shrink.
      for (let item = this.queue.shift(); item && !this.closed; item = this.queue.shift()) {
        this.delivering.add(item);
        try {
          await this.deliver(item);
        } finally {
          this.delivering.delete(item);
        }
      }
    } finally {
      this.workers--;
      if (this.workers === 0 && this.drained) {
        const done = this.drained;
        this.drained = undefined;
        done.resolve();
      }
    }
  }

  private async deliver(item: Queued): Promise<void> {
    const { record } = item;
    record.status = 'delivering';
    for (let attempt = 0; attempt <= this.target.maxRetries && !this.closed; attempt++) {
      if (attempt > 0 && this.target.retryDelayMs > 0) await this.pause(this.target.retryDelayMs);
      if (this.closed || !this.target.url) break;
      record.attempts += 1;
      const url = new URL(this.target.url);
      for (const [k, v] of Object.entries(item.query)) url.searchParams.set(k, v);
      try {
        const res = await httpFor(url).post(url.toString(), item.body, {
          headers: { 'content-type': 'text/xml' },
          timeout: this.target.timeoutMs,
          signal: this.inflight.signal,
          // WeCom resends the same payload anyway and the receiver stores it once.
          retryStaleSocket: true,
        });
        if (res.status === 200) {
          record.status = 'delivered';
          record.deliveredAt = new Date().toISOString();
          delete record.lastError;
          return;
        }
        record.lastError = `HTTP ${res.status}`;
      } catch (err) {
        record.lastError =
          err instanceof HttpFailure && err.timedOut
            ? `no answer within ${this.target.timeoutMs} ms`
            : err instanceof Error
              ? err.message
              : String(err);
      }
      this.logger.debug({ id: record.id, attempt: record.attempts, error: record.lastError }, 'callback delivery failed');
    }
    record.status = 'failed';
    this.logger.warn({ id: record.id, event: record.event, changeType: record.changeType, attempts: record.attempts }, 'callback given up');
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const signal = this.inflight.signal;
      const onAbort = () => {
        clearTimeout(t);
        resolve();
      };
      const t = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
