import { perDeps, type AppDeps } from './context.ts';
import type { WecomEvent } from './entities/WecomEvent.ts';
import { log } from './logger.ts';

/**
 * The facts features announce to each other, by name (`<publisher>.<what happened>`).
 * A feature that must react to another's work subscribes here instead of
 * being called by it, so the publisher never imports its listeners.
 */
export interface AppEvents {
  /** The callback receiver stored a new delivery (a WeCom retry of a stored one is not announced). */
  'callback.stored': {
    dedupeKey: string;
    event: string;
    changeType: string | null;
    status: WecomEvent['status'];
    /** false when the row already existed (a WeCom retry). */
    inserted: boolean;
  };
  /** An admin's bulk order import (CSV) stored or changed orders; the per-customer re-scores already ran inside it. */
  'orders.imported': { inserted: number; updated: number };
}

export type AppEventName = keyof AppEvents;
export type EventHandler<E extends AppEventName> = (payload: AppEvents[E]) => void | Promise<void>;

type Handlers = { [E in AppEventName]: Set<EventHandler<E>> };

/** One bus per AppDeps, so apps built side by side in tests never hear each other. */
const handlersFor = perDeps((_deps: AppDeps): Handlers => ({
  'callback.stored': new Set(),
  'orders.imported': new Set(),
}));

/**
 * Calls `handler` for every later `event` of these deps. Returns the
 * unsubscribe function (register it with deps.onClose when the subscription
 * lives as long as the app).
 */
export function subscribe<E extends AppEventName>(deps: AppDeps, event: E, handler: EventHandler<E>): () => void {
  const handlers: Set<EventHandler<E>> = handlersFor(deps)[event];
  handlers.add(handler);
  return () => {
    handlers.delete(handler);
  };
}

/**
 * Announces `event` to its subscribers and returns at once. Each handler starts
 * synchronously (in subscription order); what it awaits is not awaited here,
 * and its errors are logged: a failing listener never fails the publisher.
 */
export function publish<E extends AppEventName>(deps: AppDeps, event: E, payload: AppEvents[E]): void {
  const handlers: Set<EventHandler<E>> = handlersFor(deps)[event];
  for (const handler of [...handlers]) void run(event, handler, payload);
}

async function run<E extends AppEventName>(event: E, handler: EventHandler<E>, payload: AppEvents[E]): Promise<void> {
  try {
    await handler(payload);
  } catch (err) {
    log('app', { component: 'events' }).error({ err, event }, 'event handler failed');
  }
}
