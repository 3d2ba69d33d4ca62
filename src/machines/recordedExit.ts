import { exitOf } from './orchestratorSteps.js';
import type { ExitEvent, OrchestratorContext } from './orchestratorTypes.js';
import type { RestartMark } from './supervisionPolicy.js';

/**
 * What recording an exit changes in the context, the exit stamped with `mark` (control time and bars
 * processed). The machine stamps with zeros (pure, no clock); `src/actors` binds `recordExit` to the
 * control clock and the bar counter.
 */
export function recordedExit(
  context: OrchestratorContext,
  event: ExitEvent,
  mark: RestartMark,
): Partial<OrchestratorContext> {
  const exit = exitOf(event, mark);
  return {
    lastExit: exit,
    ended: { ...context.ended, [exit.service]: exit },
    failureCounts:
      exit.kind === 'failed'
        ? { ...context.failureCounts, [exit.service]: (context.failureCounts[exit.service] ?? 0) + 1 }
        : context.failureCounts,
  };
}
