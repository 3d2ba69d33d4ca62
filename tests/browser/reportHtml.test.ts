import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  type EquityPoint,
  type RoundTrip,
  summarizePerformance,
} from '../../src/backtest/performanceSummary.js';
import { renderReportHtml } from '../../src/backtest/reportHtml.js';
import type { Candle } from '../../src/events/candle.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const artifacts = join(import.meta.dirname, '..', '.artifacts');

function sampleReport() {
  const start = Date.parse('2025-01-06T00:00:00Z');
  const candles: Candle[] = [];
  const equity: EquityPoint[] = [];
  let price = 1.1;
  for (let index = 0; index < 200; index++) {
    const open = price;
    price += Math.sin(index / 9) * 0.001;
    candles.push({
      time: start + index * 3_600_000,
      open,
      high: Math.max(open, price) + 0.0005,
      low: Math.min(open, price) - 0.0005,
      close: price,
      volume: 100,
    });
    equity.push({
      time: start + index * 3_600_000,
      balance: 10_000 + index,
      equity: 10_000 + index,
      in_market: false,
    });
  }
  const trips: RoundTrip[] = [10, 60, 120].map((entryIndex, number) => ({
    symbol: 'EURUSD',
    strategy: 'ema_cross',
    direction: number % 2 === 0 ? 'long' : 'short',
    size: 0.1,
    entry_time: candles[entryIndex]!.time,
    entry_price: candles[entryIndex]!.close,
    exit_time: candles[entryIndex + 20]!.time,
    exit_price: candles[entryIndex + 20]!.close,
    gross_pnl: 5,
    commission: 0.7,
    net_pnl: 4.3,
    exit_reason: 'take_profit',
  }));
  return { candles, trips, equity, summary: summarizePerformance(trips, equity, 10_000) };
}

describe('report.html in headless Chromium', () => {
  it('renders three charts with one marker per entry and exit and no console errors', async () => {
    expect(existsSync(chromiumPath), `Chromium not found at ${chromiumPath}: apt-get install chromium`).toBe(
      true,
    );
    mkdirSync(artifacts, { recursive: true });
    const report = sampleReport();
    const file = join(artifacts, 'report-sample.html');
    writeFileSync(file, renderReportHtml({ title: 'sample', symbol: 'EURUSD', ...report }));

    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 1100 } });
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      const requests: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith('file:')) requests.push(request.url());
      });
      await page.goto(pathToFileURL(file).href);
      await page.waitForFunction(
        () => (globalThis as unknown as { tradestateReport?: { ready: boolean } }).tradestateReport?.ready,
      );
      const state = await page.evaluate(
        () =>
          (globalThis as unknown as { tradestateReport: { markers: number; charts: number } })
            .tradestateReport,
      );
      expect(state.markers).toBe(report.trips.length * 2);
      expect(state.charts).toBe(3);
      expect(await page.locator('canvas').count()).toBeGreaterThanOrEqual(3);
      expect(problems).toEqual([]);
      expect(requests, 'the report must work offline').toEqual([]);
      await page.screenshot({ path: join(artifacts, 'report-sample.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
