import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OptimizeResult, optimize } from '../../src/optimize/optimize.js';
import { writeOptimizeReport } from '../../src/optimize/writeOptimizeReport.js';
import { launchChromium } from '../support/launchChromium.js';

const root = join(import.meta.dirname, '..', '..');
const artifacts = join(root, 'tests', '.artifacts');
const job = {
  config: join(root, 'examples/config/stocks.yaml'),
  data: join(root, 'examples/data/msft_2000_2001_daily.csv'),
  symbol: 'MSFT',
  metric: 'sharpe',
  workers: 2,
};

let browser: Browser;
let directory: string;
let twoParameters: OptimizeResult;
let threeParameters: OptimizeResult;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  directory = mkdtempSync(join(tmpdir(), 'tradestate-optimize-html-'));
  twoParameters = await optimize({
    ...job,
    parameters: ['ema_fast.period=5:20:5', 'ema_slow.period=30:60:10'],
    constraints: ['ema_fast.period < ema_slow.period'],
    walkForward: 2,
  });
  writeOptimizeReport(join(directory, 'two'), twoParameters);
  threeParameters = await optimize({
    ...job,
    parameters: ['ema_fast.period=10,20', 'ema_slow.period=30,50', 'ema_cross.stop_loss_atr=1.5,2.5'],
  });
  writeOptimizeReport(join(directory, 'three'), threeParameters);
  browser = await launchChromium({ offline: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  rmSync(directory, { recursive: true, force: true });
});

/** Opens a report, recording console errors, page errors and every request other than the file itself. */
async function open(file: string): Promise<{ page: Page; problems: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  const url = pathToFileURL(file).href;
  page.on('request', (request) => {
    if (request.url() !== url) requests.push(request.url());
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems, requests };
}

describe('optimize.html in Chromium', { timeout: 60_000 }, () => {
  it('two parameters: one heatmap cell per value pair, the best trial outlined, the equity curve drawn, offline', async () => {
    const { page, problems, requests } = await open(join(directory, 'two', 'optimize.html'));
    const [fast, slow] = twoParameters.parameters;
    const cells = page.locator('#heatmap g.cell');
    expect(await cells.count()).toBe(fast!.values.length * slow!.values.length);
    // Constraint-excluded pairs (fast ≥ slow) have no trial; every trial has its own cell.
    const trialIds = (
      await cells.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-trial')))
    )
      .filter((id) => id !== '')
      .map(Number)
      .sort((a, b) => a - b);
    expect(trialIds).toEqual(twoParameters.trials.map((trial) => trial.id));
    const best = page.locator('#heatmap g.cell.best');
    expect(await best.count()).toBe(1);
    expect(await best.getAttribute('data-trial')).toBe(String(twoParameters.best.id));
    expect(await best.locator('rect').getAttribute('stroke')).toBe('#000');
    const equity = await page.locator('#equity polyline').getAttribute('points');
    expect(equity?.split(' ').length).toBeGreaterThan(100);
    expect(await page.locator('#folds tbody tr').count()).toBe(2);
    await page.screenshot({ path: join(artifacts, 'optimize-heatmap.png'), fullPage: true });
    copyFileSync(join(artifacts, 'optimize-heatmap.png'), join(root, 'docs/images/optimize-heatmap.png'));
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('three parameters: a parallel-coordinates line per trial, the best drawn thick; the heatmap keeps the best over the third', async () => {
    const { page, problems, requests } = await open(join(directory, 'three', 'optimize.html'));
    expect(await page.locator('#heatmap g.cell').count()).toBe(4);
    const lines = page.locator('#parallel polyline');
    expect(await lines.count()).toBe(threeParameters.trials.filter((trial) => trial.status === 'ok').length);
    const widths = await lines.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('stroke-width')));
    expect(widths.filter((width) => width === '3')).toHaveLength(1);
    const box = await page.locator('#parallel').boundingBox();
    expect(box?.width).toBeGreaterThan(100);
    expect(await page.locator('#equity polyline').count()).toBe(1);
    await page.screenshot({ path: join(artifacts, 'optimize-parallel.png'), fullPage: true });
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
