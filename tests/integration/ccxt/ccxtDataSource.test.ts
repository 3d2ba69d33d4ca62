import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { DataSourceConfigSchema } from '../../../src/config/systemConfig.js';
import type { Candle } from '../../../src/events/candle.js';
import type { CcxtDataSource } from '../../../src/market/ccxt/ccxtDataSource.js';
import { ExchangeSetupError } from '../../../src/market/ccxt/exchangeSetupError.js';
import { openCcxtDataSource } from '../../../src/market/ccxt/openCcxtDataSource.js';
import { CsvDataSource } from '../../../src/market/csvDataSource.js';
import { fakeCliIO } from '../../support/fakeCliIO.js';
import { SimulatedBinanceVenue } from '../../support/simulatedBinanceVenue.js';

const minute = 60_000;
let venue: SimulatedBinanceVenue;
let source: CcxtDataSource | undefined;

afterEach(async () => {
  await source?.close();
  source = undefined;
  await venue?.stop();
});

function sourceConfig(overrides: Record<string, unknown>) {
  return DataSourceConfigSchema.parse({
    type: 'ccxt',
    exchange: 'binance',
    api_url: venue.url,
    base_timeframe: '1',
    exchange_options: { fetchMarkets: { types: ['spot'] } },
    ...overrides,
  });
}

/** Calls `next` until `until` holds for what came out (the stream delivers asynchronously). */
async function drain(feed: CcxtDataSource, bars: Candle[], until: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!until()) {
    if (Date.now() > deadline) throw new Error(`timed out with ${bars.length} bars`);
    const bar = await feed.next('BTC/USDT');
    if (bar) bars.push(bar);
    else await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('CcxtDataSource against the simulated Binance venue', () => {
  it('a dropped stream reconnects and the bars closed meanwhile arrive once each, in order', async () => {
    venue = new SimulatedBinanceVenue({ closedBars: 50 });
    await venue.start();
    source = await openCcxtDataSource(sourceConfig({ history_bars: 5, reconnect_initial_ms: 50 }), {
      symbols: ['BTC/USDT'],
    });
    const bars: Candle[] = [];
    const lastClosed = () => venue.bar(venue.formingIndex - 1).time;
    await drain(source, bars, () => bars.length === 5 && venue.subscribedStreams === 1);
    venue.advance(3);
    await drain(source, bars, () => bars.at(-1)?.time === lastClosed());
    venue.dropStreams();
    venue.advance(4); // closed while nobody listens
    await drain(source, bars, () => bars.at(-1)?.time === lastClosed() && venue.subscribedStreams === 1);
    venue.advance(2);
    await drain(source, bars, () => bars.at(-1)?.time === lastClosed());

    expect(source.reconnects).toBeGreaterThanOrEqual(1);
    expect(bars).toHaveLength(5 + 3 + 4 + 2);
    for (let index = 1; index < bars.length; index++)
      expect(bars[index]!.time - bars[index - 1]!.time).toBe(minute);
    // Each bar with its final values: the venue's closed bar, not a forming snapshot.
    for (const bar of bars) {
      const index = (bar.time - venue.origin) / minute;
      expect(bar.close).toBe(venue.bar(index).close);
    }
  }, 30_000);

  it('bars that closed before the stream was resubscribed are fetched when it resumes after a gap', async () => {
    venue = new SimulatedBinanceVenue({ closedBars: 30 });
    await venue.start();
    source = await openCcxtDataSource(sourceConfig({ history_bars: 2, reconnect_initial_ms: 20 }), {
      symbols: ['BTC/USDT'],
    });
    const bars: Candle[] = [];
    await drain(source, bars, () => bars.length === 2 && venue.subscribedStreams === 1);
    // The venue closes bars but its pushes are lost (like messages sent before a resubscription lands).
    const unmute = venue.muteStreams();
    venue.advance(3);
    unmute();
    venue.advance(1);
    await drain(source, bars, () => bars.at(-1)?.time === venue.bar(venue.formingIndex - 1).time);
    expect(bars.map((bar) => (bar.time - venue.origin) / minute)).toEqual([28, 29, 30, 31, 32, 33]);
  }, 30_000);

  it('polling hands out the forming bar only once a newer bar exists, with its final close', async () => {
    venue = new SimulatedBinanceVenue({ closedBars: 20 });
    await venue.start();
    source = await openCcxtDataSource(sourceConfig({ history_bars: 3, stream: 'poll' }), {
      symbols: ['BTC/USDT'],
    });
    const history = [
      await source.next('BTC/USDT'),
      await source.next('BTC/USDT'),
      await source.next('BTC/USDT'),
    ];
    expect(history.map((bar) => bar?.time)).toEqual(
      [17, 18, 19].map((index) => venue.origin + index * minute),
    );
    expect(await source.next('BTC/USDT')).toBeUndefined(); // bar 20 is forming
    venue.advance();
    const closed = await source.next('BTC/USDT');
    expect(closed).toEqual({ ...venue.bar(20), time: venue.origin + 20 * minute });
    expect(await source.next('BTC/USDT')).toBeUndefined();
  });

  it('a timeframe the exchange does not offer is a setup error listing the ones it does', async () => {
    venue = new SimulatedBinanceVenue({ closedBars: 10 });
    await venue.start();
    const opening = openCcxtDataSource(sourceConfig({ base_timeframe: '7' }), { symbols: ['BTC/USDT'] });
    await expect(opening).rejects.toThrow(ExchangeSetupError);
    await expect(opening).rejects.toThrow(
      /binance has no 7-minute candles .* offers, in minutes: .*5 \(5m\).*60 \(1h\)/,
    );
  });
});

describe('tradestate data download', () => {
  it('writes the closed bars of the range as a CSV that backtest reads, and resumes after the last bar written', async () => {
    const origin = Date.parse('2025-01-01T00:00:00Z');
    venue = new SimulatedBinanceVenue({ origin, closedBars: 300 });
    await venue.start();
    const { io, stderr } = fakeCliIO();
    const args = ['data', 'download', '--exchange', 'binance', '--symbol', 'BTC/USDT', '--timeframe', '1m'];
    const range = [
      '--from',
      '2025-01-01',
      '--to',
      '2025-01-01T02:00:00Z',
      '--out',
      'btc.csv',
      '--api-url',
      venue.url,
    ];
    expect(await main([...args, ...range], io), stderr()).toBe(0);
    const path = join(io.cwd, 'btc.csv');
    const full = readFileSync(path, 'utf8');
    expect(full.trimEnd().split('\n')).toHaveLength(1 + 120);

    // An interrupted download: only the first 50 bars made it. The rerun completes it without repeating any.
    writeFileSync(path, `${full.split('\n').slice(0, 51).join('\n')}\n`);
    const resumed = fakeCliIO({ cwd: io.cwd });
    expect(await main([...args, ...range], resumed.io), resumed.stderr()).toBe(0);
    expect(resumed.stderr()).toContain('Resuming btc.csv after 2025-01-01T00:49:00.000Z');
    expect(readFileSync(path, 'utf8')).toBe(full);

    const replay = await CsvDataSource.fromFile(path, { symbol: 'BTC/USDT' });
    expect(replay.candles).toHaveLength(120);
    expect(replay.candles[0]).toEqual(venue.bar(0));
  });

  it('an unknown exchange is a usage error naming close matches', async () => {
    venue = new SimulatedBinanceVenue();
    await venue.start();
    const { io, stderr } = fakeCliIO();
    const code = await main(
      [
        'data',
        'download',
        '--exchange',
        'binanse',
        '--symbol',
        'BTC/USDT',
        '--timeframe',
        '1m',
        '--from',
        '2025-01-01',
        '--out',
        'x.csv',
      ],
      io,
    );
    expect(code).toBe(2);
    expect(stderr()).toContain('ccxt has no exchange "binanse"; close matches: binance');
  });
});
