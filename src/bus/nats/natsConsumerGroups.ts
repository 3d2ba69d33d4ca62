import type { Logger } from 'pino';
import type { TradingEvent } from '../../events/tradingEvents.js';
import type { SubscriptionId } from '../busTypes.js';
import { type Cause, NatsCause } from './natsCause.js';
import type { NatsConsumer } from './natsConsumer.js';
import type { ReplayTarget } from './natsStateReplay.js';

/** A handler of any event type: the consumer of a group calls each with what its filter lets through. */
export type AnyHandler = (event: TradingEvent) => void | Promise<void>;

/** One durable consumer and the handlers of this process it feeds. */
export interface ConsumerGroup {
  consumer: NatsConsumer;
  handlers: Map<SubscriptionId, AnyHandler>;
  filterSubject: string;
  started: Promise<void> | undefined;
}

/**
 * The durable consumers of a `NatsEventBus`, by durable name, and the subscriptions that share each: the
 * subscriptions of one type and symbol share one consumer, so a message is fetched and acknowledged once
 * however many handlers it has, and the consumer stops with its last handler.
 *
 * @example
 * ```ts
 * const groups = new NatsConsumerGroups(logger);
 * groups.add('strategy_NewCandleEvent', group);
 * const id = groups.handle('strategy_NewCandleEvent', group, handler);
 * groups.remove(id); // the last handler: the consumer stops, its durable stays on the server
 * ```
 */
export class NatsConsumerGroups {
  /** Consumers stopping: `drain()` and `close()` wait for them. */
  readonly stopping = new Set<Promise<void>>();
  private readonly groups = new Map<string, ConsumerGroup>();
  private readonly subscriptionGroup = new Map<SubscriptionId, string>();
  private nextSubscription = 0;

  constructor(private readonly logger: Logger) {}

  get(durableName: string): ConsumerGroup | undefined {
    return this.groups.get(durableName);
  }

  add(durableName: string, group: ConsumerGroup): void {
    this.groups.set(durableName, group);
  }

  entries(): IterableIterator<[string, ConsumerGroup]> {
    return this.groups.entries();
  }

  /**
   * Each consumer as a target of the state replay (`replayHandledEvents`): its handlers run in the event's
   * cause, as live, while `replaying(true)` tells the bus to drop what they publish when `publish` is false.
   */
  replayTargets(replaying: (on: boolean) => void): ReplayTarget[] {
    return [...this.groups.entries()].map(([durableName, group]) => ({
      durableName,
      filterSubject: group.filterSubject,
      markSeen: (eventId: string) => group.consumer.markSeen(eventId),
      run: async (event: TradingEvent, publish: boolean, cause: Cause) => {
        replaying(!publish);
        try {
          await NatsCause.run(cause, async () => {
            for (const handler of group.handlers.values()) await handler(event);
          });
        } finally {
          replaying(false);
        }
      },
    }));
  }

  /** Starts the group's consumer (after `runStartsAfter`, a stream sequence); a failure to start is logged. */
  start(durableName: string, group: ConsumerGroup, runStartsAfter = 0): void {
    group.started = group.consumer.start(runStartsAfter);
    group.started.catch((error: unknown) =>
      this.logger.error({ err: error, durableName }, 'NATS consumer failed to start'),
    );
  }

  /** Adds `handler` to the group's consumer and returns the id that removes it. */
  handle(durableName: string, group: ConsumerGroup, handler: AnyHandler): SubscriptionId {
    const id = `nats-sub-${++this.nextSubscription}`;
    group.handlers.set(id, handler);
    this.subscriptionGroup.set(id, durableName);
    return id;
  }

  /** Removes the handler; the last handler of a consumer stops it (its durable stays on the server). */
  remove(id: SubscriptionId): boolean {
    const durableName = this.subscriptionGroup.get(id);
    const group = durableName === undefined ? undefined : this.groups.get(durableName);
    if (durableName === undefined || group === undefined) return false;
    this.subscriptionGroup.delete(id);
    group.handlers.delete(id);
    if (group.handlers.size === 0) {
      this.groups.delete(durableName);
      this.track(group.consumer.stop());
    }
    return true;
  }

  /** Resolves when every consumer is bound; rejects if one could not be created. */
  async ready(): Promise<void> {
    await Promise.all([...this.groups.values()].map((group) => group.started ?? Promise.resolve()));
  }

  /** Durable consumers and the handlers they feed, for the metrics. */
  counts(): { consumers: number; handlers: number } {
    let handlers = 0;
    for (const group of this.groups.values()) handlers += group.handlers.size;
    return { consumers: this.groups.size, handlers };
  }

  /** Stops every consumer (the durables stay) and waits until each has stopped or failed to. */
  async stopAll(): Promise<void> {
    for (const group of this.groups.values()) this.track(group.consumer.stop());
    this.groups.clear();
    this.subscriptionGroup.clear();
    await Promise.allSettled(this.stopping);
  }

  private track(stop: Promise<void>): void {
    const tracked = stop
      .catch((error: unknown) => this.logger.warn({ err: error }, 'NATS consumer did not stop cleanly'))
      .finally(() => this.stopping.delete(tracked));
    this.stopping.add(tracked);
  }
}
