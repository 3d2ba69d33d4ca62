/** An event type that no state accepts: what "an unexpected event" is sent as in model tests. */
export const UNACCEPTED_EVENT = 'tradestate.testing.UNACCEPTED';

/**
 * What happens, in words, for an event type of a machine: XState's own events become `initialize succeeds`,
 * `worker fails`, `initTimeout expires`, `a child finishes`, an eventless transition `always`; others stay
 * as they are.
 *
 * @example
 * ```ts
 * describeEvent('xstate.done.actor.initialize'); // 'initialize succeeds'
 * describeEvent('xstate.after.restartDelay.orchestrator.RUNNING.supervision.BACKOFF'); // 'restartDelay expires'
 * ```
 */
export function describeEvent(eventType: string): string {
  const actor = /^xstate\.(done|error)\.actor\.(.+)$/.exec(eventType);
  if (actor) {
    const done = actor[1] === 'done';
    if (actor[2] === '*') return done ? 'a child finishes' : 'a child fails';
    return `${actor[2]} ${done ? 'succeeds' : 'fails'}`;
  }
  const delay = /^xstate\.after\.([^.]+)\./.exec(eventType);
  if (delay) return `${delay[1]} expires`;
  if (eventType === '*' || eventType === UNACCEPTED_EVENT) return 'an event it does not accept';
  if (eventType === '') return 'always';
  return eventType;
}
