import { describe, expect, it } from 'vitest';
import { ServiceNotRunningError } from '../../../src/actors/serviceNotRunningError.js';
import { ServiceStartError } from '../../../src/actors/serviceStartError.js';
import { UnknownServiceError } from '../../../src/actors/unknownServiceError.js';
import { UnknownServiceNameError } from '../../../src/actors/unknownServiceNameError.js';
import { EventBusOverflowError } from '../../../src/bus/eventBusOverflowError.js';
import { exitCodes } from '../../../src/errors/exitCodes.js';
import { UserError } from '../../../src/errors/userError.js';
import { InjectedFault } from '../../../src/faults/injectedFault.js';
import { StoreConsistencyError } from '../../../src/store/storeConsistencyError.js';
import { StrategyEvaluationError } from '../../../src/strategies/strategyEvaluationError.js';
import { orchestratorFixture } from '../../support/actors/orchestratorFixture.js';

describe('errors a user can cause are UserErrors with the exit code 2', () => {
  it('a service whose initialize throws fails the start with a ServiceStartError naming the service and the cause', async () => {
    const { orchestrator, controls } = orchestratorFixture();
    controls.indicator_calculation!.failInit = true;
    const failure = await orchestrator.start().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ServiceStartError);
    expect(failure).toBeInstanceOf(UserError);
    expect(failure).toMatchObject({
      name: 'ServiceStartError',
      exitCode: exitCodes.userError,
      message: 'service indicator_calculation failed to start: init of indicator_calculation refused',
    });
  });

  it('asking for a service the orchestrator does not run throws an UnknownServiceNameError listing the running ones', async () => {
    const { orchestrator } = orchestratorFixture({ services: ['data_fetching', 'trade_execution'] });
    await orchestrator.start();
    const failure = await orchestrator.restartService('strategy').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(UnknownServiceNameError);
    expect(failure).toBeInstanceOf(UserError);
    expect(failure).toMatchObject({
      name: 'UnknownServiceNameError',
      exitCode: exitCodes.userError,
      service: 'strategy',
      message: 'unknown service "strategy" (running: trade_execution, data_fetching)',
    });
    expect(() => orchestrator.getServiceState('strategy')).toThrow(UserError);
    await orchestrator.stop();
  });

  it('a strategy that throws is reported as a UserError that keeps the thrown error as its cause', () => {
    const cause = new TypeError('rows[3] is undefined');
    const error = new StrategyEvaluationError('breakout', 'EURUSD', '5', Date.UTC(2025, 0, 6, 10), cause);
    expect(error).toBeInstanceOf(UserError);
    expect(error.exitCode).toBe(exitCodes.userError);
    expect(error.cause).toBe(cause);
    expect(error.message).toBe(
      'strategy "breakout" failed on EURUSD/5 at 2025-01-06T10:00:00.000Z: rows[3] is undefined',
    );
  });
});

describe('internal faults stay plain errors (the command line reports them as internal, exit 1)', () => {
  it.each([
    ['ServiceNotRunningError', new ServiceNotRunningError('data_fetching', 'STOPPED')],
    ['UnknownServiceError', new UnknownServiceError('data_fetching')],
    ['StoreConsistencyError', new StoreConsistencyError('id', 'already filled: a second fill')],
    ['EventBusOverflowError', new EventBusOverflowError('NewCandleEvent', 10)],
    ['InjectedFault', new InjectedFault('strategy_evaluation', 'IndicatorsCalculatedEvent', 1)],
  ])('%s is not a UserError', (_name, error) => {
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(UserError);
  });
});
