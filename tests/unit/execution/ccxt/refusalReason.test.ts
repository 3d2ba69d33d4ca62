import {
  BadRequest,
  BadSymbol,
  InsufficientFunds,
  InvalidOrder,
  NetworkError,
  OperationRejected,
  PermissionDenied,
  RequestTimeout,
} from 'ccxt';
import { describe, expect, it } from 'vitest';
import { refusalReason } from '../../../../src/execution/ccxt/refusalReason.js';

describe('refusalReason', () => {
  it.each([
    [new InsufficientFunds('binance Account has insufficient balance'), 'insufficient_funds'],
    [new BadSymbol('binance does not have market symbol FOO/BAR'), 'unknown_symbol'],
    [new PermissionDenied('binance API key lacks trading permission'), 'permission_denied'],
    [new InvalidOrder('binance Filter failure: LOT_SIZE'), 'exchange_rejected'],
    [new BadRequest('binance Illegal characters found in parameter'), 'exchange_rejected'],
    [new OperationRejected('binance order would immediately match'), 'exchange_rejected'],
  ])('names the refusal %s as %s', (error, reason) => {
    expect(refusalReason(error)).toBe(reason);
  });

  it('returns undefined when the exchange failed to answer: the order may have arrived', () => {
    expect(refusalReason(new RequestTimeout('binance timed out'))).toBeUndefined();
    expect(refusalReason(new NetworkError('ECONNRESET'))).toBeUndefined();
    expect(refusalReason(new Error('socket hang up'))).toBeUndefined();
    expect(refusalReason('refused')).toBeUndefined();
  });
});
