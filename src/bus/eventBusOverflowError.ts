/**
 * Thrown by `EventBus.publish` in async mode when the queue is full and `overflow_policy` is `error`.
 * The event was neither queued nor counted as published.
 *
 * @example
 * ```ts
 * declare const event: TradingEvent;
 * try {
 *   bus.publish(event);
 * } catch (error) {
 *   if (error instanceof EventBusOverflowError) await bus.drain(); // back-pressure, then retry
 * }
 * ```
 */
export class EventBusOverflowError extends Error {
  override readonly name = 'EventBusOverflowError';

  constructor(
    readonly eventType: string,
    readonly maxQueueSize: number,
  ) {
    super(`Event bus queue is full (${maxQueueSize} events); rejected ${eventType}`);
  }
}
