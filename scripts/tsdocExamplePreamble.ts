/**
 * Free variables the `@example` blocks of the public API share, declared once so an example can stay a few
 * lines long: `findExampleErrors` (scripts/checkTsdoc.ts) compiles every example together with this file.
 * Keep it small: a name belongs here only when several examples use it without building it.
 */
import type { expect as vitestExpect, it as vitestIt } from 'vitest';
import type { EventBus, SystemConfig, TradingSystem } from '../src/index.js';

declare global {
  /** A validated configuration, as `loadSystemConfig` returns it. */
  const config: SystemConfig;
  /** A running trading system, as `createTradingSystem` returns it. */
  const system: TradingSystem;
  /** The bus the services publish to. */
  const bus: EventBus;
  /** Test assertions, in examples of `tradestate/testing`. */
  const expect: typeof vitestExpect;
  /** A test case, in examples of `tradestate/testing`. */
  const it: typeof vitestIt;
}
