type ExitAction = 'removeChild' | 'recordExit' | 'reportExit' | 'recordStartFailure' | 'decide';

/** The transition taken when a supervised service finishes (its `xstate.done/error.actor.<name>`). */
export function onServiceExit(target: string, extra: ExitAction[] = []) {
  const actions: ExitAction[] = ['removeChild', 'recordExit', 'reportExit', ...extra];
  return { guard: 'isServiceExit' as const, target, actions };
}

/** Toward DECIDING: the exit is recorded, then the policy's decision about it is stored in the context. */
export function onServiceExitDecide() {
  return onServiceExit('DECIDING', ['decide']);
}
