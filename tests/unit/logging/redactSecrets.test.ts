import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../../src/logging/redactSecrets.js';

describe('redactSecrets', () => {
  it('replaces set secrets at any depth, keeps unset ones visible, and leaves the input untouched', () => {
    const config = {
      trading: { broker: { api_key: 'k-123', api_secret: 's-456', spread_pips: 0.8, token: undefined } },
      services: [{ password: 'p' }, { name: 'x' }],
      Authorization: 'Bearer abc',
      symbol: 'EURUSD',
    };
    const redacted = redactSecrets(config);
    expect(redacted).toEqual({
      trading: {
        broker: { api_key: '[REDACTED]', api_secret: '[REDACTED]', spread_pips: 0.8, token: undefined },
      },
      services: [{ password: '[REDACTED]' }, { name: 'x' }],
      Authorization: '[REDACTED]',
      symbol: 'EURUSD',
    });
    expect(config.trading.broker.api_key).toBe('k-123');
  });

  it('copies cyclic data without looping', () => {
    const node: Record<string, unknown> = { secret: 'x' };
    node.self = node;
    const copy = redactSecrets(node);
    expect(copy.secret).toBe('[REDACTED]');
    expect(copy.self).toBe(copy);
  });
});
