import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { fakeCliIO } from '../../support/fakeCliIO.js';

const root = join(import.meta.dirname, '..', '..', '..');

describe('tradestate strategies', () => {
  it('lists each built-in type with its parameters, types, defaults and descriptions', async () => {
    const { io, stdout } = fakeCliIO();
    expect(await main(['strategies'], io)).toBe(0);
    const text = stdout();
    expect(text).toMatch(/^ema_crossover: Long when the fast EMA crosses above the slow EMA/m);
    expect(text).toMatch(/^ {2}confirm_bars\s+integer\s+0\s+Closed bars the cross must hold/m);
    expect(text).toMatch(
      /^ {2}oversold\s+number\s+30\s+Level below which the market is oversold \(> 0, < 100\)/m,
    );
    expect(text).toMatch(/^bollinger_breakout: /m);
  });

  it('adds the types a --strategies module exports, as JSON when asked', async () => {
    const { io, stdout } = fakeCliIO({ cwd: root });
    const code = await main(
      ['strategies', '--strategies', 'examples/strategies/closeBreakout.js', '--format', 'json'],
      io,
    );
    expect(code).toBe(0);
    const listing = JSON.parse(stdout()) as Array<{
      type: string;
      parameters: Array<{ name: string; default: unknown }>;
    }>;
    expect(listing.map((entry) => entry.type)).toEqual([
      'bollinger_breakout',
      'close_breakout',
      'ema_crossover',
      'rsi_mean_reversion',
    ]);
    expect(listing[1]?.parameters).toMatchObject([{ name: 'lookback', default: 5 }]);
  });

  it('refuses a --strategies module that reuses the type name of a built-in strategy, exit 2', async () => {
    const { io, stderr } = fakeCliIO({ cwd: root });
    const module = 'tests/fixtures/strategies/modules/builtinTypeAgain.mjs';
    expect(await main(['strategies', '--strategies', module], io)).toBe(2);
    expect(stderr()).toContain(
      `--strategies ${module}: type "ema_crossover" is already a built-in strategy; rename it`,
    );
  });

  it('rejects an unknown format with exit code 2 naming the value', async () => {
    const { io, stderr } = fakeCliIO();
    expect(await main(['strategies', '--format', 'yaml'], io)).toBe(2);
    expect(stderr()).toContain('--format must be text or json, got "yaml"');
  });
});
