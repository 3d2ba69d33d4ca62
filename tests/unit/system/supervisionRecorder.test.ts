import { describe, expect, it } from 'vitest';
import type { TradingOrchestrator } from '../../../src/actors/tradingOrchestrator.js';
import { EventBus } from '../../../src/bus/eventBus.js';
import { EventFactory } from '../../../src/events/eventFactory.js';
import { incidentLimit, SupervisionRecorder } from '../../../src/system/supervisionRecorder.js';
import { SimulatedClock } from '../../../src/util/clock.js';
import { createIdGenerator } from '../../../src/util/idGenerator.js';
import { quietSupervision } from '../../support/supervisionSummaries.js';

const T0 = Date.parse('2025-01-06T00:00:00Z');
const minute = 60_000;
const iso = (time: number) => new Date(time).toISOString();

/** What the recorder reads from the orchestrator: its context's record, its status and each service's state. */
interface OrchestratorRecord {
  failureCounts?: Record<string, number>;
  restartCounts?: Record<string, number>;
  escalation?: { service: string; reason: string; error?: string };
  onIntensityExceeded?: 'degrade' | 'stop';
  status?: string;
  states?: Record<string, { state: string; error?: string }>;
}

function fakeOrchestrator(record: OrchestratorRecord): TradingOrchestrator {
  const context = {
    failureCounts: record.failureCounts ?? {},
    restartCounts: record.restartCounts ?? {},
    escalation: record.escalation,
    policy: { onIntensityExceeded: record.onIntensityExceeded ?? 'degrade' },
  };
  return {
    actor: { getSnapshot: () => ({ context }) },
    getStatus: () => record.status ?? 'running',
    lifecycleOf: (name: string) => record.states?.[name] ?? { state: 'RUNNING' },
  } as unknown as TradingOrchestrator;
}

function setup() {
  const clock = new SimulatedClock(T0);
  const bus = new EventBus({ mode: 'sync' });
  const events = new EventFactory(clock, createIdGenerator(1));
  const recorder = new SupervisionRecorder(bus, clock);
  const fail = (service: string, error: string) =>
    bus.publish(events.create('ServiceFailedEvent', { service, error }));
  const reach = (service: string, to: string) =>
    bus.publish(
      events.create('ServiceStateChangedEvent', { service, from: 'INITIALIZING', to, reason: 'test' }),
    );
  return { clock, recorder, fail, reach };
}

describe('SupervisionRecorder', () => {
  it('reports ok with exit code 0 when no service failed', () => {
    const { recorder } = setup();
    expect(recorder.summary(fakeOrchestrator({}))).toEqual(quietSupervision);
  });

  it('reports a failure followed by a restart as recovered (exit code 4), from failure to recovery', () => {
    const { clock, recorder, fail, reach } = setup();
    clock.advanceTo(T0 + minute);
    fail('strategy_evaluation', 'boom');
    clock.advanceTo(T0 + 3 * minute);
    reach('strategy_evaluation', 'INITIALIZING');
    reach('strategy_evaluation', 'RUNNING');
    reach('data_fetching', 'RUNNING');
    const summary = recorder.summary(
      fakeOrchestrator({
        failureCounts: { strategy_evaluation: 1 },
        restartCounts: { strategy_evaluation: 1 },
      }),
    );
    expect(summary).toMatchObject({
      status: 'recovered',
      exit_code: 4,
      failures: 1,
      restarts: 1,
      services: { strategy_evaluation: { failures: 1, restarts: 1, state: 'RUNNING', last_error: 'boom' } },
      affected_period: { from: iso(T0 + minute), to: iso(T0 + 3 * minute) },
      incidents: [
        {
          service: 'strategy_evaluation',
          error: 'boom',
          failed_at: iso(T0 + minute),
          recovered_at: iso(T0 + 3 * minute),
        },
      ],
    });
  });

  it('reports a service left down as degraded, affected until now, with the last error from its lifecycle', () => {
    const { clock, recorder, fail } = setup();
    fail('data_fetching', 'feed down');
    clock.advanceTo(T0 + 10 * minute);
    const summary = recorder.summary(
      fakeOrchestrator({
        failureCounts: { data_fetching: 1, trade_execution: 2 },
        states: {
          data_fetching: { state: 'FAILED' },
          trade_execution: { state: 'RUNNING', error: 'broker slow' },
        },
      }),
    );
    expect(summary.status).toBe('degraded');
    expect(summary.exit_code).toBe(3);
    expect(summary.affected_period).toEqual({ from: iso(T0), to: iso(T0 + 10 * minute) });
    expect(summary.incidents[0]?.recovered_at).toBeNull();
    // A failure seen only by the orchestrator (none on this bus) still names the lifecycle's error.
    expect(summary.services.trade_execution?.last_error).toBe('broker slow');
  });

  it('names the escalation, as degraded or stopped by the policy', () => {
    const { recorder, fail } = setup();
    fail('strategy_evaluation', 'boom');
    const escalation = {
      service: 'strategy_evaluation',
      reason: 'restart intensity exceeded',
      error: 'boom',
    };
    const degraded = recorder.summary(fakeOrchestrator({ escalation }));
    expect(degraded.status).toBe('degraded');
    expect(degraded.escalation).toEqual({
      service: 'strategy_evaluation',
      reason: 'restart intensity exceeded',
      last_error: 'boom',
      at: iso(T0),
    });
    expect(recorder.summary(fakeOrchestrator({ escalation, onIntensityExceeded: 'stop' })).status).toBe(
      'stopped',
    );
  });

  it('reports a degraded orchestrator as degraded even when every incident recovered', () => {
    const { recorder, fail, reach } = setup();
    fail('data_fetching', 'x');
    reach('data_fetching', 'RUNNING');
    expect(recorder.summary(fakeOrchestrator({ status: 'degraded' })).status).toBe('degraded');
  });

  it(`lists the first ${incidentLimit} incidents and counts the rest`, () => {
    const { recorder, fail, reach } = setup();
    for (let count = 0; count < incidentLimit + 5; count++) {
      fail('data_fetching', `failure ${count}`);
      reach('data_fetching', 'RUNNING');
    }
    const summary = recorder.summary(fakeOrchestrator({}));
    expect(summary.incidents).toHaveLength(incidentLimit);
    expect(summary.incidents_omitted).toBe(5);
    expect(summary.failures).toBe(incidentLimit + 5);
  });
});
