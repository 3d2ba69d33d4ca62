import type { AuthorizationChange, ExecutionResult } from './executionTypes.js';

/**
 * A fill that also found its symbol's reported block gone carries that news.
 *
 * @example
 * ```ts
 * const result = withAuthorization({ status: 'filled', fill, order }, change.becameAuthorized);
 * ```
 */
export function withAuthorization(
  result: ExecutionResult,
  becameAuthorized: NonNullable<AuthorizationChange['becameAuthorized']>,
): ExecutionResult {
  return result.status === 'filled' ? { ...result, becameAuthorized } : result;
}
