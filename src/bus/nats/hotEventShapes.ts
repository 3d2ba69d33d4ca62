import { IndicatorRowSchema } from '../../events/candle.js';
import { eventFields } from '../../events/eventFields.js';
import { IndicatorsCalculatedEventSchema, NewCandleEventSchema } from '../../events/tradingEventSchemas.js';
import type { TradingEvent } from '../../events/tradingEvents.js';

// Bounds read from the schemas themselves, so they cannot drift apart from what zod checks.
const LARGEST_PRICE = eventFields.price.maxValue ?? 0;
const LATEST_TIME = eventFields.time.maxValue ?? 0;
const LONGEST_ID = eventFields.id.maxLength ?? 0;
const SHORTEST_ID = Math.max(1, eventFields.id.minLength ?? 1);
/** `indicators` keys and `regime`: `z.string().max(128)` in `IndicatorRowSchema`. */
const LONGEST_NAME = 128;
/** `recent_rows: z.array(IndicatorRowSchema).max(10_000)`. */
const MOST_ROWS = 10_000;

const CANDLE_KEYS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;
const ROW_KEYS = Object.keys(IndicatorRowSchema.shape);
const CANDLE_EVENT_KEYS = Object.keys(NewCandleEventSchema.shape);
const INDICATORS_EVENT_KEYS = Object.keys(IndicatorsCalculatedEventSchema.shape);

/**
 * Symbols and timeframes seen valid: a run has a handful of each, and the full check (a regex, a symbol
 * rule) repeats on every message otherwise. Bounded, so a stream of distinct names cannot grow it.
 */
const knownSymbols = new Set<string>();
const knownTimeframes = new Set<string>();
const KNOWN_NAMES_LIMIT = 1_024;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Exactly `expected` in that order (zod's output order), `causationId` optional: no key zod would strip. */
function hasKeys(value: Record<string, unknown>, expected: readonly string[]): boolean {
  let index = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) return false;
    if (expected[index] === 'causationId' && key !== 'causationId') index++;
    if (expected[index] !== key) return false;
    index++;
  }
  return index === expected.length;
}

const isId = (value: unknown) =>
  typeof value === 'string' && value.length >= SHORTEST_ID && value.length <= LONGEST_ID;
const isTime = (value: unknown) =>
  Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= LATEST_TIME;
const isPrice = (value: unknown) => typeof value === 'number' && value > 0 && value <= LARGEST_PRICE;

function isName(
  value: unknown,
  schema: { safeParse(value: unknown): { success: boolean } },
  known: Set<string>,
): boolean {
  if (typeof value !== 'string') return false;
  if (known.has(value)) return true;
  if (!schema.safeParse(value).success) return false;
  if (known.size < KNOWN_NAMES_LIMIT) known.add(value);
  return true;
}

function isEnvelope(event: Record<string, unknown>): boolean {
  return (
    isId(event.eventId) &&
    isTime(event.timestamp) &&
    isId(event.correlationId) &&
    (event.causationId === undefined || isId(event.causationId)) &&
    isName(event.symbol, eventFields.symbol, knownSymbols) &&
    isName(event.timeframe, eventFields.timeframe, knownTimeframes)
  );
}

/** The candle fields and `checkOhlc` of `CandleSchema`, without the keys check. */
function isBar(bar: Record<string, unknown>): boolean {
  const { open, high, low, close, volume } = bar;
  if (!isTime(bar.time) || !isPrice(open) || !isPrice(high) || !isPrice(low) || !isPrice(close)) return false;
  if (typeof volume !== 'number' || !Number.isFinite(volume) || volume < 0) return false;
  const top = high as number;
  const bottom = low as number;
  return (
    top >= bottom &&
    top >= Math.max(open as number, close as number) &&
    bottom <= Math.min(open as number, close as number)
  );
}

function isRow(row: unknown): boolean {
  if (!isRecord(row) || !hasKeys(row, ROW_KEYS) || !isBar(row)) return false;
  const { indicators, regime } = row;
  if (typeof regime !== 'string' || regime.length > LONGEST_NAME || !isRecord(indicators)) return false;
  for (const key in indicators) {
    // zod's record output assigns each key: `__proto__` would set a prototype, not copy a value.
    if (key.length > LONGEST_NAME || key === '__proto__' || !Object.hasOwn(indicators, key)) return false;
    const value = indicators[key];
    if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  }
  return true;
}

/** Every index, holes included (`every` skips holes; zod does not). */
function allRows(rows: unknown[]): boolean {
  for (let index = 0; index < rows.length; index++) if (!isRow(rows[index])) return false;
  return true;
}

/**
 * A structural check of the two events that cross processes on every bar, `NewCandleEvent` and
 * `IndicatorsCalculatedEvent`, in place of their zod schemas (which took 30–40% of a strategy process's
 * CPU): `accepts` is true only when the schema would accept the value and give back an equal one (same
 * keys in the same order, nothing stripped). It never rejects: anything it does not accept, including
 * every other event type, goes through `TradingEventSchema`, which says why it is invalid, so a malformed
 * message is dead-lettered with the same reason as before.
 *
 * @example
 * ```ts
 * const event = JSON.parse(text).event;
 * const checked = HotEventShapes.accepts(event) ? event : TradingEventSchema.parse(event);
 * ```
 */
export const HotEventShapes = {
  accepts(event: unknown): event is TradingEvent {
    if (!isRecord(event)) return false;
    if (event.type === 'NewCandleEvent') {
      const { bar } = event;
      return (
        hasKeys(event, CANDLE_EVENT_KEYS) &&
        isEnvelope(event) &&
        isRecord(bar) &&
        hasKeys(bar, CANDLE_KEYS) &&
        isBar(bar)
      );
    }
    if (event.type === 'IndicatorsCalculatedEvent') {
      const rows = event.recent_rows;
      return (
        hasKeys(event, INDICATORS_EVENT_KEYS) &&
        isEnvelope(event) &&
        Array.isArray(rows) &&
        rows.length <= MOST_ROWS &&
        allRows(rows)
      );
    }
    return false;
  },
};
