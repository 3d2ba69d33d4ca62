import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { fakeCliIO } from '../../support/fakeCliIO.js';
import {
  exampleConfig,
  metricValue,
  root,
  runningVenue,
  startCli,
  summaryValue,
  venueEnv,
} from './ccxtCliSupport.js';

const storePath = () => join(mkdtempSync(join(tmpdir(), 'tradestate-ccxt-')), 'store.db');

describe('tradestate run against the simulated Binance venue', () => {
  it('a dry run places paper orders from live candles and sends nothing to the exchange', async () => {
    const { venue, stop } = await runningVenue();
    try {
      const run = startCli(
        ['run', '--live', '--config', exampleConfig, '--max-candles', '60'],
        venueEnv(venue, storePath()),
      );
      const result = await run.done;
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain('Dry run: live candles from binance');
      expect(summaryValue(result.stdout, 'candles')).toBeGreaterThanOrEqual(60);
      expect(summaryValue(result.stdout, 'orders')).toBeGreaterThan(0);
      expect(venue.requests.filter((request) => request === 'POST /api/v3/order')).toEqual([]);
      // Keys are in the environment, but a dry run never uses them, and they are never printed.
      expect(result.stdout + result.stderr).not.toContain(venue.secret);
    } finally {
      await stop();
    }
  }, 60_000);

  it('with --live-trading every order reaches the venue once, under its deterministic client id', async () => {
    const { venue, stop } = await runningVenue();
    venue.balances.set('BTC', 0.01);
    try {
      const run = startCli(
        ['run', '--config', exampleConfig, '--max-candles', '60', '--live-trading'],
        venueEnv(venue, storePath()),
      );
      const result = await run.done;
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain('LIVE TRADING on binance');
      const filled = venue.orders.filter((order) => order.status === 'FILLED');
      expect(filled.length).toBeGreaterThan(0);
      expect(summaryValue(result.stdout, 'orders')).toBe(filled.length);
      const ids = venue.orders.map((order) => order.clientOrderId);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^ts[0-9a-f]{8}[oc]1t[0-9a-z]+$/);
      expect(result.stdout + result.stderr).not.toContain(venue.secret);
      expect(result.stdout + result.stderr).not.toContain(venue.apiKey);
    } finally {
      await stop();
    }
  }, 60_000);

  it('an order the venue rejects is counted and logged, and the run goes on', async () => {
    const { venue, stop } = await runningVenue();
    venue.orderPolicy = () => ({
      code: -2010,
      msg: 'Account has insufficient balance for requested action.',
    });
    try {
      const run = startCli(
        ['run', '--config', exampleConfig, '--max-candles', '50', '--live-trading'],
        venueEnv(venue, storePath()),
      );
      const result = await run.done;
      expect(result.code, result.stderr).toBe(0);
      expect(summaryValue(result.stdout, 'orders')).toBe(0);
      expect(metricValue(result.stdout, 'orders_rejected')).toBeGreaterThan(0);
      expect(result.stderr).toMatch(/Order rejected: insufficient_funds/);
      expect(venue.orders).toEqual([]);
    } finally {
      await stop();
    }
  }, 60_000);

  it('a kill after the order reached the venue and before the fill was stored: the restart finds it by client id and does not send it again', async () => {
    const { venue, stop } = await runningVenue();
    venue.balances.set('BTC', 0.01);
    const store = storePath();
    try {
      const first = startCli(['run', '--config', exampleConfig, '--live-trading'], venueEnv(venue, store));
      let killedId: string | undefined;
      venue.onOrderFilled = async (order) => {
        if (killedId !== undefined) return;
        killedId = order.clientOrderId;
        first.child.kill('SIGKILL');
        await first.done;
      };
      const killed = await first.done;
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
      expect(killedId).toBeDefined();

      const second = startCli(
        ['run', '--config', exampleConfig, '--max-candles', '10', '--live-trading'],
        venueEnv(venue, store),
      );
      const result = await second.done;
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/Reconciliation: order .* pending in the store was filled at the broker/);
      expect(venue.ordersWithClientId(killedId!)).toHaveLength(1);
      const ids = venue.orders.map((order) => order.clientOrderId);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      await stop();
    }
  }, 90_000);

  it('an unknown symbol exits 2 and lists close matches', async () => {
    const { venue, stop } = await runningVenue();
    try {
      const { io, stderr } = fakeCliIO({ env: venueEnv(venue, storePath()) });
      const code = await main(
        ['run', '--live', '--config', join(root, exampleConfig), '--symbol', 'BTCUSD'],
        io,
      );
      expect(code).toBe(2);
      expect(stderr()).toContain('binance has no symbol "BTCUSD"; close matches: BTC/USDT');
    } finally {
      await stop();
    }
  }, 30_000);
});
