import { describe, expect, it } from 'vitest';
import { OptimizeInputError } from '../../../src/optimize/optimizeInputError.js';
import { parseParameterRange } from '../../../src/optimize/parameterRange.js';

describe('parseParameterRange', () => {
  it('a START:END:STEP range includes both ends when the step lands on the end', () => {
    expect(parseParameterRange('ema_fast.period=5:30:5')).toEqual({
      name: 'ema_fast.period',
      values: [5, 10, 15, 20, 25, 30],
    });
  });

  it('fractional steps give the decimals as written, not float sums', () => {
    expect(parseParameterRange('ema_cross.stop_loss_atr=1:2:0.1').values).toEqual([
      1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2,
    ]);
  });

  it('a 0.1:0.3:0.1 range gives exactly 0.1, 0.2 and 0.3, the end included despite float sums', () => {
    expect(parseParameterRange('bb.std_dev=0.1:0.3:0.1').values).toEqual([0.1, 0.2, 0.3]);
  });

  it('a step written with an exponent keeps the decimals of its mantissa too (1.5e-7 has 8 places)', () => {
    expect(parseParameterRange('x=0:0.0000006:1.5e-7').values).toEqual([0, 1.5e-7, 3e-7, 4.5e-7, 6e-7]);
  });

  it('a list gives exactly its values', () => {
    expect(parseParameterRange('rsi.period=7,14,21').values).toEqual([7, 14, 21]);
  });

  it.each([
    ['ema_fast.period', /expected NAME=START:END:STEP/],
    ['ema_fast.period=30:5:5', /the range is empty \(START 30 > END 5\)/],
    ['ema_fast.period=5:30:0', /STEP must be positive/],
    ['ema_fast.period=5:30', /three numbers/],
    ['ema_fast.period=0x10:30:5', /START must be a decimal number, got "0x10"/],
    ['ema_fast.period=5,5', /listed twice/],
    ['1bad=1:2:1', /is not a parameter name/],
    ['x=1:1000000:1', /at most 10000 per parameter/],
  ])('%s is refused with a message naming the problem', (text, message) => {
    expect(() => parseParameterRange(text)).toThrow(OptimizeInputError);
    expect(() => parseParameterRange(text)).toThrow(message);
  });
});
