import { describe, expect, it } from 'vitest';
import { HotEventShapes } from '../../../src/bus/nats/hotEventShapes.js';
import { NatsWireFormat } from '../../../src/bus/nats/natsWireFormat.js';
import { TradingEventSchema } from '../../../src/events/tradingEvents.js';

const bar = { time: 1_736_157_600_000, open: 1.1, high: 1.2, low: 1.05, close: 1.15, volume: 10 };
const candle = {
  type: 'NewCandleEvent',
  eventId: 'e-2',
  timestamp: 1_736_157_600_000,
  correlationId: 'c-1',
  causationId: 'e-1',
  symbol: 'EURUSD',
  timeframe: '1',
  bar,
};
const row = { ...bar, indicators: { ema_fast: 1.12, rsi: 55.5 }, regime: 'trending_up' };
const indicators = {
  type: 'IndicatorsCalculatedEvent',
  eventId: 'e-3',
  timestamp: 1_736_157_600_000,
  correlationId: 'c-1',
  causationId: 'e-2',
  symbol: 'EURUSD',
  timeframe: '1',
  recent_rows: [row, { ...row, time: bar.time + 60_000 }],
};

/** Values that sit on or just past each bound of the schemas, or have the wrong type. */
const edges: unknown[] = [
  undefined,
  null,
  -1,
  0,
  -0,
  0.5,
  1,
  1.2,
  1e12,
  1e12 + 1,
  7_258_118_400_000,
  7_258_118_400_001,
  2 ** 53,
  '',
  'x',
  '1',
  '0',
  'EURUSD',
  '../etc',
  'a'.repeat(129),
  'a'.repeat(257),
  [],
  {},
  true,
];

type Path = Array<string | number>;
function leaves(value: unknown, path: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [path];
  const inner = Object.entries(value).flatMap(([key, child]) =>
    leaves(child, [...path, Array.isArray(value) ? Number(key) : key]),
  );
  return [path, ...inner];
}

function withValue(value: unknown, path: Path, replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let target = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  const last = path.at(-1);
  if (last === undefined) return replacement;
  if (replacement === undefined) delete target[last];
  else target[last] = replacement;
  return copy;
}

/** Every single-field variant of `event`: each leaf and object set to each edge value, plus extra keys. */
function variants(event: unknown): unknown[] {
  const found: unknown[] = [];
  for (const path of leaves(event)) {
    for (const edge of edges) found.push(withValue(event, path, edge));
    const at = path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], event);
    if (typeof at === 'object' && at !== null && !Array.isArray(at)) {
      found.push(withValue(event, path, { ...at, extra: 1 }));
      found.push(withValue(event, path, Object.fromEntries(Object.entries(at).reverse())));
      found.push(withValue(event, path, JSON.parse(`{"__proto__": 1, ${JSON.stringify(at).slice(1)}`)));
    }
  }
  return found;
}

describe('HotEventShapes', () => {
  it('accepts the per-bar events as their schemas give them back', () => {
    for (const event of [candle, indicators, { ...candle, causationId: undefined }]) {
      const plain = JSON.parse(JSON.stringify(event));
      expect(HotEventShapes.accepts(plain)).toBe(true);
      expect(JSON.stringify(TradingEventSchema.parse(plain))).toBe(JSON.stringify(plain));
    }
  });

  it('accepts nothing the schema rejects or would change (every single-field variant)', () => {
    const all = [...variants(candle), ...variants(indicators)];
    let accepted = 0;
    for (const variant of all) {
      if (!HotEventShapes.accepts(variant)) continue;
      accepted++;
      const parsed = TradingEventSchema.safeParse(variant);
      expect(parsed.success, JSON.stringify(variant)).toBe(true);
      expect(JSON.stringify(parsed.data), JSON.stringify(variant)).toBe(JSON.stringify(variant));
    }
    // Some variants are valid (another price in range, another id): the check is not a constant false.
    expect(accepted).toBeGreaterThan(20);
    expect(accepted).toBeLessThan(all.length / 2);
  });

  it('leaves other event types, and what it refuses, to the schema: the decoder names the field', () => {
    expect(HotEventShapes.accepts({ ...candle, type: 'OrderPlacedEvent' })).toBe(false);
    const invalid = { ...candle, bar: { ...bar, high: 1.0 } };
    expect(HotEventShapes.accepts(invalid)).toBe(false);
    const bytes = new TextEncoder().encode(JSON.stringify({ v: 1, event: invalid }));
    const result = NatsWireFormat.decode(bytes);
    expect(result).toMatchObject({ ok: false, reason: 'invalid' });
    expect(result.ok ? '' : result.detail).toMatch(/^bar\.high: high 1 is below low 1.05/);
  });
});
