import { DataSource } from 'typeorm';
import { describe, expect, it, vi } from 'vitest';
import { buildConfig } from './config/index.ts';
import { parseEnv } from './config/env.ts';
import type { AppDeps } from './context.ts';
import { publish, subscribe, type AppEvents } from './events.ts';

const logged = vi.hoisted(() => [] as Array<{ fields: unknown; message: string }>);
vi.mock('./logger.ts', () => ({
  log: () => ({ error: (fields: unknown, message: string) => logged.push({ fields, message }) }),
}));

function makeDeps(): AppDeps {
  return {
    config: buildConfig(parseEnv({ NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:' })),
    ds: new DataSource({ type: 'better-sqlite3', database: ':memory:' }),
    onClose: () => undefined,
  };
}

const stored = (dedupeKey: string): AppEvents['callback.stored'] => ({
  dedupeKey,
  event: 'change_external_contact',
  changeType: 'add_external_contact',
  status: 'queued',
  inserted: true,
});

describe('event bus', () => {
  it('delivers each event to its own subscribers in subscription order, until they unsubscribe', () => {
    const deps = makeDeps();
    const heard: string[] = [];
    const offA = subscribe(deps, 'callback.stored', (e) => {
      heard.push(`a:${e.dedupeKey}`);
    });
    subscribe(deps, 'callback.stored', (e) => {
      heard.push(`b:${e.dedupeKey}`);
    });
    subscribe(deps, 'orders.imported', (e) => {
      heard.push(`orders:${e.inserted}`);
    });
    publish(deps, 'callback.stored', stored('k1'));
    offA();
    publish(deps, 'callback.stored', stored('k2'));
    publish(deps, 'orders.imported', { inserted: 3, updated: 0 });
    expect(heard).toEqual(['a:k1', 'b:k1', 'b:k2', 'orders:3']);
  });

  it("keeps the subscribers of one app apart from another's", () => {
    const one = makeDeps();
    const two = makeDeps();
    const heard: string[] = [];
    subscribe(one, 'orders.imported', () => {
      heard.push('one');
    });
    publish(two, 'orders.imported', { inserted: 1, updated: 1 });
    expect(heard).toEqual([]);
    publish(one, 'orders.imported', { inserted: 1, updated: 1 });
    expect(heard).toEqual(['one']);
  });

  it('does not wait for async handlers, and logs what a handler throws instead of failing the publisher', async () => {
    const deps = makeDeps();
    logged.length = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const steps: string[] = [];
    subscribe(deps, 'orders.imported', () => {
      throw new Error('sync boom');
    });
    subscribe(deps, 'orders.imported', async () => {
      steps.push('async started');
      await gate;
      steps.push('async finished');
      throw new Error('async boom');
    });
    subscribe(deps, 'orders.imported', () => {
      steps.push('last handler');
    });

    expect(() => publish(deps, 'orders.imported', { inserted: 1, updated: 0 })).not.toThrow();
    expect(steps).toEqual(['async started', 'last handler']);
    release();
    await vi.waitFor(() => expect(logged).toHaveLength(2));
    expect(steps).toEqual(['async started', 'last handler', 'async finished']);
    expect(logged.map((l) => [(l.fields as { event: string }).event, (l.fields as { err: Error }).err.message, l.message])).toEqual([
      ['orders.imported', 'sync boom', 'event handler failed'],
      ['orders.imported', 'async boom', 'event handler failed'],
    ]);
  });

  it('publishing with nobody subscribed does nothing', () => {
    expect(() => publish(makeDeps(), 'callback.stored', stored('k'))).not.toThrow();
  });
});
