import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type SystemConfigInput, SystemConfigSchema } from '../../../src/config/systemConfig.js';
import { PaperBroker } from '../../../src/execution/paperBroker.js';
import { PositionSizer } from '../../../src/execution/positionSizer.js';
import { CurrencyConverter } from '../../../src/instruments/currencyConverter.js';
import { resolveInstrument } from '../../../src/instruments/instrumentProfile.js';
import { priceScaleWarnings } from '../../../src/instruments/priceScaleWarnings.js';

const trading = (input: SystemConfigInput['trading'] = {}) =>
  SystemConfigSchema.parse({ trading: input }).trading;
const risk = SystemConfigSchema.parse({}).risk;

function msftBars() {
  const lines = readFileSync(
    new URL('../../fixtures/market/msft_2000_2001_daily.csv', import.meta.url),
    'utf8',
  )
    .trim()
    .split('\n')
    .slice(1);
  return lines.map((line) => {
    const [, open, high, low, close] = line.split(',').map(Number);
    return { open: open!, high: high!, low: low!, close: close! };
  });
}

describe('instrument profiles', () => {
  it('knows currency pairs: base, quote, 100,000-unit lots, JPY pips of 0.01, 30:1 margin', () => {
    expect(resolveInstrument('USDJPY', trading())).toMatchObject({
      assetClass: 'fx',
      baseCurrency: 'USD',
      quoteCurrency: 'JPY',
      contractSize: 100_000,
      pipSize: 0.01,
      tickSize: 0.001,
      lotStep: 0.01,
      source: 'built-in',
    });
    expect(resolveInstrument('EUR/GBP', trading()).quoteCurrency).toBe('GBP');
    expect(resolveInstrument('EURUSD', trading()).marginRate).toBeCloseTo(1 / 30, 12);
  });

  it('knows gold and silver against a currency: 100-ounce lots, pips of 0.1, 5 % margin', () => {
    for (const symbol of ['XAUUSD', 'XAG/EUR']) {
      expect(resolveInstrument(symbol, trading())).toMatchObject({
        assetClass: 'fx',
        contractSize: 100,
        pipSize: 0.1,
        tickSize: 0.01,
        marginRate: 0.05,
        source: 'built-in',
      });
    }
  });

  it('does not take gold at 2,000 for a mis-scaled currency pair', () => {
    const gold = [{ low: 1_985.4, high: 2_031.7 }];
    expect(priceScaleWarnings('XAUUSD', gold, trading())).toEqual([]);
    // The same prices on a pair that trades near 1 are a sign of the wrong data or profile.
    expect(priceScaleWarnings('EURUSD', gold, trading())[0]).toMatch(
      /^EURUSD trades at 1985\.40–2031\.70 but is set up like a currency pair/,
    );
  });

  it('gives a stock whole shares, a cent tick and 50 % margin; a coin 0.0001 steps without leverage', () => {
    const stock = resolveInstrument('MSFT', trading({ instruments: { MSFT: { asset_class: 'stock' } } }));
    expect(stock).toMatchObject({ contractSize: 1, tickSize: 0.01, lotStep: 1, minSize: 1, marginRate: 0.5 });
    expect(resolveInstrument('BTCUSDT', trading())).toMatchObject({
      assetClass: 'crypto',
      baseCurrency: 'BTC',
      quoteCurrency: 'USDT',
      lotStep: 0.0001,
      marginRate: 1,
    });
  });

  it('lets the config override any field of the profile', () => {
    const profile = resolveInstrument(
      'GER40',
      trading({
        instruments: {
          GER40: { asset_class: 'index', quote_currency: 'EUR', tick_size: 0.5, margin_rate: 0.05 },
        },
      }),
    );
    expect(profile).toMatchObject({
      assetClass: 'index',
      quoteCurrency: 'EUR',
      tickSize: 0.5,
      source: 'config',
    });
  });

  it('sizes a stock in whole shares and refuses less than one share', () => {
    const settings = trading({
      instruments: { MSFT: { asset_class: 'stock' } },
      sizing: { mode: 'risk_percent', risk_percent: 1 },
    });
    const sizer = new PositionSizer(settings, { ...risk, max_position_size: 1e6 }, (symbol) =>
      resolveInstrument(symbol, settings),
    );
    const account = {
      balance: 100_000,
      equity: 100_000,
      realizedPnl: 0,
      unrealizedPnl: 0,
      peakEquity: 100_000,
      dailyRealizedPnl: 0,
      dayStart: 0,
      commissionPaid: 0,
    };
    // 1,000 risked over a 2.06 stop distance: 485.4 shares, rounded down to 485.
    expect(
      sizer.evaluate({ symbol: 'MSFT', price: 60, stopLoss: 57.94, direction: 'long' }, account),
    ).toEqual({ size: 485 });
    expect(
      sizer.evaluate(
        { symbol: 'MSFT', price: 60, stopLoss: 57.94, direction: 'long' },
        { ...account, equity: 100 },
      ),
    ).toEqual({
      size: 0,
      reason: 'size_below_minimum',
    });
  });

  it('rounds stock fills to the cent', () => {
    const settings = trading({
      symbol: 'MSFT',
      instruments: { MSFT: { asset_class: 'stock' } },
      broker: { spread_pips: 2, slippage_pips: 1 },
    });
    const broker = new PaperBroker({ trading: settings });
    const fill = broker.placeOrder({
      clientOrderId: 'a',
      symbol: 'MSFT',
      direction: 'long',
      size: 10,
      intent: 'open',
      strategyName: 's',
      referencePrice: 63.4375,
      time: 0,
    });
    // 63.4375 + 1 cent (half the 2-cent spread) + 1 cent slippage = 63.4575, rounded to the cent tick.
    expect(fill.price).toBe(63.46);
  });
});

describe('price scale check before a run', () => {
  it('warns that MSFT with the FX defaults is set up like a currency pair and names the setting', () => {
    const [warning] = priceScaleWarnings('MSFT', msftBars(), trading());
    expect(warning).toMatch(/^MSFT trades at 40\.31–76\.15 but is set up like a currency pair/);
    expect(warning).toContain('trading.instruments.MSFT.asset_class: stock');
  });

  it('says nothing for MSFT as a stock or for EURUSD at its usual scale', () => {
    expect(
      priceScaleWarnings('MSFT', msftBars(), trading({ instruments: { MSFT: { asset_class: 'stock' } } })),
    ).toEqual([]);
    expect(priceScaleWarnings('EURUSD', [{ low: 1.05, high: 1.12 }], trading())).toEqual([]);
  });
});

describe('currency conversion', () => {
  it('converts through another traded symbol at its latest price', () => {
    const settings = trading({ symbols: ['EURGBP', 'GBPUSD'] });
    const converter = CurrencyConverter.forProfiles(
      settings.symbols!.map((symbol) => resolveInstrument(symbol, settings)),
      settings,
    );
    expect(converter.rate('EURGBP', 0.85, { GBPUSD: 1.27 }, 0)).toBe(1.27);
    expect(converter.rate('GBPUSD', 1.27, {}, 0)).toBe(1);
  });
});
