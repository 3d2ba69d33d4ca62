import { describe, expect, it } from 'vitest';
import { plainDecimal } from '../../../src/market/plainDecimal.js';
import { decimalNumber } from '../../../src/util/decimalNumber.js';
import { SeededRandom } from '../../../src/util/random.js';

const whole = (text: string) => plainDecimal(text, 0, text.length);

describe('plainDecimal', () => {
  it('equals Number() bit for bit on random prices, volumes and signs of up to 15 digits', () => {
    const random = new SeededRandom(7);
    for (let round = 0; round < 20_000; round++) {
      const integerDigits = Math.floor(random.next() * 8);
      const fractionDigits = Math.floor(random.next() * (15 - integerDigits));
      const digits = (count: number) =>
        Array.from({ length: count }, () => Math.floor(random.next() * 10)).join('');
      const sign = ['', '-', '+'][Math.floor(random.next() * 3)]!;
      const text = `${sign}${digits(integerDigits)}${fractionDigits > 0 || integerDigits === 0 ? '.' : ''}${digits(fractionDigits)}`;
      const expected = decimalNumber.test(text) ? Number(text) : Number.NaN;
      expect(Object.is(whole(text), expected), text).toBe(true);
    }
  });

  it('reads the edge shapes as Number() does', () => {
    for (const text of [
      '0',
      '-0',
      '+0',
      '.5',
      '3.',
      '-.25',
      '123456789012345',
      '0.00000000000001',
      '1.08423',
    ])
      expect(Object.is(whole(text), Number(text)), text).toBe(true);
  });

  it('leaves everything else to the general path (NaN)', () => {
    for (const text of [
      '',
      '-',
      '+',
      '.',
      '1e3',
      '1.2.3',
      ' 1',
      '1 ',
      '"1"',
      '0x10',
      'Infinity',
      '1,5',
      '1234567890123456',
    ])
      expect(whole(text), text).toBeNaN();
  });

  it('reads a field inside a line without slicing it', () => {
    const line = '2025-01-06T00:00:00Z,1.08423,1.0845';
    expect(plainDecimal(line, 21, 28)).toBe(1.08423);
    expect(plainDecimal(line, 29, line.length)).toBe(1.0845);
  });
});
