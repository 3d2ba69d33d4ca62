import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlockedPeriod, PerformanceSummary } from '../../src/backtest/performanceSummary.js';
import { writeBacktestReport } from '../../src/backtest/reportWriter.js';
import { runBacktest } from '../../src/backtest/runBacktest.js';
import { loadConfig } from '../../src/config/configLoader.js';
import { CsvDataSource } from '../../src/market/csvDataSource.js';
import { launchChromium } from '../support/launchChromium.js';

const root = join(import.meta.dirname, '..', '..');
const artifacts = join(root, 'tests', '.artifacts');

/** EURUSD minute bars between about 1.083 and 1.118, five decimals: two waves and seeded noise. */
function eurusdCsv(bars: number): string {
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const start = Date.parse('2024-03-04T00:00:00Z');
  const lines = ['timestamp,open,high,low,close,volume'];
  let noise = 0;
  let previous = 1.1005;
  for (let index = 0; index < bars; index++) {
    noise = noise * 0.98 + (random() - 0.5) * 0.0003;
    const close = 1.1005 + 0.013 * Math.sin(index / 700) + 0.002 * Math.sin(index / 61) + noise;
    const high = Math.max(previous, close) + random() * 0.0002;
    const low = Math.min(previous, close) - random() * 0.0002;
    const time = new Date(start + index * 60_000).toISOString();
    const prices = [previous, high, low, close].map((value) => value.toFixed(5));
    lines.push(`${time},${prices.join(',')},${Math.round(50 + random() * 100)}`);
    previous = close;
  }
  return `${lines.join('\n')}\n`;
}

/** Configuration as loaded by the CLI, logging only errors (the test output stays readable). */
function quietConfig(path: string | undefined, cwd: string) {
  const config = loadConfig(path, { env: {}, cwd });
  return { ...config, logging: { ...config.logging, level: 'ERROR' as const } };
}

interface Opened {
  page: Page;
  problems: string[];
  requests: string[];
}

let browser: Browser;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** Opens a report, recording console errors, network requests and every text drawn on a canvas. */
async function open(file: string): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('request', (request) => {
    if (!request.url().startsWith('file:')) requests.push(request.url());
  });
  await page.addInitScript(() => {
    type FillText = (this: { canvas: unknown }, text: unknown, ...rest: unknown[]) => void;
    const scope = globalThis as unknown as {
      CanvasRenderingContext2D: { prototype: { fillText: FillText } };
      drawnTexts: Array<{ text: string; canvas: unknown }>;
    };
    const drawn: Array<{ text: string; canvas: unknown }> = [];
    scope.drawnTexts = drawn;
    const prototype = scope.CanvasRenderingContext2D.prototype;
    const fillText = prototype.fillText;
    prototype.fillText = function (text, ...rest) {
      drawn.push({ text: String(text), canvas: this.canvas });
      fillText.call(this, text, ...rest);
    };
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForFunction(
    () => (globalThis as unknown as { tradestateReport?: { ready: boolean } }).tradestateReport?.ready,
  );
  await page.waitForTimeout(300);
  return { page, problems, requests };
}

/** Texts drawn on the right price axis of the price pane (first row of the chart's layout table). */
function priceAxisLabels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const scope = globalThis as unknown as {
      document: { querySelector(selector: string): { contains(node: unknown): boolean } | null };
      drawnTexts: Array<{ text: string; canvas: unknown }>;
    };
    const axis = scope.document.querySelector('#chart table tr:first-child td:last-child');
    const drawn = scope.drawnTexts;
    return drawn.filter((entry) => axis?.contains(entry.canvas)).map((entry) => entry.text);
  });
}

/** Which markers the page draws: `labelled`, `bare` (no text) or `sparse` (entries only). */
function markerLevel(page: Page): Promise<string> {
  return page.evaluate(() =>
    (globalThis as unknown as { tradestateReport: { markerLevel(): string } }).tradestateReport.markerLevel(),
  );
}

async function checkReport(directory: string, name: string, expectedDecimals: number) {
  const report = JSON.parse(readFileSync(join(directory, 'report.json'), 'utf8')) as {
    summary: PerformanceSummary;
  };
  const csv = readFileSync(join(directory, 'trades.csv'), 'utf8').trim().split('\n').slice(1);
  const bars = readFileSync(join(directory, 'bars.csv'), 'utf8').trim().split('\n').slice(1);
  const lows = bars.map((line) => Number(line.split(',')[3]));
  const highs = bars.map((line) => Number(line.split(',')[2]));
  const low = Math.min(...lows);
  const high = Math.max(...highs);
  const { page, problems, requests } = await open(join(directory, 'report.html'));
  try {
    const labels = (await priceAxisLabels(page)).filter((text) => /^-?[\d,]+(\.\d+)?$/.test(text));
    expect(labels.length, 'price axis labels drawn').toBeGreaterThan(2);
    const margin = (high - low) * 0.5;
    for (const label of labels) {
      const value = Number(label.replace(/,/g, ''));
      expect(value, `price label ${label} within ${low}..${high}`).toBeGreaterThanOrEqual(low - margin);
      expect(value, `price label ${label} within ${low}..${high}`).toBeLessThanOrEqual(high + margin);
      expect(label.split('.')[1]?.length ?? 0).toBe(expectedDecimals);
    }

    const rows = await page.locator('#trades tbody tr').count();
    expect(rows).toBe(report.summary.trades);
    expect(rows).toBe(csv.length);
    expect(Number(await page.locator('#trades-net-total').textContent())).toBeCloseTo(
      report.summary.net_profit,
      2,
    );

    const view = await page.evaluate(() => {
      const state = (
        globalThis as unknown as {
          tradestateReport: {
            chart: { timeScale(): { getVisibleLogicalRange(): { from: number; to: number } } };
            panes: number;
          };
        }
      ).tradestateReport;
      const range = state.chart.timeScale().getVisibleLogicalRange();
      return {
        from: range.from,
        to: range.to,
        panes: state.panes,
        candles: (globalThis as unknown as { tradestateReport: { candleCount: number } }).tradestateReport
          .candleCount,
      };
    });
    expect(view.panes, 'price, equity and drawdown share one time axis').toBe(3);
    expect(view.from, 'opens on the first bar').toBeLessThanOrEqual(0);
    expect(view.to, 'opens on the last bar').toBeGreaterThanOrEqual(view.candles - 1);

    await page.screenshot({ path: join(artifacts, `report-${name}.png`), fullPage: true });
    // What a reader sees first when the report opens (the README's screenshot).
    await page.screenshot({
      path: join(artifacts, `report-${name}-top.png`),
      fullPage: true,
      clip: { x: 0, y: 0, width: 1400, height: 1240 },
    });
    await page.locator('#chart').screenshot({ path: join(artifacts, `report-${name}-chart.png`) });
    expect(problems).toEqual([]);
    expect(requests, 'the report must work offline').toEqual([]);
    return { page, problems };
  } catch (error) {
    await page.close();
    throw error;
  }
}

describe('report.html in headless Chromium', () => {
  it('an FX backtest labels its price axis with five decimals inside 1.083-1.118, with blocked periods shaded', async () => {
    const directory = join(artifacts, 'fx');
    rmSync(directory, { recursive: true, force: true });
    mkdirSync(directory, { recursive: true });
    const csvText = eurusdCsv(12_000);
    writeFileSync(join(directory, 'bars.csv'), csvText);
    const source = CsvDataSource.fromText(csvText, 'eurusd.csv', { symbol: 'EURUSD' });
    const config = quietConfig(undefined, directory);
    const result = await runBacktest(config, { dataSource: source });
    expect(result.trips.length).toBeGreaterThan(3);
    const blocked: BlockedPeriod[] = [
      {
        start: '2024-03-04T20:00:00Z',
        end: '2024-03-05T02:00:00Z',
        reason: 'stale_data',
        detail: 'no 1-minute bar for 180 s',
      },
      { start: '2024-03-07T12:00:00Z', end: null, reason: 'max_drawdown', detail: 'drawdown 20.3% >= 20%' },
    ];
    writeBacktestReport(directory, {
      summary: result.summary,
      trips: result.trips,
      equity: result.equity,
      candles: source.candles,
      symbol: 'EURUSD',
      config,
      data: { timeframe: '1' },
      blocked_periods: blocked,
      tickSize: 0.00001,
    });
    expect(readFileSync(join(directory, 'report.html'), 'utf8')).not.toContain('0.000009999');
    const { page, problems } = await checkReport(directory, 'fx', 5);
    try {
      expect(await page.locator('#blocked tbody tr').count()).toBe(2);
      const json = JSON.parse(readFileSync(join(directory, 'report.json'), 'utf8'));
      expect(json.blocked_periods).toEqual(blocked);

      const drawnMarkerTexts = () =>
        page.evaluate(
          () =>
            (globalThis as unknown as { drawnTexts: Array<{ text: string }> }).drawnTexts.filter((entry) =>
              /^(Buy|Sell) \S+$|^Exit \S+ -?\d/.test(entry.text),
            ).length,
        );
      expect(await drawnMarkerTexts(), 'zoomed out: markers without labels').toBe(0);
      expect(await markerLevel(page), 'hundreds of markers in view: entries only').toBe('sparse');
      await page.evaluate(() =>
        (
          globalThis as unknown as {
            tradestateReport: { chart: { timeScale(): { setVisibleLogicalRange(range: object): void } } };
          }
        ).tradestateReport.chart
          .timeScale()
          .setVisibleLogicalRange({ from: 100, to: 400 }),
      );
      await page.locator('#trades tbody tr').first().click();
      await page.waitForTimeout(400);
      expect(await drawnMarkerTexts(), 'zoomed in on a trade: markers labelled').toBeGreaterThan(0);
      expect(await markerLevel(page)).toBe('labelled');
      const box = (await page.locator('#chart').boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + 150);
      await expect
        .poll(() => page.locator('#tooltip').textContent())
        .toMatch(/O 1\.\d{5} {2}H 1\.\d{5}\nL 1\.\d{5} {2}C 1\.\d{5}/);
      await page.locator('#chart').screenshot({ path: join(artifacts, 'report-fx-zoomed.png') });
      expect(problems, 'no errors while zooming, clicking and hovering').toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('the MSFT stock backtest shows its prices, trades and totals as report.json does', async () => {
    const directory = join(artifacts, 'msft');
    rmSync(directory, { recursive: true, force: true });
    const dataFile = join(root, 'examples', 'data', 'msft_2000_2001_daily.csv');
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, 'bars.csv'), readFileSync(dataFile));
    const source = await CsvDataSource.fromFile(dataFile, { symbol: 'MSFT' });
    const config = quietConfig(join(root, 'examples', 'config', 'stocks.yaml'), directory);
    const result = await runBacktest(config, { dataSource: source, outDirectory: directory });
    expect(result.trips.length).toBeGreaterThan(2);
    const { page } = await checkReport(directory, 'msft', 4);
    expect(await markerLevel(page), 'forty markers over a year: all drawn, unlabelled').toBe('bare');
    try {
      const strategies = await page.locator('#strategies tbody tr').allTextContents();
      expect(strategies.map((row) => row.split('ema_crossover')[0])).toContain('ema_cross');
      expect(strategies.join(' ')).toContain('fast: "ema_fast"');
      await page.locator('#trades thead th', { hasText: 'Net PnL' }).click();
      const pnl = (await page.locator('#trades tbody tr td:nth-child(8)').allTextContents()).map(Number);
      expect(pnl).toEqual([...pnl].sort((a, b) => a - b));
    } finally {
      await page.close();
    }
  }, 120_000);
});
