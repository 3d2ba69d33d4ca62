import { type TradingEvent, TradingEventSchema } from '../../events/tradingEvents.js';
import { HotEventShapes } from './hotEventShapes.js';

/** Version of the envelope `{ v, event }`; a receiver dead-letters any other version. */
export const WIRE_VERSION = 1;

/** Why a message could not be turned into an event; also the last token of its dead-letter subject. */
export type WireRejection = 'malformed' | 'unsupported_version' | 'invalid';

export type WireDecodeResult =
  | { ok: true; event: TradingEvent }
  | { ok: false; reason: WireRejection; detail: string };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The JSON of indicator rows already encoded, by row. A row is carried by `recent_rows_limit` consecutive
 * `IndicatorsCalculatedEvent`s (6 by default) and never changed once made (`appendRow` builds a new array
 * around the same rows), so each is stringified once instead of once per event: stringifying the rows was
 * most of a producing process's encoding time.
 */
const rowJson = new WeakMap<object, string>();
/** Where the rows go in the envelope stringified with none (`recent_rows` is a top-level key). */
const EMPTY_ROWS = '"recent_rows":[]';

/** `JSON.stringify({ v, event })` of an `IndicatorsCalculatedEvent`, each row's JSON taken from `rowJson`. */
function indicatorsJson(event: Extract<TradingEvent, { type: 'IndicatorsCalculatedEvent' }>): string {
  const rows = event.recent_rows;
  let json = '';
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index];
    if (typeof row !== 'object' || row === null) return JSON.stringify({ v: WIRE_VERSION, event });
    let text = rowJson.get(row);
    if (text === undefined) {
      text = JSON.stringify(row);
      rowJson.set(row, text);
    }
    json = index === 0 ? text : `${json},${text}`;
  }
  const envelope = JSON.stringify({ v: WIRE_VERSION, event: { ...event, recent_rows: [] } });
  // Inside a string value a quote is escaped, so only the key itself matches; anything else (twice): in full.
  const at = envelope.indexOf(EMPTY_ROWS);
  if (at < 0 || envelope.lastIndexOf(EMPTY_ROWS) !== at) return JSON.stringify({ v: WIRE_VERSION, event });
  const rowsStart = at + EMPTY_ROWS.length - 1;
  return `${envelope.slice(0, rowsStart)}${json}${envelope.slice(rowsStart)}`;
}

/**
 * The wire format of events between processes: UTF-8 JSON of `{ v: 1, event }`. Encoding trusts the
 * types (the hot path pays no validation); decoding validates with `TradingEventSchema` (the per-bar events
 * with the equivalent `HotEventShapes`), because what
 * arrives from the network is untrusted, unless the caller knows the bytes are its own encoding of an
 * event it built (`{ trusted: true }`, see `OwnMessages`).
 *
 * @example
 * ```ts
 * const bytes = NatsWireFormat.encode(candle);
 * const result = NatsWireFormat.decode(bytes);
 * if (result.ok) handle(result.event); else deadLetter(result.reason, result.detail);
 * ```
 */
export const NatsWireFormat = {
  encode(event: TradingEvent): Uint8Array {
    if (event.type === 'IndicatorsCalculatedEvent') return encoder.encode(indicatorsJson(event));
    return encoder.encode(JSON.stringify({ v: WIRE_VERSION, event }));
  },

  decode(data: Uint8Array, options: { trusted?: boolean } = {}): WireDecodeResult {
    let parsed: unknown;
    try {
      parsed = JSON.parse(decoder.decode(data));
    } catch (error) {
      return { ok: false, reason: 'malformed', detail: (error as Error).message };
    }
    if (typeof parsed !== 'object' || parsed === null || !('v' in parsed) || !('event' in parsed)) {
      return { ok: false, reason: 'malformed', detail: 'expected an object { v, event }' };
    }
    if (parsed.v !== WIRE_VERSION) {
      return { ok: false, reason: 'unsupported_version', detail: `wire version ${String(parsed.v)}` };
    }
    if (options.trusted === true) return { ok: true, event: parsed.event as TradingEvent };
    // The per-bar events pass a structural check equal to their schemas; anything else, and anything it
    // does not accept, goes through zod, which names what is wrong.
    if (HotEventShapes.accepts(parsed.event)) return { ok: true, event: parsed.event };
    const result = TradingEventSchema.safeParse(parsed.event);
    if (!result.success) {
      const issue = result.error.issues[0];
      const detail = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'schema mismatch';
      return { ok: false, reason: 'invalid', detail };
    }
    return { ok: true, event: result.data };
  },
};
