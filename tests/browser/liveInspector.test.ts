import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TradingOrchestrator } from '../../src/actors/tradingOrchestrator.js';
import { EventBus } from '../../src/bus/eventBus.js';
import { createInspection, type Inspection } from '../../src/ops/createInspection.js';
import { SystemClock } from '../../src/util/clock.js';
import { launchChromium } from '../support/launchChromium.js';
import { recordingService } from '../support/recordingService.js';

interface PageView {
  connected: boolean;
  actors: Array<{ name: string; state: string; parent?: string; restarts: number; failures: number }>;
  timeline: Array<{ actor: string; kind: string; text: string }>;
  busEvents: Array<{ type: string; correlationId: string }>;
}

const services = ['data_fetching', 'indicator_calculation', 'strategy_evaluation', 'trade_execution'];
const logger = pino({ level: 'silent' });
const artifacts = join(import.meta.dirname, '..', '.artifacts');

describe('the live inspector page in Chromium without network', () => {
  let browser: Browser;
  let page: Page;
  let inspection: Inspection;
  let orchestrator: TradingOrchestrator;
  const problems: string[] = [];
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    inspection = await createInspection('local', { port: 0, logger });
    const bus = new EventBus({ mode: 'sync', logger });
    inspection.watchBus(bus);
    orchestrator = new TradingOrchestrator({
      bus,
      clock: new SystemClock(),
      logger,
      services: services.map((name) => recordingService(name)),
      inspect: inspection.inspect,
      supervision: { backoffInitialMs: 1, backoffMaxMs: 1 },
    });
    await orchestrator.start();
    browser = await launchChromium({ offline: true });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    const origin = new URL(inspection.url).origin;
    await page.route('**/*', (route) => {
      if (route.request().url().startsWith(origin)) return route.continue();
      foreignRequests.push(route.request().url());
      return route.abort();
    });
    await page.goto(inspection.url);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await orchestrator?.stop();
    await inspection?.stop();
  });

  const view = () =>
    page.evaluate(() => (globalThis as unknown as { tradestateInspector: PageView }).tradestateInspector);

  it('shows the orchestrator and its four services, each RUNNING, with their machines drawn', async () => {
    await page.waitForFunction(
      (names) => {
        const state = (globalThis as unknown as { tradestateInspector?: PageView }).tradestateInspector;
        return names.every((name) =>
          state?.actors.some((actor) => actor.name === name && actor.state === 'RUNNING'),
        );
      },
      services,
      { timeout: 10_000 },
    );
    const actors = (await view()).actors;
    expect(actors.map((actor) => actor.name).sort()).toEqual(['orchestrator', ...services].sort());
    expect(
      actors
        .filter((actor) => actor.parent === 'orchestrator')
        .map((actor) => actor.name)
        .sort(),
    ).toEqual([...services].sort());
    expect(await page.locator('[data-actor]').count()).toBe(5);
    expect(await page.locator('[data-diagram]').count()).toBe(5);
    // The current state is lit in each diagram: RUNNING for a service, SUPERVISING in the orchestrator.
    await expect
      .poll(() => page.locator('[data-diagram="data_fetching"] .state.active').getAttribute('data-id'))
      .toBe('lifecycle.RUNNING');
    expect(
      await page
        .locator(
          '[data-diagram="orchestrator"] .state.active[data-id="orchestrator.RUNNING.supervision.SUPERVISING"]',
        )
        .count(),
    ).toBe(1);
  });

  it('shows a forced service failure and its restart within one second', async () => {
    orchestrator.actor.system
      .get('indicator_calculation')
      ?.send({ type: 'WORKER_FAILED', error: new Error('forced by the test') });
    await page.waitForFunction(
      () => {
        const state = (globalThis as unknown as { tradestateInspector: PageView }).tradestateInspector;
        const service = state.actors.find((actor) => actor.name === 'indicator_calculation');
        return service?.restarts === 1 && service.state === 'RUNNING' && state.timeline.length >= 2;
      },
      undefined,
      { timeout: 1_000 },
    );
    const { timeline } = await view();
    expect(timeline.map((entry) => entry.text)).toEqual([
      'indicator_calculation failed: forced by the test',
      'indicator_calculation restarted (fresh instance #2)',
    ]);
    await expect
      .poll(() => page.locator('#timeline').textContent())
      .toContain('indicator_calculation restarted');
  });

  it('lists the last bus events with their correlation ids, and made no request beyond its own server', async () => {
    const { busEvents } = await view();
    const restarted = busEvents.find((event) => event.type === 'ServiceRestartedEvent');
    expect(restarted?.correlationId).toMatch(/^[0-9a-f]{8}$/);
    expect(await page.locator('#events').textContent()).toContain(restarted!.correlationId);
    expect(await page.locator('a#stately').getAttribute('href')).toMatch(/^\/stately\?token=[0-9a-f]{32}$/);
    expect(foreignRequests).toEqual([]);
    expect(problems).toEqual([]);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'live-inspector.png'), fullPage: true });
  });
});
