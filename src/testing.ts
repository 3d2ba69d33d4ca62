/**
 * `tradestate/testing`: what unit tests of strategies, services and embedding programs need, without a
 * broker, a feed or a real bus, and model-based tests of your own services' lifecycle and supervision.
 *
 * @example
 * ```ts
 * import { EventBuilders, FakeBroker, MockEventBus } from 'tradestate/testing';
 *
 * const bus = new MockEventBus();
 * const events = new EventBuilders();
 * bus.publish(events.newCandle());
 * expect(bus.hasPublished('NewCandleEvent')).toBe(true);
 * ```
 *
 * @packageDocumentation
 */
export { MockEventBus } from './bus/mockEventBus.js';
export { ControlledService, type HookOutcome } from './testing/controlledService.js';
export { EventBuilders } from './testing/eventBuilders.js';
export { FakeBroker } from './testing/fakeBroker.js';
export { InjectedHookFailure } from './testing/injectedHookFailure.js';
export {
  describeEvent,
  edgesTaken,
  type ModelPath,
  type ModelStep,
  machineEdges,
  machineEvents,
  modelPaths,
} from './testing/lifecyclePaths.js';
export type { ModelOptions } from './testing/modelHarness.js';
export type { ModelReport, RunnablePath } from './testing/modelReport.js';
export { ModelTestError } from './testing/modelTestError.js';
export { type ServiceLifecycleModel, serviceLifecycleModel } from './testing/serviceLifecycleModel.js';
export {
  expectedRestarts,
  type SupervisionModel,
  type SupervisionModelOptions,
  supervisionModel,
} from './testing/supervisionModel.js';
export { SimulatedClock } from './util/clock.js';
