import type { AnyServiceDefinition, ServiceHandlers } from '../actors/defineService.js';
import type { TradingEvent } from '../events/tradingEvents.js';
import { InjectedHookFailure } from './injectedHookFailure.js';

/**
 * How a gated hook (initialize, shutdown) ends once the test lets it go on.
 *
 * @example
 * ```ts
 * declare const controlled: ControlledService;
 * const outcome: HookOutcome = 'fail';
 * controlled.open('shutdown', outcome);
 * ```
 */
export type HookOutcome = 'succeed' | 'fail';

interface Gate {
  promise: Promise<HookOutcome>;
  open(outcome: HookOutcome): void;
}

function gate(): Gate {
  let open!: (outcome: HookOutcome) => void;
  const promise = new Promise<HookOutcome>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/**
 * A user's service definition with hooks a model test controls: `initialize` and `shutdown` wait until the
 * test opens their gate (then fail, or call the user's own hook), `subscribe` can be made to throw, and a
 * handler can be made to throw on the next event. Everything else is the user's definition, unchanged; the
 * user's `initialize`, `subscribe` and `shutdown` run on every path where they succeed.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 *
 * declare const counterService: AnyServiceDefinition;
 * const clock = new SimulatedClock(Date.UTC(2025, 0, 6));
 * const logger = pino({ level: 'silent' });
 * const controlled = new ControlledService(counterService);
 * const service = createServiceActor(controlled.definition, { bus, clock, logger });
 * controlled.open('initialize', 'succeed');
 * ```
 */
export class ControlledService {
  readonly definition: AnyServiceDefinition;
  /** How many times each hook was entered, e.g. `initialize: 2` after a restart. */
  readonly calls = { initialize: 0, shutdown: 0, subscribe: 0 };
  /** What each `initialize` returned, in order (a restart must build a fresh one). */
  readonly states: unknown[] = [];
  /** When set, `subscribe` throws (the worker fails while starting). */
  subscribeThrows = false;
  /** When set, the next event any handler receives makes it throw. */
  handlerThrows = false;
  /** When unset, hooks run at once (as in production); a model test gates them to choose their outcome. */
  gated = true;
  /** The gate the next call of each hook waits on, and the one a call is waiting on now. */
  private readonly next = { initialize: gate(), shutdown: gate() };
  private readonly waiting: { initialize?: Gate; shutdown?: Gate } = {};
  private readonly everyGate: Gate[] = [this.next.initialize, this.next.shutdown];

  constructor(readonly original: AnyServiceDefinition) {
    const name = original.name;
    this.definition = {
      ...original,
      initialize: async (context) => {
        const outcome = await this.enter('initialize');
        if (outcome === 'fail') throw new InjectedHookFailure('initialize', name);
        const state = await original.initialize(context);
        this.states.push(state);
        return state;
      },
      subscribe: (state, context) => {
        this.calls.subscribe += 1;
        if (this.subscribeThrows) throw new InjectedHookFailure('subscribe', name);
        const handlers: ServiceHandlers = { ...(original.subscribe?.(state, context) ?? {}) };
        const all = handlers['*'];
        handlers['*'] = (event: TradingEvent) => {
          if (this.handlerThrows) {
            this.handlerThrows = false;
            throw new InjectedHookFailure(`the handler of ${event.type}`, name);
          }
          return all?.(event);
        };
        return handlers;
      },
      shutdown: async (state, context) => {
        const outcome = await this.enter('shutdown');
        if (outcome === 'fail') throw new InjectedHookFailure('shutdown', name);
        await original.shutdown?.(state, context);
      },
    };
  }

  /** Lets the current (or next) call of `hook` go on, with that outcome. */
  open(hook: 'initialize' | 'shutdown', outcome: HookOutcome): void {
    (this.waiting[hook] ?? this.next[hook]).open(outcome);
  }

  /** Whether a call of `hook` is waiting on its gate. */
  isWaiting(hook: 'initialize' | 'shutdown'): boolean {
    return this.waiting[hook] !== undefined;
  }

  /** Opens every gate with success: what is left pending at the end of a path finishes. */
  release(): void {
    this.gated = false;
    for (const each of this.everyGate) each.open('succeed');
  }

  private async enter(hook: 'initialize' | 'shutdown'): Promise<HookOutcome> {
    this.calls[hook] += 1;
    if (!this.gated) return 'succeed';
    // Each call waits on its own gate; a gate opened before the call came is used by that call.
    const current = this.next[hook];
    this.next[hook] = gate();
    this.everyGate.push(this.next[hook]);
    this.waiting[hook] = current;
    try {
      return await current.promise;
    } finally {
      if (this.waiting[hook] === current) delete this.waiting[hook];
    }
  }
}
