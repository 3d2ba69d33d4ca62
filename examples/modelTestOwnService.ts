/**
 * Model-based tests of your own service, with any runner (or none): every edge of the lifecycle machine is
 * driven against the real service, then supervision with each restart strategy.
 *
 *   npx tsx examples/modelTestOwnService.ts            # passes, prints the edges covered
 *   npx tsx examples/modelTestOwnService.ts --broken   # a shutdown that never finishes: fails, naming the edge
 */
import { ModelTestError, serviceLifecycleModel, supervisionModel } from 'tradestate/testing';
import { brokenCandleCounter, candleCounter } from './candleCounterService.js';

const service = process.argv.includes('--broken') ? brokenCandleCounter : () => candleCounter();

try {
  // One fresh service per path; a step may take up to 2 s to reach the state the model expects.
  const lifecycle = await serviceLifecycleModel(service, { patienceMs: 2_000 }).assert();
  console.log(lifecycle.summary());

  // The service next to another one under the orchestrator, with one_for_one, one_for_all, rest_for_one.
  const supervision = await supervisionModel(() => [
    candleCounter(),
    candleCounter({ name: 'audit_counter' }),
  ]).assert();
  console.log(supervision.summary());
} catch (error) {
  if (!(error instanceof ModelTestError)) throw error;
  console.error(`model test failed on ${error.edges.join('; ')}:\n${error.message}`);
  process.exitCode = 1;
}
