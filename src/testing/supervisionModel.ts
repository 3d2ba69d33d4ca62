import type { AnyServiceDefinition } from '../actors/defineService.js';
import { startOrderOf } from '../actors/orchestratorOptions.js';
import type { SupervisionStrategy } from '../machines/supervisionPolicy.js';
import { ControlledService } from './controlledService.js';
import { crashHandler, defaultPatienceMs, eventually, type ModelOptions, settle } from './modelHarness.js';
import { assertReport, type ModelReport, type RunnablePath, runPaths } from './modelReport.js';
import { ModelTestError } from './modelTestError.js';
import { startSupervised, supervisedState } from './supervisedRestartPath.js';

/**
 * Options of `supervisionModel`.
 *
 * @example
 * ```ts
 * const options: SupervisionModelOptions = { strategies: ['one_for_all'], patienceMs: 5_000 };
 * ```
 */
export interface SupervisionModelOptions extends ModelOptions {
  /** Strategies to test (default: all three). */
  strategies?: SupervisionStrategy[];
}

/**
 * The supervision model of a set of services: for each strategy and each service failing, which services
 * the orchestrator must restart, and that it does.
 *
 * @example
 * ```ts
 * declare const feed: () => AnyServiceDefinition;
 * declare const signals: () => AnyServiceDefinition;
 * const model: SupervisionModel = supervisionModel(() => [feed(), signals()]);
 * await model.assert();
 * ```
 */
export interface SupervisionModel {
  paths: RunnablePath[];
  run(): Promise<ModelReport>;
  assert(): Promise<ModelReport>;
}

/**
 * Which services a failure restarts, by the OTP rules the orchestrator implements: `one_for_one` the failed
 * one, `one_for_all` all, `rest_for_one` the failed one and those started after it; a `temporary` service is
 * never restarted (and a failed temporary one restarts nothing).
 *
 * @example
 * ```ts
 * expectedRestarts('rest_for_one', 'b', ['a', 'b', 'c'], new Set()); // { restarted: ['b', 'c'], gone: [] }
 * ```
 */
export function expectedRestarts(
  strategy: SupervisionStrategy,
  failed: string,
  order: readonly string[],
  temporary: ReadonlySet<string>,
): { restarted: string[]; gone: string[] } {
  if (temporary.has(failed)) return { restarted: [], gone: [failed] };
  const affected =
    strategy === 'one_for_one'
      ? [failed]
      : strategy === 'one_for_all'
        ? [...order]
        : order.slice(order.indexOf(failed));
  return {
    restarted: affected.filter((name) => !temporary.has(name)),
    gone: affected.filter((name) => temporary.has(name)),
  };
}

async function runCase(
  make: () => AnyServiceDefinition[],
  strategy: SupervisionStrategy,
  failing: string,
  edge: string,
  options: ModelOptions,
): Promise<void> {
  const patienceMs = options.patienceMs ?? defaultPatienceMs;
  const controlled = make().map((definition) => new ControlledService(definition));
  for (const each of controlled) each.gated = false;
  const { orchestrator, bus } = await startSupervised(controlled, options, { strategy });
  try {
    const temporary = new Set(
      controlled
        .filter((each) => each.definition.restart === 'temporary')
        .map((each) => each.definition.name),
    );
    const expected = expectedRestarts(strategy, failing, orchestrator.serviceNames, temporary);
    const restarts = new Set(expected.restarted);
    const wanted = (each: ControlledService) => (restarts.has(each.definition.name) ? 2 : 1);
    const expectRunning = (each: ControlledService) => !expected.gone.includes(each.definition.name);
    crashHandler(controlled.find((each) => each.definition.name === failing)!, bus);
    const done = () =>
      controlled.every(
        (each) =>
          each.calls.initialize === wanted(each) &&
          (!expectRunning(each) || supervisedState(orchestrator, each.definition.name) === 'RUNNING'),
      );
    // Once there, a little longer: a restart too many would show now.
    let settled = await eventually(done, patienceMs);
    if (settled) {
      await settle(10);
      settled = done();
    }
    if (!settled) {
      const seen = controlled
        .map(
          (each) =>
            `${each.definition.name}: ${each.calls.initialize}× initialize, ${supervisedState(orchestrator, each.definition.name) ?? 'gone'}`,
        )
        .join('; ');
      throw new ModelTestError(
        `edge "${edge}" failed: expected a restart of ${[...restarts].join(', ') || 'nothing'} (start order ${orchestrator.serviceNames.join(', ')}); after ${patienceMs} ms: ${seen}`,
        [edge],
      );
    }
    const notStopped = controlled.filter(
      (each) =>
        restarts.has(each.definition.name) && each.definition.name !== failing && each.calls.shutdown !== 1,
    );
    if (notStopped.length > 0) {
      throw new ModelTestError(
        `edge "${edge}" failed: ${notStopped.map((each) => each.definition.name).join(', ')} restarted without being shut down first`,
        [edge],
      );
    }
  } finally {
    await orchestrator.stop();
  }
}

/**
 * Model-based test of supervision for a user's set of services: for each restart strategy and each service,
 * the service's handler throws under a real `TradingOrchestrator` and the test checks that exactly the
 * services the strategy names run `initialize` again (fresh state) after the others were shut down, and
 * that all are RUNNING again. Pass a factory: each case gets fresh definitions.
 *
 * @example
 * ```ts
 * import { supervisionModel } from 'tradestate/testing';
 *
 * declare const feedService: () => AnyServiceDefinition;
 * declare const signalService: () => AnyServiceDefinition;
 * const model = supervisionModel(() => [feedService(), signalService()], { strategies: ['one_for_one', 'rest_for_one'] });
 * for (const path of model.paths) it(path.name, () => path.run());
 * ```
 */
export function supervisionModel(
  services: () => AnyServiceDefinition[],
  options: SupervisionModelOptions = {},
): SupervisionModel {
  const strategies = options.strategies ?? ['one_for_one', 'one_for_all', 'rest_for_one'];
  const definitions = services();
  const order = startOrderOf(definitions.map((definition) => definition.name));
  const temporary = new Set(
    definitions.filter((each) => each.restart === 'temporary').map((each) => each.name),
  );
  const paths: RunnablePath[] = strategies.flatMap((strategy) =>
    order.map((failing) => {
      const restarted = expectedRestarts(strategy, failing, order, temporary).restarted;
      const edge = `${strategy}: ${failing} fails --> ${restarted.length > 0 ? `restart ${restarted.join(', ')}` : 'no restart'}`;
      return {
        name: edge,
        edge,
        edges: [edge],
        run: () => runCase(services, strategy, failing, edge, options),
      };
    }),
  );
  const edges = new Map(paths.map((path) => [path.edge, path.edge]));
  return {
    paths,
    run: () => runPaths(paths, edges),
    assert: async () => assertReport(await runPaths(paths, edges)),
  };
}
