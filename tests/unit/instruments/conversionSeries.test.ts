import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors/userError.js';
import { PaperBroker } from '../../../src/execution/paperBroker.js';
import { ConversionSeriesError } from '../../../src/instruments/conversionSeries.js';
import { MissingConversionError } from '../../../src/instruments/missingConversionError.js';
import { at, makeConfig, order } from '../execution/executionFixtures.js';

const directory = mkdtempSync(join(tmpdir(), 'conversion-series-'));

/** A bar file whose bars open at the given times and close at the given prices. */
function barFile(name: string, bars: [string, number][]): string {
  const path = join(directory, name);
  const rows = bars.map(([iso, close]) => `${iso},${close},${close},${close},${close},1`);
  writeFileSync(path, ['timestamp,open,high,low,close,volume', ...rows].join('\n'));
  return path;
}

const gbpusd = barFile('gbpusd.csv', [
  ['2025-01-06T09:00:00Z', 1.25],
  ['2025-01-06T10:00:00Z', 1.26],
  ['2025-01-06T11:00:00Z', 1.3],
]);

function eurgbpBroker(series: Record<string, string>) {
  const frictionless = { spread_pips: 0, slippage_pips: 0, commission_per_lot: 0 };
  const { trading } = makeConfig({ symbol: 'EURGBP', broker: frictionless, conversion_series: series });
  return new PaperBroker({ trading });
}

const eurgbp = (fields: Parameters<typeof order>[0]) =>
  order({ symbol: 'EURGBP', size: 1, strategyName: 's', ...fields });

/** Opens an EURGBP position at `entry` (price, time) and closes it at `exit`; returns the closing fill. */
function roundTrip(
  broker: PaperBroker,
  entry: [number, string],
  exit: [number, string],
  fields: Parameters<typeof order>[0] = {},
) {
  const id = `${fields.direction ?? 'long'}-${entry[1]}`;
  broker.placeOrder(
    eurgbp({ ...fields, clientOrderId: `${id}:open`, referencePrice: entry[0], time: at(entry[1]) }),
  );
  return broker.placeOrder(
    eurgbp({
      ...fields,
      clientOrderId: `${id}:close`,
      intent: 'close',
      referencePrice: exit[0],
      time: at(exit[1]),
    }),
  );
}

describe('conversion series from a bar file (EURGBP in a USD account)', () => {
  it('books each PnL in dollars at the GBPUSD close of its moment: two trades by hand', () => {
    const broker = eurgbpBroker({ 'GBP/USD': gbpusd });
    const first = roundTrip(broker, [0.84, '2025-01-06T09:00:00Z'], [0.85, '2025-01-06T10:00:00Z']);
    // (0.85 − 0.84) × 1 lot × 100,000 = 1,000 GBP, at the 10:00 GBPUSD close 1.26 = 1,260 USD.
    expect(first.realizedPnl).toBe(1260);
    const second = roundTrip(broker, [0.85, '2025-01-06T10:30:00Z'], [0.853, '2025-01-06T11:15:00Z'], {
      direction: 'short',
      size: 0.5,
    });
    // Short 0.5 lot from 0.85 to 0.853: −0.003 × 50,000 = −150 GBP, at the 11:00 close 1.30 = −195 USD.
    expect(second.realizedPnl).toBe(-195);
    expect(broker.getAccount().balance).toBe(10_000 + 1260 - 195);
  });

  it('a series of the pair written the other way round (USD/GBP) is inverted', () => {
    const usdgbp = barFile('usdgbp.csv', [['2025-01-06T09:00:00Z', 0.8]]);
    const broker = eurgbpBroker({ 'USD/GBP': usdgbp });
    const fill = roundTrip(broker, [0.84, '2025-01-06T09:00:00Z'], [0.85, '2025-01-06T09:30:00Z']);
    expect(fill.realizedPnl).toBe(1250); // 1,000 GBP / 0.8
  });

  it('a missing series file stops the broker from being built, naming the setting and the path', () => {
    const missing = join(directory, 'absent.csv');
    expect(() => eurgbpBroker({ 'GBP/USD': missing })).toThrow(ConversionSeriesError);
    expect(() => eurgbpBroker({ 'GBP/USD': missing })).toThrow(
      `trading.conversion_series."GBP/USD": cannot read ${missing}`,
    );
  });

  it('an amount before the series starts is an error naming the series, not a silent rate', () => {
    const broker = eurgbpBroker({ 'GBP/USD': gbpusd });
    expect(() => roundTrip(broker, [0.84, '2025-01-06T09:00:00Z'], [0.85, '2025-01-06T08:00:00Z'])).toThrow(
      /conversion_series."GBP\/USD".*starts at 2025-01-06T09:00:00.000Z/,
    );
  });

  it('without any conversion the broker is not built: a user error that names conversion_series', () => {
    const error = (() => {
      try {
        eurgbpBroker({});
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(MissingConversionError);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toContain('trading.conversion_series');
  });
});
