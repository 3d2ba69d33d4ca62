/**
 * The error a {@link FaultInjector} throws in place of a service's handler: named, so logs and tests can
 * tell an injected fault from a real one.
 *
 * @example
 * ```ts
 * declare const handler: (event: TradingEvent) => void, event: TradingEvent;
 * let injected = 0;
 * try { handler(event); } catch (error) { if (error instanceof InjectedFault) injected++; }
 * ```
 */
export class InjectedFault extends Error {
  override readonly name = 'InjectedFault';
  constructor(
    readonly service: string,
    readonly eventType: string,
    /** Which matching event of the rule this was (1-based). */
    readonly eventNumber: number,
  ) {
    super(`injected fault in ${service} on ${eventType} #${eventNumber}`);
  }
}
