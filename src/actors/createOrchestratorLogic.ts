import type { Logger } from 'pino';
import { assign, fromPromise } from 'xstate';
import type { EventBusPort } from '../bus/busTypes.js';
import type { EventFactory } from '../events/eventFactory.js';
import type { TradingEvent } from '../events/tradingEvents.js';
import {
  type OrchestratorContext,
  orchestratorMachine,
  recordedExit,
} from '../machines/orchestratorMachine.js';
import type { ExitEvent } from '../machines/orchestratorTypes.js';
import type { RestartMark } from '../machines/supervisionPolicy.js';
import { createServiceLogic } from './createServiceLogic.js';
import type { ServiceHealth } from './defineService.js';
import type { ServiceLifecycle, ServiceRuntime } from './serviceRuntime.js';

/**
 * What the orchestrator's actions are bound to.
 *
 * @example
 * ```ts
 * // Built by TradingOrchestrator; read it to know what the orchestrator actor is bound to.
 * const symbols: OrchestratorBindings['symbols'] = ['EURUSD'];
 * ```
 */
export interface OrchestratorBindings {
  runtimes: ReadonlyMap<string, ServiceRuntime>;
  bus: EventBusPort;
  events: EventFactory;
  logger: Logger;
  symbols: readonly string[];
  /** Receives each health check's verdicts. */
  onHealth(results: Record<string, ServiceHealth>): void;
  /** Where the run stands now: control time and bars processed (stamps each exit). */
  mark(): RestartMark;
  /** A service's lifecycle, read from its actor (or from how it ended). */
  lifecycleOf(service: string): ServiceLifecycle;
}

/**
 * Runs an action body so that it can never throw into the actor: a supervisor whose own action throws
 * would leave its children running. Failures are logged.
 */
function guarded<A extends unknown[]>(logger: Logger, name: string, body: (...args: A) => void) {
  return (...args: A): void => {
    try {
      body(...args);
    } catch (error) {
      logger.error({ err: error, action: name }, `Supervisor action ${name} failed (ignored)`);
    }
  };
}

/**
 * Binds the pure orchestrator machine: services become lifecycle actors bound to their runtimes, the bus
 * drain becomes a promise actor, and reporting actions publish `ServiceFailedEvent`,
 * `ServiceRestartedEvent` and `TradingBlockedEvent` / `TradingAuthorizedEvent`.
 *
 * @example
 * ```ts
 * const logic = createOrchestratorLogic({ runtimes, bus, events, logger, symbols: ['EURUSD'], onHealth });
 * const actor = createActor(logic, { input, clock, systemId: 'orchestrator' });
 * ```
 */
export function createOrchestratorLogic(bindings: OrchestratorBindings) {
  const { runtimes, bus, events, logger, symbols } = bindings;
  const publish = (event: TradingEvent) => bus.publish(event);
  return orchestratorMachine.provide({
    actors: {
      service: createServiceLogic((name) => runtimes.get(name)),
      drainBus: fromPromise<void>(() => bus.drain()),
    },
    actions: {
      recordExit: assign(({ context, event }) => recordedExit(context, event as ExitEvent, bindings.mark())),
      reportExit: guarded(logger, 'reportExit', ({ context }: { context: OrchestratorContext }) => {
        const exit = context.lastExit;
        if (!exit) return;
        if (exit.kind === 'stopped') {
          logger.info({ service: exit.service }, `Service ${exit.service} stopped`);
          return;
        }
        // The service's own `RUNNING -> FAILED` line is the error line of this failure.
        if (logger.isLevelEnabled('debug'))
          logger.debug({ service: exit.service, error: exit.error }, `Service ${exit.service} exited`);
        publish(
          events.create('ServiceFailedEvent', { service: exit.service, error: exit.error ?? 'failed' }),
        );
      }),
      reportRestart: guarded(logger, 'reportRestart', (_args: unknown, params: unknown) => {
        const { service, count } = params as { service: string; count: number };
        logger.warn({ service, restart_count: count }, `Restarting ${service} (restart #${count})`);
        publish(events.create('ServiceRestartedEvent', { service, restart_count: count }));
      }),
      escalate: guarded(logger, 'escalate', ({ context }: { context: OrchestratorContext }) => {
        const reason = context.escalation?.reason ?? 'restart intensity exceeded';
        const then = context.policy.onIntensityExceeded === 'stop' ? 'stopping' : 'degraded, trading blocked';
        logger.error({ reason, service: context.lastExit?.service }, `Escalation: ${reason}; ${then}`);
        for (const symbol of symbols) {
          publish(events.create('TradingBlockedEvent', { symbol, reasons: ['service_failed'] }));
        }
      }),
      recover: guarded(logger, 'recover', () => {
        logger.warn('Manual restart out of degraded mode: trading authorized again');
        for (const symbol of symbols) {
          publish(events.create('TradingAuthorizedEvent', { symbol, reason: 'services_recovered' }));
        }
      }),
      checkHealth: guarded(logger, 'checkHealth', () => {
        const results: Record<string, ServiceHealth> = {};
        for (const [name, runtime] of runtimes) {
          results[name] = runtime.health(bindings.lifecycleOf(name));
          if (!results[name].healthy)
            logger.warn({ service: name, reason: results[name].reason }, `${name} unhealthy`);
        }
        bindings.onHealth(results);
      }),
      logIgnoredEvent: guarded(logger, 'logIgnoredEvent', ({ event }: { event: { type: string } }) => {
        logger.warn({ event_type: event.type }, `Orchestrator ignored ${event.type} in its current state`);
      }),
      logNoRestart: guarded(logger, 'logNoRestart', ({ context }: { context: OrchestratorContext }) => {
        const decision = context.decision;
        const reason = decision && 'reason' in decision ? decision.reason : '';
        logger.info(
          { service: context.lastExit?.service, reason },
          `Not restarting ${context.lastExit?.service}`,
        );
      }),
    },
  });
}
