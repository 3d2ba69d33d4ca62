import { describe, expect, it } from 'vitest';
import { blockedPanel, configPanel } from '../../../src/backtest/reportPanels.js';

/** The rows of the strategies table as [name, type, parameters, exits and filters]. */
function strategyRows(html: string): string[][] {
  const body = /<table id="strategies"[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((cell) => cell[1]!),
  );
}

describe('configPanel', () => {
  it('fills in the defaults of a built-in strategy type and lists its exits and filters', () => {
    const html = configPanel({
      services: {
        strategy_evaluation: {
          strategies: [
            { name: 'ema_cross', type: 'ema_crossover', params: { confirm_bars: 2 }, stop_loss_atr: 2 },
          ],
        },
      },
    });
    const [[name, type, parameters, rest]] = strategyRows(html) as [string[]];
    expect([name, type, rest]).toEqual(['ema_cross', 'ema_crossover', 'stop_loss_atr: 2']);
    expect(parameters).toContain('fast: &#34;ema_fast&#34;');
    expect(parameters).toContain('confirm_bars: 2');
  });

  it('shows the parameters of a type from a strategies module, or ones its built-in type refuses, as configured', () => {
    const html = configPanel({
      services: {
        strategy_evaluation: {
          strategies: [
            { name: 'mine', type: 'my_breakout', params: { lookback: 20 } },
            { name: 'odd', type: 'ema_crossover', params: { fast: '' } },
            { type: 'my_breakout' },
          ],
        },
      },
    });
    expect(strategyRows(html)).toEqual([
      ['mine', 'my_breakout', 'lookback: 20', '-'],
      ['odd', 'ema_crossover', 'fast: &#34;&#34;', '-'],
      ['', 'my_breakout', '-', '-'],
    ]);
  });

  it('says no strategies are configured when the run has no configuration', () => {
    const html = configPanel(undefined);
    expect(html).toContain('<p>No strategies configured.</p>');
    expect(html).toContain('<pre>null</pre>');
  });
});

describe('blockedPanel', () => {
  it('shows times given as numbers or ISO text to the minute, and an open end as the end of data', () => {
    const html = blockedPanel([
      { start: Date.parse('2025-01-06T10:15:00Z'), end: '2025-01-06T11:30:00.000Z', reason: 'stale_data' },
      { start: '2025-01-07T09:00:00Z', end: null, reason: 'risk_halt', detail: 'drawdown > 20%' },
    ]);
    expect(html).toContain(
      '<tr><td>2025-01-06 10:15</td><td>2025-01-06 11:30</td><td>stale_data</td><td></td></tr>',
    );
    expect(html).toContain(
      '<tr><td>2025-01-07 09:00</td><td>end of data</td><td>risk_halt</td><td>drawdown &#62; 20%</td></tr>',
    );
  });

  it('is empty when nothing was blocked', () => {
    expect(blockedPanel([])).toBe('');
  });
});
