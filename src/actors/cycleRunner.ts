import type { AnyActorRef } from 'xstate';
import type { EventBusPort } from '../bus/busTypes.js';
import type { EventFactory } from '../events/eventFactory.js';
import { CorrelationContext } from '../logging/correlationContext.js';
import type { ServiceRuntime } from './serviceRuntime.js';

/** What a cycle needs from its orchestrator. */
export interface CycleRunnerContext {
  readonly events: EventFactory;
  readonly bus: EventBusPort;
  /** Every runtime, in start order: those with cycle or end-of-cycle work are picked from them. */
  readonly runtimes: readonly ServiceRuntime[];
  /** Open while a cycle's services run synchronously (see `CycleWindow`); shared with every service. */
  readonly window: { open: boolean };
  /** Whether the service named runs now (its work is skipped otherwise). */
  readonly running: (name: string) => boolean;
  /** The supervisor, which a failing service's actor is told about (`WORKER_FAILED`). */
  readonly system: () => { get(systemId: string): AnyActorRef | undefined };
}

/**
 * One trading-loop cycle of an orchestrator: every RUNNING service with per-cycle work (in start order),
 * the work services left for the cycle's end, then the bus drained, all inside one correlation scope.
 * Synchronous as long as every part is (a backtest's data source, services and bus): no promise then.
 *
 * @example
 * ```ts
 * declare const context: CycleRunnerContext;
 * const cycles = new CycleRunner(context);
 * const pending = cycles.run();
 * if (pending !== undefined) await pending;
 * console.log(cycles.completed); // 1
 * ```
 */
export class CycleRunner {
  /** Cycles that reached their end (the bus drain excluded). */
  completed = 0;
  private readonly cycleRuntimes: ServiceRuntime[];
  private readonly afterCycleRuntimes: ServiceRuntime[];

  constructor(private readonly context: CycleRunnerContext) {
    this.cycleRuntimes = context.runtimes.filter((runtime) => runtime.hasCycle);
    this.afterCycleRuntimes = context.runtimes.filter((runtime) => runtime.hasAfterCycle);
  }

  /**
   * One cycle in a fresh correlation scope (entered once per cycle), reported to `onScope`. Undefined when
   * everything ran synchronously, else a promise.
   */
  run(onScope?: (correlationId: string) => void): Promise<void> | undefined {
    // Ids from the event factory's generator: seeded runs log the same correlation ids every time.
    const correlationId = this.context.events.ids.correlationId();
    return CorrelationContext.runWith(correlationId, CycleRunner.body, this, onScope);
  }

  /**
   * The cycle's body, so that entering the correlation scope allocates no closure. One function for every
   * runner (not a closure per instance): code inlining it then survives from one trading system to the
   * next in the same process.
   */
  private static body(
    runner: CycleRunner,
    onScope: ((correlationId: string) => void) | undefined,
  ): Promise<void> | undefined {
    if (onScope !== undefined) onScope(CorrelationContext.current()!);
    return runner.from(0);
  }

  /**
   * The cycle's work from the `index`th cycle service on: synchronous until a hook returns a promise. The
   * cycle window is open meanwhile; whenever the cycle stops running synchronously (its end, or a hook's
   * promise to wait for), the work the services left for then runs first, as the microtasks it stands for
   * would have.
   */
  private from(index: number): Promise<void> | undefined {
    this.context.window.open = true;
    for (let at = index; at < this.cycleRuntimes.length; at++) {
      const runtime = this.cycleRuntimes[at]!;
      if (!this.context.running(runtime.name)) continue;
      let result: void | Promise<void>;
      try {
        result = runtime.cycle();
      } catch (error) {
        this.failed(runtime, error);
        continue;
      }
      if (result instanceof Promise) return this.finish(runtime, result, at + 1);
    }
    return this.end();
  }

  private async finish(runtime: ServiceRuntime, pending: Promise<void>, next: number): Promise<void> {
    const deferred = this.runDeferred();
    try {
      await pending;
    } catch (error) {
      this.failed(runtime, error);
    }
    if (deferred !== undefined) await deferred;
    await this.from(next);
  }

  private end(): Promise<void> | undefined {
    this.completed += 1;
    const deferred = this.runDeferred();
    if (deferred !== undefined) return deferred.then(() => this.drainBus());
    return this.drainBus();
  }

  private drainBus(): Promise<void> | undefined {
    const { bus } = this.context;
    if (bus.idle?.() === true) return undefined;
    return bus.drain();
  }

  /**
   * Closes the cycle window and runs the work the services left for it, in start order (each service's
   * failures are its own: see `ServiceRuntime.afterCycle`). A promise when some of it is asynchronous.
   */
  private runDeferred(): Promise<void> | undefined {
    this.context.window.open = false;
    let waiting: Promise<void>[] | undefined;
    for (let index = 0; index < this.afterCycleRuntimes.length; index++) {
      const runtime = this.afterCycleRuntimes[index]!;
      let result: void | Promise<void>;
      try {
        result = runtime.afterCycle();
      } catch (error) {
        this.failed(runtime, error);
        continue;
      }
      if (!(result instanceof Promise)) continue;
      waiting ??= [];
      waiting.push(result.catch((error: unknown) => this.failed(runtime, error)));
    }
    return waiting === undefined ? undefined : Promise.all(waiting).then(() => undefined);
  }

  private failed(runtime: ServiceRuntime, error: unknown): void {
    runtime.base.errors += 1;
    if (runtime.logger.isLevelEnabled('debug')) runtime.logger.debug({ err: error }, 'Cycle failed');
    this.context.system().get(runtime.name)?.send({ type: 'WORKER_FAILED', error });
  }
}
