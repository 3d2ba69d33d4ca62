import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { fakeCliIO } from '../../support/fakeCliIO.js';
import { exampleConfig, root, runningVenue, summaryValue, venueEnv } from './ccxtCliSupport.js';

// The same runs as ccxtCli.test.ts, in this process: the command's own paths, as a user's run takes them.
const scratch: string[] = [];
const storePath = () => {
  const directory = mkdtempSync(join(tmpdir(), 'tradestate-ccxt-run-'));
  scratch.push(directory);
  return join(directory, 'store.db');
};

afterEach(() => {
  for (const directory of scratch.splice(0)) rmSync(directory, { recursive: true, force: true });
});

describe('tradestate run against the simulated Binance venue, in process', { timeout: 60_000 }, () => {
  it('--live-trading connects the exchange broker, announces real orders, and the summary counts the filled orders of the venue', async () => {
    const { venue, stop } = await runningVenue(60);
    venue.balances.set('BTC', 0.01);
    try {
      const { io, stdout, stderr } = fakeCliIO({ env: venueEnv(venue, storePath()), cwd: root });
      const code = await main(
        ['run', '--config', exampleConfig, '--max-candles', '30', '--live-trading'],
        io,
      );
      expect(code, stderr()).toBe(0);
      expect(stderr()).toMatch(/binance: 10000 USDT at start; 0 fills and 0 open positions of this system/);
      expect(stderr()).toContain('LIVE TRADING on binance');
      const filled = venue.orders.filter((order) => order.status === 'FILLED');
      expect(summaryValue(stdout(), 'orders')).toBe(filled.length);
      expect(stdout() + stderr()).not.toContain(venue.secret);
    } finally {
      await stop();
    }
  });

  it('without --live-trading the same configuration is a dry run that sends the venue no order', async () => {
    const { venue, stop } = await runningVenue(60);
    try {
      const { io, stdout, stderr } = fakeCliIO({ env: venueEnv(venue, storePath()), cwd: root });
      const code = await main(['run', '--config', exampleConfig, '--max-candles', '30'], io);
      expect(code, stderr()).toBe(0);
      expect(stderr()).toContain('Dry run: live candles from binance');
      expect(summaryValue(stdout(), 'candles')).toBeGreaterThanOrEqual(30);
      expect(venue.requests.filter((request) => request === 'POST /api/v3/order')).toEqual([]);
    } finally {
      await stop();
    }
  });
});
