import { describe, expect, it } from 'vitest';
import { plainNumberText } from '../../../src/util/plainNumberText.js';

describe('plainNumberText', () => {
  it('writes numbers JavaScript would put in exponent notation as plain decimals', () => {
    expect(plainNumberText(1.2e-7)).toBe('0.00000012');
    expect(plainNumberText(-4.5e-8)).toBe('-0.000000045');
    expect(plainNumberText(1.23456789e-9)).toBe('0.00000000123456789');
    expect(plainNumberText(1e21)).toBe('1000000000000000000000');
    expect(Number(plainNumberText(3.3e-7))).toBe(3.3e-7);
  });

  it('leaves every other number as String() writes it', () => {
    expect(plainNumberText(1.10006)).toBe('1.10006');
    expect(plainNumberText(0.000001)).toBe('0.000001');
    expect(plainNumberText(101234.56)).toBe('101234.56');
    expect(plainNumberText(0)).toBe('0');
  });
});
