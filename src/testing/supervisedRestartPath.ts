import type { AnyServiceDefinition } from '../actors/defineService.js';
import { TradingOrchestrator } from '../actors/tradingOrchestrator.js';
import { SystemClock } from '../util/clock.js';
import { ControlledService } from './controlledService.js';
import {
  crashHandler,
  defaultPatienceMs,
  eventually,
  type ModelOptions,
  modelBus,
  silentLogger,
} from './modelHarness.js';
import type { RunnablePath } from './modelReport.js';
import { ModelTestError } from './modelTestError.js';

/** Key of the supervised restart edge in a coverage report (it is the orchestrator's, not the lifecycle's). */
export const SUPERVISED_RESTART_EDGE = 'orchestrator|restart a failed service';

/** The lifecycle state of a supervised service, read from its actor (`undefined` while it has none). */
export function supervisedState(orchestrator: TradingOrchestrator, name: string): string | undefined {
  const child = orchestrator.actor.system.get(name) as { getSnapshot(): { value: unknown } } | undefined;
  return child ? String(child.getSnapshot().value) : undefined;
}

/** Starts an orchestrator over controlled services with restarts due at once (1 ms backoff). */
export async function startSupervised(
  controlled: ControlledService[],
  options: ModelOptions,
  supervision: ConstructorParameters<typeof TradingOrchestrator>[0]['supervision'] = {},
): Promise<{ orchestrator: TradingOrchestrator; bus: ReturnType<typeof modelBus> }> {
  const logger = silentLogger(options);
  const bus = modelBus(logger);
  const patienceSeconds = (options.patienceMs ?? defaultPatienceMs) / 1000;
  const orchestrator = new TradingOrchestrator({
    bus,
    clock: new SystemClock(),
    logger,
    services: controlled.map((each) => each.definition),
    supervision: {
      strategy: 'one_for_one',
      maxRestarts: 10,
      windowMs: 60_000,
      backoffInitialMs: 1,
      backoffMaxMs: 1,
      onIntensityExceeded: 'degrade',
      ...supervision,
    },
    healthCheckIntervalSeconds: 3_600,
    initTimeoutSeconds: patienceSeconds,
    shutdownTimeoutSeconds: patienceSeconds,
  });
  await orchestrator.start();
  return { orchestrator, bus };
}

/**
 * Under the orchestrator, a service whose handler throws is restarted: a fresh instance runs `initialize`
 * again, builds new state (not the failed one's) and reaches RUNNING. A `temporary` service is not restarted.
 */
export function supervisedRestartPath(make: () => AnyServiceDefinition, options: ModelOptions): RunnablePath {
  const edge = 'FAILED --supervisor restarts it with fresh state--> RUNNING (under the orchestrator)';
  return {
    name: edge,
    edge,
    edges: [SUPERVISED_RESTART_EDGE],
    async run() {
      const patienceMs = options.patienceMs ?? defaultPatienceMs;
      const controlled = new ControlledService(make());
      controlled.gated = false;
      const name = controlled.definition.name;
      const { orchestrator, bus } = await startSupervised([controlled], options);
      const fail = (what: string) => new ModelTestError(`${name}: edge "${edge}" failed: ${what}`, [edge]);
      try {
        crashHandler(controlled, bus);
        if (controlled.definition.restart === 'temporary') {
          await eventually(() => supervisedState(orchestrator, name) === undefined, patienceMs);
          if (controlled.calls.initialize !== 1) throw fail('a temporary service was restarted');
          return;
        }
        const restarted = await eventually(
          () => controlled.calls.initialize === 2 && supervisedState(orchestrator, name) === 'RUNNING',
          patienceMs,
        );
        if (!restarted) {
          throw fail(
            `after its handler threw, initialize ran ${controlled.calls.initialize} time(s) and the service is ` +
              `${supervisedState(orchestrator, name) ?? 'gone'} after ${patienceMs} ms (expected a second initialize and RUNNING)`,
          );
        }
        const [first, second] = controlled.states;
        if (typeof first === 'object' && first !== null && first === second)
          throw fail('the restarted service got the failed instance state back instead of fresh state');
      } finally {
        await orchestrator.stop();
      }
    },
  };
}
