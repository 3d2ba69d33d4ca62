import type { EventType, TradingEvent } from '../../events/tradingEvents.js';

/** The subject token of an event without a symbol (service events). */
const NO_SYMBOL = '_';
/** Characters NATS reserves inside a subject token: separators, wildcards and whitespace. */
const RESERVED_IN_TOKEN = /[.*>\s]/g;
/** Durable names also end up as file names on the server: keep them to a portable alphabet. */
const UNSAFE_IN_NAME = /[^A-Za-z0-9_-]/g;

/**
 * Builds the subjects and consumer names the NATS transport uses: `<prefix>.<EventType>.<symbol>` for
 * events (`_` when the event has no symbol), `<prefix>.deadletter.<reason>` for dead letters, and
 * durable names `<consumerName>_<EventType|all>[_<symbol>]`.
 *
 * @example
 * ```ts
 * NatsSubjects.forEvent('tradestate', candle);                 // 'tradestate.NewCandleEvent.EURUSD'
 * NatsSubjects.filter('tradestate', 'NewCandleEvent');         // 'tradestate.NewCandleEvent.>'
 * NatsSubjects.filter('tradestate', '*');                      // 'tradestate.>'
 * NatsSubjects.durableName('indicators', 'NewCandleEvent');    // 'indicators_NewCandleEvent'
 * ```
 */
export const NatsSubjects = {
  noSymbol: NO_SYMBOL,

  /** A symbol as one subject token: reserved characters become `_` so the subject keeps three tokens. */
  token(symbol: string | undefined): string {
    if (symbol === undefined || symbol === '') return NO_SYMBOL;
    return symbol.replace(RESERVED_IN_TOKEN, '_');
  },

  forEvent(prefix: string, event: TradingEvent): string {
    const symbol = 'symbol' in event ? event.symbol : undefined;
    return `${prefix}.${event.type}.${NatsSubjects.token(symbol)}`;
  },

  /** The filter subject of a subscription: one type (optionally one symbol), or everything with `'*'`. */
  filter(prefix: string, type: EventType | '*', symbol?: string): string {
    if (type === '*') return `${prefix}.>`;
    return symbol === undefined ? `${prefix}.${type}.>` : `${prefix}.${type}.${NatsSubjects.token(symbol)}`;
  },

  deadLetter(prefix: string, reason: string): string {
    return `${prefix}.deadletter.${NatsSubjects.token(reason)}`;
  },

  isDeadLetter(prefix: string, subject: string): boolean {
    return subject.startsWith(`${prefix}.deadletter.`);
  },

  /** The event type named by a subject, or undefined when the subject is not `<prefix>.<type>.<symbol>`. */
  typeOf(prefix: string, subject: string): string | undefined {
    if (!subject.startsWith(`${prefix}.`)) return undefined;
    const rest = subject.slice(prefix.length + 1);
    const dot = rest.indexOf('.');
    return dot < 0 ? undefined : rest.slice(0, dot);
  },

  durableName(consumerName: string, type: EventType | '*', symbol?: string): string {
    const parts = [consumerName, type === '*' ? 'all' : type];
    if (symbol !== undefined) parts.push(symbol);
    return parts.map((part) => part.replace(UNSAFE_IN_NAME, '_')).join('_');
  },
};
