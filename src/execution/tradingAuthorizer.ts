import type { SystemConfig } from '../config/systemConfig.js';
import type { AccountState, Position } from './broker.js';
import { NewsWindowError } from './newsWindowError.js';
import { utcDayStart } from './paperPricing.js';

/**
 * What is about to be done. `size` 0 asks "could a new position be opened now?" (no size limit checked).
 *
 * @example
 * ```ts
 * const broker = new FakeBroker();
 * const authorizer = new TradingAuthorizer(config.trading, config.risk);
 * const verdict = authorizer.check({ symbol: 'EURUSD', time: Date.now(), size: 0.1, intent: 'open' }, broker.getAccount(), broker.getPositions());
 * ```
 */
export interface AuthorizationRequest {
  symbol: string;
  time: number;
  size: number;
  intent: 'open' | 'close';
}

/**
 * The verdict. `reasons` are the event-level words (`news_block`, `session_closed`, `risk_breach`), each once,
 * in that order; `details` say which limit and by how much (`max_daily_loss: loss 512.30 >= limit 500`).
 *
 * @example
 * ```ts
 * const broker = new FakeBroker();
 * const authorizer = new TradingAuthorizer(config.trading, config.risk);
 * const request: AuthorizationRequest = { symbol: 'EURUSD', time: Date.now(), size: 0.1, intent: 'open' };
 * const verdict: AuthorizationResult = authorizer.check(request, broker.getAccount(), broker.getPositions());
 * if (!verdict.allowed) console.warn(verdict.details.join('; '));
 * ```
 */
export interface AuthorizationResult {
  allowed: boolean;
  reasons: string[];
  details: string[];
}

/**
 * What the authorizer remembers about drawdown between checks (see `TradingAuthorizer.snapshot`).
 *
 * @example
 * ```ts
 * const authorizer = new TradingAuthorizer(config.trading, config.risk);
 * const state: DrawdownState = authorizer.snapshot(); // {} until a drawdown block or halt
 * ```
 */
export interface DrawdownState {
  resetPeak?: number | undefined;
  drawdownSince?: number | undefined;
  halt?: { drawdown: number; time: number } | undefined;
}

interface NewsWindow {
  start: number;
  end: number;
  symbols: ReadonlySet<string> | undefined;
  detail: string;
}

interface SessionWindow {
  start: number;
  end: number;
}

// Shared (and frozen) because most checks pass: the per-candle re-check allocates nothing then.
const ALLOWED: AuthorizationResult = Object.freeze({
  allowed: true,
  reasons: Object.freeze([]) as unknown as string[],
  details: Object.freeze([]) as unknown as string[],
});

const NEWS_BLOCK = 1;
const SESSION_CLOSED = 2;
const RISK_BREACH = 4;
/** The comma-joined reasons of each combination of reason bits, in the order `check` lists them. */
const REASON_KEYS = Array.from({ length: 8 }, (_, bits) =>
  [
    ...(bits & NEWS_BLOCK ? ['news_block'] : []),
    ...(bits & SESSION_CLOSED ? ['session_closed'] : []),
    ...(bits & RISK_BREACH ? ['risk_breach'] : []),
  ].join(','),
);

function minuteOfDay(hhmm: string): number {
  const [hours = 0, minutes = 0] = hhmm.split(':').map(Number);
  return hours * 60 + minutes;
}

/**
 * Decides whether an order may be placed. Closing orders are always allowed: blocking an exit would hold
 * risk open, the opposite of what every block is for. An opening order is refused when
 * - `news_block`: `time` is inside a `trading.news_blocks` window [start, end) that lists the symbol (or
 *   lists no symbols);
 * - `session_closed`: the symbol's sessions (`trading.instruments.<symbol>.sessions`, else
 *   `trading.sessions`) are not empty and `time` is in none of them; a window is
 *   [start, end) in UTC minutes of the day, wraps midnight when end < start, and covers the whole day when
 *   start = end;
 * - `risk_breach`, with the detail naming the limit: `max_position_size` (size > limit), `max_open_positions`
 *   (open positions across symbols and strategies ≥ limit), `max_daily_loss` (today's realized loss net of
 *   commissions, plus the current unrealized loss — unrealized gains do not offset — ≥ limit; the day starts
 *   at UTC midnight), `max_drawdown` ((peak equity − equity) / peak ≥ limit percent).
 *
 * @example
 * ```ts
 * import pino from 'pino';
 *
 * const broker = new FakeBroker();
 * const logger = pino({ level: 'silent' });
 * const time = Date.UTC(2025, 0, 6, 10, 0);
 * const authorizer = new TradingAuthorizer(config.trading, config.risk);
 * const verdict = authorizer.check({ symbol: 'EURUSD', time, size: 0.1, intent: 'open' }, broker.getAccount(), broker.getPositions());
 * if (!verdict.allowed) logger.warn(verdict.details.join('; '));
 * ```
 */
export class TradingAuthorizer {
  private readonly news: NewsWindow[];
  private readonly sessions: SessionWindow[];
  /** `trading.instruments.<symbol>.sessions`, which replace the global sessions for that symbol. */
  private readonly symbolSessions = new Map<string, SessionWindow[]>();
  /** With `on_max_drawdown: resume`: the peak the drawdown is measured from since the last reset. */
  private resetPeak: number | undefined;
  /** When the current drawdown block began (market time), for the cool-off. */
  private drawdownSince: number | undefined;
  /** With `on_max_drawdown: halt`: the breach that stopped new entries for good. */
  private halt: { drawdown: number; time: number } | undefined;
  /** Counts the changes of the drawdown state ({@link snapshot}): checkpoints skip an unchanged one. */
  version = 0;
  /** What the last {@link assess} found, for {@link explain}: the reason bits, the window, minute and peak. */
  private assessed = 0;
  private assessedNews: NewsWindow | undefined;
  private assessedMinute: number | undefined;
  /**
   * NaN until the first assessment, which sets it: a double from the start, since an integer first value
   * (a flat account's peak) made V8 change the authorizer's shape, and throw away the optimised code of
   * every method, at the first fractional peak.
   */
  private assessedPeak = Number.NaN;

  constructor(
    trading: SystemConfig['trading'],
    private readonly risk: SystemConfig['risk'],
  ) {
    // Parsed once: the check runs on every candle.
    this.news = trading.news_blocks.map((window) => {
      const start = Date.parse(window.start);
      const end = Date.parse(window.end);
      if (Number.isNaN(start) || Number.isNaN(end) || end <= start) {
        throw new NewsWindowError(
          `news block ${window.start} .. ${window.end}: expected two ISO-8601 times, start < end`,
        );
      }
      return {
        start,
        end,
        symbols: window.symbols === undefined ? undefined : new Set(window.symbols),
        detail: `news_block: ${window.start} .. ${window.end}`,
      };
    });
    this.sessions = trading.sessions.map((window) => ({
      start: minuteOfDay(window.start),
      end: minuteOfDay(window.end),
    }));
    for (const [symbol, instrument] of Object.entries(trading.instruments)) {
      if (instrument.sessions === undefined) continue;
      this.symbolSessions.set(
        symbol,
        instrument.sessions.map((window) => ({
          start: minuteOfDay(window.start),
          end: minuteOfDay(window.end),
        })),
      );
    }
  }

  /** The drawdown state (halt latch, reset peak, cool-off start) as JSON, for checkpoints. */
  snapshot(): DrawdownState {
    return {
      ...(this.resetPeak === undefined ? {} : { resetPeak: this.resetPeak }),
      ...(this.drawdownSince === undefined ? {} : { drawdownSince: this.drawdownSince }),
      ...(this.halt === undefined ? {} : { halt: { ...this.halt } }),
    };
  }

  /** Restores a {@link snapshot}. */
  restore(state: DrawdownState): void {
    this.version++;
    this.resetPeak = state.resetPeak;
    this.drawdownSince = state.drawdownSince;
    this.halt = state.halt === undefined ? undefined : { ...state.halt };
  }

  check(
    request: AuthorizationRequest,
    account: AccountState,
    positions: readonly Position[],
  ): AuthorizationResult {
    if (request.intent === 'close') return ALLOWED;
    return this.assess(request, account, positions) === 0
      ? ALLOWED
      : this.explain(request, account, positions);
  }

  /**
   * The reasons {@link check} would give, comma-joined ('' when allowed), without building the details:
   * the per-candle probe compares them with the reasons last reported and needs the details only when they
   * differ ({@link explainLast}). Updates the drawdown state exactly as {@link check} does.
   */
  reasonsOf(request: AuthorizationRequest, account: AccountState, positions: readonly Position[]): string {
    if (request.intent === 'close') return '';
    return REASON_KEYS[this.assess(request, account, positions)]!;
  }

  /**
   * The full verdict of the {@link reasonsOf} call just made with the same arguments (its drawdown state is
   * not advanced a second time).
   */
  explainLast(
    request: AuthorizationRequest,
    account: AccountState,
    positions: readonly Position[],
  ): AuthorizationResult {
    if (request.intent === 'close' || this.assessed === 0) return ALLOWED;
    return this.explain(request, account, positions);
  }

  /**
   * Runs every test and remembers what the details need (window, minute, peak); returns the reasons as
   * bits (NEWS_BLOCK | SESSION_CLOSED | RISK_BREACH). Runs on every candle and nearly always passes:
   * nothing is allocated.
   */
  private assess(
    request: AuthorizationRequest,
    account: AccountState,
    positions: readonly Position[],
  ): number {
    this.assessedNews = this.newsWindowAt(request.symbol, request.time);
    this.assessedMinute = this.minuteOutsideSessions(request.symbol, request.time);
    this.assessedPeak = this.drawdownPeak(account, request.time);
    const risky = this.breachesRisk(request, account, positions, this.assessedPeak);
    this.assessed =
      (this.assessedNews === undefined ? 0 : NEWS_BLOCK) |
      (this.assessedMinute === undefined ? 0 : SESSION_CLOSED) |
      (risky ? RISK_BREACH : 0);
    return this.assessed;
  }

  /** The blocked verdict of the last {@link assess}, with its details. */
  private explain(
    request: AuthorizationRequest,
    account: AccountState,
    positions: readonly Position[],
  ): AuthorizationResult {
    const reasons: string[] = [];
    const details: string[] = [];
    const news = this.assessedNews;
    const minute = this.assessedMinute;
    if (news !== undefined) {
      reasons.push('news_block');
      details.push(news.detail);
    }
    if (minute !== undefined) {
      const hhmm = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
      reasons.push('session_closed');
      details.push(`session_closed: ${hhmm} UTC is outside the sessions`);
    }
    if ((this.assessed & RISK_BREACH) !== 0) {
      reasons.push('risk_breach');
      details.push(...this.riskBreaches(request, account, positions, this.assessedPeak));
    }
    return { allowed: false, reasons, details };
  }

  private newsWindowAt(symbol: string, time: number): NewsWindow | undefined {
    for (const window of this.news) {
      if (
        time >= window.start &&
        time < window.end &&
        (window.symbols === undefined || window.symbols.has(symbol))
      )
        return window;
    }
    return undefined;
  }

  /** The UTC minute of the day when `time` is outside every session; undefined when trading hours are open. */
  private minuteOutsideSessions(symbol: string, time: number): number | undefined {
    const sessions = this.symbolSessions.get(symbol) ?? this.sessions;
    if (sessions.length === 0) return undefined;
    const minute = Math.floor((time - utcDayStart(time)) / 60_000);
    for (const { start, end } of sessions) {
      if (start === end) return undefined;
      if (start < end ? minute >= start && minute < end : minute >= start || minute < end) return undefined;
    }
    return minute;
  }

  /**
   * The equity peak the drawdown limit is measured from. `halt` (default): the account's all-time peak,
   * so a breach blocks entries until equity recovers — with nothing open, for the rest of the run.
   * `resume`: once blocked for `drawdown_cooloff_hours` of market time, the peak is reset to the equity
   * of that moment and entries are allowed again; the limit then applies from the new peak.
   */
  private drawdownPeak(account: AccountState, time: number): number {
    const { resetPeak, drawdownSince, halt } = this;
    const peak = this.movePeak(account, time);
    if (resetPeak !== this.resetPeak || drawdownSince !== this.drawdownSince || halt !== this.halt)
      this.version++;
    return peak;
  }

  private movePeak(account: AccountState, time: number): number {
    const { risk } = this;
    if (this.resetPeak !== undefined) this.resetPeak = Math.max(this.resetPeak, account.equity);
    const peak = this.resetPeak ?? account.peakEquity;
    const breached = peak > 0 && ((peak - account.equity) / peak) * 100 >= risk.max_drawdown_percent;
    if (risk.on_max_drawdown !== 'resume') {
      // Latched: a recovery of open positions does not re-open entries after the limit was hit.
      if (breached && this.halt === undefined)
        this.halt = { drawdown: ((peak - account.equity) / peak) * 100, time };
      return peak;
    }
    if (!breached) {
      this.drawdownSince = undefined;
      return peak;
    }
    this.drawdownSince ??= time;
    if (time - this.drawdownSince < risk.drawdown_cooloff_hours * 3_600_000) return peak;
    this.drawdownSince = undefined;
    this.resetPeak = account.equity;
    return account.equity;
  }

  /** The same tests as {@link riskBreaches} without building the messages: the per-candle fast path. */
  private breachesRisk(
    request: AuthorizationRequest,
    account: AccountState,
    positions: readonly Position[],
    peak: number,
  ): boolean {
    const { risk } = this;
    if (request.size > risk.max_position_size + 1e-9 || positions.length >= risk.max_open_positions)
      return true;
    const dailyRealized = account.dayStart >= utcDayStart(request.time) ? account.dailyRealizedPnl : 0;
    if (-(dailyRealized + Math.min(0, account.unrealizedPnl)) >= risk.max_daily_loss) return true;
    return (
      this.halt !== undefined ||
      (peak > 0 && ((peak - account.equity) / peak) * 100 >= risk.max_drawdown_percent)
    );
  }

  private riskBreaches(
    request: AuthorizationRequest,
    account: AccountState,
    positions: readonly Position[],
    peak: number,
  ): string[] {
    const { risk } = this;
    const breaches: string[] = [];
    if (request.size > risk.max_position_size + 1e-9) {
      breaches.push(`max_position_size: size ${request.size} > limit ${risk.max_position_size}`);
    }
    if (positions.length >= risk.max_open_positions) {
      breaches.push(`max_open_positions: ${positions.length} open >= limit ${risk.max_open_positions}`);
    }
    // An account not yet touched today still carries yesterday's figure: today it is 0.
    const dailyRealized = account.dayStart >= utcDayStart(request.time) ? account.dailyRealizedPnl : 0;
    const dailyLoss = -(dailyRealized + Math.min(0, account.unrealizedPnl));
    if (dailyLoss >= risk.max_daily_loss) {
      breaches.push(`max_daily_loss: loss ${dailyLoss.toFixed(2)} >= limit ${risk.max_daily_loss}`);
    }
    if (this.halt !== undefined) {
      breaches.push(
        `max_drawdown: ${this.halt.drawdown.toFixed(2)}% >= limit ${risk.max_drawdown_percent}% on ${new Date(this.halt.time).toISOString()}; new entries halted for the rest of the run (risk.on_max_drawdown: halt)`,
      );
    } else if (peak > 0) {
      const drawdown = ((peak - account.equity) / peak) * 100;
      if (drawdown >= risk.max_drawdown_percent) {
        breaches.push(
          `max_drawdown: ${drawdown.toFixed(2)}% >= limit ${risk.max_drawdown_percent}%; resumes after ${risk.drawdown_cooloff_hours} h from a new peak (risk.on_max_drawdown: resume)`,
        );
      }
    }
    return breaches;
  }
}
