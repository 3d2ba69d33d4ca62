import type { AnyServiceDefinition, ServiceHandlers } from '../actors/defineService.js';
import type { SystemConfig } from '../config/systemConfig.js';
import type { TradingEvent } from '../events/tradingEvents.js';
import { SeededRandom } from '../util/random.js';
import { InjectedFault } from './injectedFault.js';

/**
 * One rule: the `faults.rules[]` entry of the configuration.
 *
 * @example
 * ```ts
 * const rule: FaultRule = { service: 'indicator_calculation', event_type: 'NewCandleEvent', probability: 0.05 };
 * ```
 */
export type FaultRule = SystemConfig['faults']['rules'][number];

/**
 * What a {@link FaultInjector} injects: seeded rules, as in the `faults` configuration section.
 *
 * @example
 * ```ts
 * const faults = new FaultInjector({ seed: 7, rules: [{ service: 'strategy_evaluation', event_type: 'IndicatorsCalculatedEvent', probability: 0.1 }] });
 * const system = await createTradingSystem(config, { faults });
 * ```
 */
export interface FaultInjectorOptions {
  seed?: number;
  rules: readonly FaultRule[];
}

interface RuleState {
  rule: FaultRule;
  at: ReadonlySet<number>;
  /** Matching events seen (the event number of the next one is `seen + 1`). */
  seen: number;
  injected: number;
}

/**
 * Makes chosen services throw {@link InjectedFault} on chosen or random events, before their handler
 * runs, so supervision can be tested against real failures. Wraps service definitions: a service without
 * a rule is returned untouched (no cost on its hot path). Event numbers count per rule across restarts.
 *
 * @example
 * ```ts
 * const faults = new FaultInjector({ seed: 7, rules: [{ service: 'indicator_calculation', event_type: 'NewCandleEvent', probability: 0.1 }] });
 * const run = await createTradingSystem(config, { faults });
 * await run.run();
 * faults.injected('indicator_calculation'); // faults injected so far; the orchestrator restarted the service after each
 * ```
 */
export class FaultInjector {
  private readonly random: SeededRandom;
  private readonly states: RuleState[];
  private readonly counts = new Map<string, number>();

  constructor(options: FaultInjectorOptions) {
    this.random = new SeededRandom(options.seed ?? 1);
    this.states = options.rules.map((rule) => ({ rule, at: new Set(rule.at ?? []), seen: 0, injected: 0 }));
  }

  /** The injector the `faults` section describes, or undefined when it is disabled or has no rule. */
  static fromConfig(config: SystemConfig['faults']): FaultInjector | undefined {
    if (!config.enabled || config.rules.length === 0) return undefined;
    return new FaultInjector({ seed: config.seed, rules: config.rules });
  }

  /** Faults injected so far, in one service or in all. */
  injected(service?: string): number {
    if (service !== undefined) return this.counts.get(service) ?? 0;
    let total = 0;
    for (const count of this.counts.values()) total += count;
    return total;
  }

  /**
   * Counts `event` against the rules of `service` and throws {@link InjectedFault} when one fires. Every
   * matching rule counts the event (so event numbers do not depend on which rule fired first).
   */
  check(service: string, event: TradingEvent): void {
    let fault: InjectedFault | undefined;
    for (const state of this.states) {
      const { rule } = state;
      if (rule.service !== service) continue;
      if (rule.event_type !== undefined && rule.event_type !== event.type) continue;
      state.seen += 1;
      if (fault !== undefined || !this.fires(state)) continue;
      state.injected += 1;
      this.counts.set(service, (this.counts.get(service) ?? 0) + 1);
      fault = new InjectedFault(service, event.type, state.seen);
    }
    if (fault !== undefined) throw fault;
  }

  /** `definition` with each of its handlers preceded by {@link check}; unchanged when no rule names it. */
  wrap<D extends AnyServiceDefinition>(definition: D): D {
    if (!this.states.some((state) => state.rule.service === definition.name) || !definition.subscribe) {
      return definition;
    }
    const subscribe = definition.subscribe.bind(definition);
    const name = definition.name;
    return {
      ...definition,
      subscribe: (state: unknown, context: Parameters<NonNullable<D['subscribe']>>[1]) => {
        const handlers = subscribe(state, context) as Record<string, (event: TradingEvent) => unknown>;
        const wrapped: Record<string, (event: TradingEvent) => unknown> = {};
        for (const [type, handler] of Object.entries(handlers)) {
          wrapped[type] = (event) => {
            this.check(name, event);
            return handler(event);
          };
        }
        return wrapped as ServiceHandlers;
      },
    };
  }

  private fires(state: RuleState): boolean {
    const { rule } = state;
    if (rule.max !== undefined && state.injected >= rule.max) return false;
    const triggered = rule.probability !== undefined || rule.every_nth !== undefined || rule.at !== undefined;
    if (!triggered) return true;
    if (state.at.has(state.seen)) return true;
    if (rule.every_nth !== undefined && state.seen % rule.every_nth === 0) return true;
    // Drawn only for rules with a probability, so adding an `at` rule does not shift the random sequence.
    return rule.probability !== undefined && this.random.next() < rule.probability;
  }
}
