import { TradingOrchestrator } from '../../../src/actors/tradingOrchestrator.js';
import type { RestartType, SupervisionPolicy } from '../../../src/machines/supervisionPolicy.js';
import {
  type Journal,
  newBus,
  newClock,
  type ProbeControls,
  probeService,
  silentLogger,
} from './serviceFixtures.js';

export const allServices = [
  'data_fetching',
  'indicator_calculation',
  'strategy_evaluation',
  'trade_execution',
];

export interface Fixture {
  orchestrator: TradingOrchestrator;
  bus: ReturnType<typeof newBus>;
  clock: ReturnType<typeof newClock>;
  journal: Journal;
  controls: Record<string, ProbeControls>;
}

/** An orchestrator over probe services (given in a scrambled order on purpose). */
export function orchestratorFixture(
  options: {
    services?: string[];
    supervision?: Partial<SupervisionPolicy>;
    restartTypes?: Record<string, RestartType>;
    healthCheckIntervalSeconds?: number;
    inspect?: ConstructorParameters<typeof TradingOrchestrator>[0]['inspect'];
    logger?: typeof silentLogger;
    historySize?: number;
  } = {},
): Fixture {
  const bus = newBus(options.historySize);
  const clock = newClock();
  const journal: Journal = [];
  const controls: Record<string, ProbeControls> = {};
  const definitions = (options.services ?? allServices).map((name) => {
    const probe = probeService(name, journal);
    controls[name] = probe.controls;
    return probe.definition;
  });
  const orchestrator = new TradingOrchestrator({
    bus,
    clock,
    logger: options.logger ?? silentLogger,
    services: definitions,
    symbols: ['EURUSD', 'GBPUSD'],
    supervision: {
      backoffInitialMs: 100,
      backoffMaxMs: 1_000,
      maxRestarts: 3,
      windowMs: 60_000,
      ...options.supervision,
    },
    restartTypes: options.restartTypes ?? {},
    healthCheckIntervalSeconds: options.healthCheckIntervalSeconds ?? 30,
    ...(options.inspect ? { inspect: options.inspect } : {}),
  });
  return { orchestrator, bus, clock, journal, controls };
}
