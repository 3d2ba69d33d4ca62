import type { AnyActor, AnyActorRef } from 'xstate';

/**
 * Each service's actor as last looked up in the orchestrator's actor system, kept while it is active: the
 * system's `get` is a closure made per actor system, so code calling it once per cycle was deoptimised
 * ("wrong call target") in every trading system after the first one in a process (an optimiser worker runs
 * one per trial). The supervisor stops and spawns services in its own transitions (a new root snapshot),
 * and an actor that ends by itself leaves the active status: either way the lookup is made again.
 *
 * @example
 * ```ts
 * const lookup = new ServiceActorLookup();
 * lookup.running(orchestrator.actor, 'data_fetching'); // true while that service's machine is RUNNING
 * ```
 */
export class ServiceActorLookup {
  private readonly actors = new Map<string, AnyActorRef>();
  /** The root snapshot {@link actors} was looked up under. */
  private snapshot: unknown;

  /** `lifecycleOf(name).state === 'RUNNING'` without building the lifecycle record (once per cycle). */
  running(root: AnyActor, name: string): boolean {
    // A service without an actor has ended (FAILED, STOPPED) or not started: not running.
    const rootSnapshot = root.getSnapshot();
    if (rootSnapshot !== this.snapshot) {
      this.actors.clear();
      this.snapshot = rootSnapshot;
    }
    let child = this.actors.get(name);
    if (child?.getSnapshot().status !== 'active') {
      child = root.system.get(name);
      if (child === undefined) this.actors.delete(name);
      else this.actors.set(name, child);
    }
    return child?.getSnapshot().value === 'RUNNING';
  }
}
