import {
  BadRequest,
  BadSymbol,
  InsufficientFunds,
  InvalidOrder,
  OperationRejected,
  PermissionDenied,
} from 'ccxt';

/**
 * A short reason (for the run summary and the logs) when `error` is the exchange refusing an order, as
 * opposed to failing to answer (then undefined: the order may have arrived).
 *
 * @example
 * ```ts
 * refusalReason(new InsufficientFunds('binance Account has insufficient balance')); // 'insufficient_funds'
 * ```
 */
export function refusalReason(error: unknown): string | undefined {
  if (error instanceof InsufficientFunds) return 'insufficient_funds';
  if (error instanceof BadSymbol) return 'unknown_symbol';
  if (error instanceof PermissionDenied) return 'permission_denied';
  if (error instanceof InvalidOrder || error instanceof BadRequest || error instanceof OperationRejected)
    return 'exchange_rejected';
  return undefined;
}
