import { describe, expect, it } from 'vitest';
import { NatsWireFormat, WIRE_VERSION } from '../../../src/bus/nats/natsWireFormat.js';
import { OwnMessages } from '../../../src/bus/nats/ownMessages.js';
import type { TradingEvent } from '../../../src/events/tradingEvents.js';

const encoder = new TextEncoder();
const bytes = (value: unknown) => encoder.encode(typeof value === 'string' ? value : JSON.stringify(value));
const order: TradingEvent = {
  type: 'OrderPlacedEvent',
  eventId: 'e-1',
  timestamp: 1_736_157_600_000,
  correlationId: 'c-1',
  causationId: 'e-0',
  symbol: 'EURUSD',
  order_type: 'market',
  direction: 'long',
  size: 1000,
  client_order_id: 'id-1',
  strategy_name: 'ema_cross',
  intent: 'open',
};

describe('NatsWireFormat', () => {
  it('round-trips an event through { v: 1, event } JSON bytes', () => {
    const encoded = NatsWireFormat.encode(order);
    expect(JSON.parse(new TextDecoder().decode(encoded))).toEqual({ v: WIRE_VERSION, event: order });
    expect(NatsWireFormat.decode(encoded)).toEqual({ ok: true, event: order });
  });

  it('encodes indicators exactly as JSON.stringify does, also for rows it encoded before, in a sliding window', () => {
    const row = (time: number) => ({
      time,
      open: 1.1,
      high: 1.2,
      low: 1.0,
      close: 1.15 + time / 1e13,
      volume: 10,
      indicators: { ema_fast: 1.13, rsi: 55.5 },
      regime: 'trending_up',
    });
    const rows = [1, 2, 3, 4].map((index) => row(1_736_157_600_000 + index * 60_000));
    const indicators = (recent: typeof rows, id: string): TradingEvent => ({
      type: 'IndicatorsCalculatedEvent',
      eventId: id,
      timestamp: 1_736_157_600_000,
      // A string holding the key's text: escaped inside it, so not taken for the rows' place.
      correlationId: '"recent_rows":[]',
      symbol: 'EURUSD',
      timeframe: '1',
      recent_rows: recent,
    });
    const text = (event: TradingEvent) => new TextDecoder().decode(NatsWireFormat.encode(event));
    for (const [index, event] of [
      indicators(rows.slice(0, 3), 'e-1'),
      indicators(rows.slice(1, 4), 'e-2'),
      indicators(rows.slice(1, 4), 'e-3'),
      indicators([], 'e-4'),
    ].entries())
      expect(text(event), `event ${index}`).toBe(JSON.stringify({ v: WIRE_VERSION, event }));
  });

  it('rejects bytes that are not JSON as malformed', () => {
    expect(NatsWireFormat.decode(bytes('{nope'))).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('rejects JSON without the { v, event } envelope as malformed', () => {
    expect(NatsWireFormat.decode(bytes(order))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(NatsWireFormat.decode(bytes('null'))).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('rejects another wire version, naming it', () => {
    expect(NatsWireFormat.decode(bytes({ v: 2, event: order }))).toEqual({
      ok: false,
      reason: 'unsupported_version',
      detail: 'wire version 2',
    });
  });

  it('rejects an event that fails its schema, naming the field', () => {
    const result = NatsWireFormat.decode(bytes({ v: 1, event: { ...order, size: -1 } }));
    expect(result).toMatchObject({ ok: false, reason: 'invalid' });
    expect(result.ok ? '' : result.detail).toMatch(/^size: /);
  });

  it('rejects an unknown event type as invalid', () => {
    const result = NatsWireFormat.decode(bytes({ v: 1, event: { ...order, type: 'MysteryEvent' } }));
    expect(result).toMatchObject({ ok: false, reason: 'invalid' });
  });
});

describe('OwnMessages', () => {
  it('recognises the bytes published under an id once, as a copy received from the network', () => {
    const own = new OwnMessages(4);
    const sent = NatsWireFormat.encode(order);
    own.remember('e-1', sent);
    expect(own.take('e-1', Uint8Array.from(sent))).toBe(true);
    expect(own.take('e-1', sent)).toBe(false);
  });

  it('does not recognise other bytes under the same id, an unknown id, or a message without id', () => {
    const own = new OwnMessages(4);
    own.remember('e-1', NatsWireFormat.encode(order));
    own.remember('e-2', NatsWireFormat.encode(order));
    expect(own.take('e-1', NatsWireFormat.encode({ ...order, size: 1_000_000 }))).toBe(false);
    expect(own.take('e-3', NatsWireFormat.encode(order))).toBe(false);
    expect(own.take(undefined, NatsWireFormat.encode(order))).toBe(false);
  });

  it('forgets the oldest bytes once more than capacity were remembered', () => {
    const own = new OwnMessages(1);
    const sent = NatsWireFormat.encode(order);
    own.remember('e-1', sent);
    own.remember('e-2', sent);
    expect(own.size).toBe(1);
    expect(own.take('e-1', sent)).toBe(false);
    expect(own.take('e-2', sent)).toBe(true);
  });
});

describe('NatsWireFormat trusted decode', () => {
  it('returns the same event as the validating decode for bytes it encoded', () => {
    const encoded = NatsWireFormat.encode(order);
    expect(NatsWireFormat.decode(encoded, { trusted: true })).toEqual(NatsWireFormat.decode(encoded));
  });

  it('still rejects a wrong envelope or version when trusted', () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ v: 2, event: order }));
    expect(NatsWireFormat.decode(bytes, { trusted: true })).toMatchObject({
      ok: false,
      reason: 'unsupported_version',
    });
  });
});
