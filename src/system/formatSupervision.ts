import type { SupervisionSummary } from './supervisionRecorder.js';

/**
 * The supervision part of a run's or a backtest's printed summary: nothing when no service failed, else
 * what happened, to which service, its last error and the affected period (market time).
 *
 * @example
 * ```ts
 * const summary = await system.run({ maxCandles: 500 });
 * process.stdout.write(formatSupervision(summary.supervision)); // nothing when no service failed
 * // Supervision      degraded (exit code 3): restart intensity exceeded: 5 restarts within 100 bars (max 5)
 * //   strategy_evaluation  FAILED after 6 failures, 5 restarts; last error: evaluate() exploded
 * //   affected         2025-01-06T10:00:00.000Z to 2025-01-06T10:05:00.000Z
 * ```
 */
export function formatSupervision(supervision: SupervisionSummary): string {
  if (supervision.status === 'ok') return '';
  const headline =
    supervision.escalation !== null
      ? supervision.escalation.reason
      : supervision.status === 'recovered'
        ? `${supervision.failures} failure(s), every service restarted`
        : 'a service was left down';
  const lines = [`Supervision      ${supervision.status} (exit code ${supervision.exit_code}): ${headline}`];
  const width = Math.max(...Object.keys(supervision.services).map((name) => name.length));
  for (const [name, service] of Object.entries(supervision.services)) {
    lines.push(
      `  ${name.padEnd(width)}  ${service.state} after ${service.failures} failure(s), ${service.restarts} restart(s); last error: ${service.last_error ?? 'none'}`,
    );
  }
  if (supervision.affected_period !== null) {
    lines.push(`  affected         ${supervision.affected_period.from} to ${supervision.affected_period.to}`);
  }
  return `${lines.join('\n')}\n`;
}
