import type { BlockedPeriodLog } from './blockedPeriodLog.js';
import type { Broker } from './broker.js';
import type { AuthorizationChange } from './executionTypes.js';
import type { AuthorizationRequest, AuthorizationResult, TradingAuthorizer } from './tradingAuthorizer.js';

/** Blocks that apply to every symbol are set with this symbol. */
export const ALL_SYMBOLS = '*';

const NO_CHANGE: AuthorizationChange = Object.freeze({});

/**
 * The authorization of each symbol as last *reported* (the set of block reasons), for the
 * {@link TradeExecutor}: a change is reported once — a block when the set of reasons changes, an
 * authorization when it empties — and logged in the {@link BlockedPeriodLog}. External reasons
 * (`service_failed`, `stale_data`, ...) are added to the authorizer's own.
 *
 * @example
 * ```ts
 * const tracker = new AuthorizationTracker(authorizer, broker, new BlockedPeriodLog());
 * const change = tracker.recheck('EURUSD', Date.parse('2025-01-06T10:01:00Z'));
 * if (change.becameBlocked) console.warn(change.becameBlocked.details);
 * ```
 */
export class AuthorizationTracker {
  /** Symbol → comma-joined reasons last reported as blocking it; absent = authorized. */
  private readonly reported = new Map<string, string>();
  private readonly external = new Map<string, Set<string>>();
  /** Per symbol, the time it was last seen: a holder changed in place (a `Map.set` per candle showed). */
  private readonly lastTime = new Map<string, { time: number }>();
  /*
   * The last symbol seen starts at '' (no symbol or timeframe is empty), not undefined: optimised code
   * that compared only strings here was deoptimised ("wrong instance type") by the first comparison with
   * undefined in every new trading system of a process (an optimiser worker runs one per trial).
   */
  private seenSymbol = '';
  private seenAt: { time: number } | undefined;
  private readonly probeRequest: AuthorizationRequest = { symbol: '', time: 0, size: 0, intent: 'open' };

  constructor(
    private readonly authorizer: TradingAuthorizer,
    private readonly broker: Broker,
    private readonly blocks: BlockedPeriodLog,
  ) {}

  /** `symbol` was last seen at `time` (an external block is re-checked at that time). */
  seen(symbol: string, time: number): void {
    if (symbol !== this.seenSymbol || this.seenAt === undefined) {
      let holder = this.lastTime.get(symbol);
      if (holder === undefined) {
        holder = { time };
        this.lastTime.set(symbol, holder);
      }
      this.seenSymbol = symbol;
      this.seenAt = holder;
    }
    this.seenAt.time = time;
  }

  /** Re-checks whether a position of `symbol` could be opened at `time`, reporting a change. */
  recheck(symbol: string, time: number): AuthorizationChange {
    this.seen(symbol, time);
    if (this.external.size > 0) return this.record(symbol, this.probe(symbol, time), time);
    // Every candle: while the reasons are those last reported (usually none, or a limit held for many
    // bars), nothing changes and the details (formatted numbers) are not built. The probe is one object
    // reused (the authorizer keeps no reference to it).
    const request = this.probeRequest;
    request.symbol = symbol;
    request.time = time;
    const account = this.broker.getAccount();
    const positions = this.broker.getPositions();
    const reasons = this.authorizer.reasonsOf(request, account, positions);
    if (reasons === (this.reported.get(symbol) ?? '')) return NO_CHANGE;
    return this.record(symbol, this.authorizer.explainLast(request, account, positions), time);
  }

  /**
   * Sets or clears an external block reason (`service_failed`, `stale_data`, ...) for `symbol`, or for every
   * symbol with {@link ALL_SYMBOLS}. Returns the changes it causes for symbols already seen (re-checked at
   * their last time); a symbol not seen yet is judged on its external reasons alone.
   */
  setExternalBlock(symbol: string, reason: string, active: boolean): AuthorizationChange[] {
    const reasons = this.external.get(symbol) ?? new Set<string>();
    if (active) reasons.add(reason);
    else reasons.delete(reason);
    if (reasons.size > 0) this.external.set(symbol, reasons);
    else this.external.delete(symbol);
    const symbols = symbol === ALL_SYMBOLS ? [...this.lastTime.keys()] : [symbol];
    const changes: AuthorizationChange[] = [];
    for (const affected of symbols) {
      const time = this.lastTime.get(affected)?.time;
      const verdict =
        time === undefined
          ? this.withExternal(affected, { allowed: true, reasons: [], details: [] })
          : this.probe(affected, time);
      const change = this.record(affected, verdict, time ?? Number.NaN);
      if (change !== NO_CHANGE) changes.push(change);
    }
    return changes;
  }

  /** The reasons currently reported as blocking `symbol` (empty when authorized). */
  blockedReasons(symbol: string): string[] {
    const key = this.reported.get(symbol);
    return key === undefined ? [] : key.split(',');
  }

  /** Could a position of `symbol` be opened at `time`? (the authorizer's verdict with the external reasons) */
  probe(symbol: string, time: number): AuthorizationResult {
    const account = this.broker.getAccount();
    const verdict = this.authorizer.check(
      { symbol, time, size: 0, intent: 'open' },
      account,
      this.broker.getPositions(),
    );
    return this.withExternal(symbol, verdict);
  }

  /** `verdict` with the external reasons of `symbol` (and of every symbol) added. */
  withExternal(symbol: string, verdict: AuthorizationResult): AuthorizationResult {
    const own = this.external.get(symbol);
    const all = this.external.get(ALL_SYMBOLS);
    if (own === undefined && all === undefined) return verdict;
    const external = [...new Set([...(all ?? []), ...(own ?? [])])].sort();
    return {
      allowed: false,
      reasons: [...verdict.reasons, ...external.filter((reason) => !verdict.reasons.includes(reason))],
      details: [...verdict.details, ...external.map((reason) => `${reason}: set externally`)],
    };
  }

  /** Remembers `verdict` as the reported state of `symbol` and returns the change it makes, once. */
  record(symbol: string, verdict: AuthorizationResult, time: number): AuthorizationChange {
    const previous = this.reported.get(symbol);
    if (verdict.allowed) {
      if (previous === undefined) return NO_CHANGE;
      this.reported.delete(symbol);
      if (Number.isFinite(time)) this.blocks.authorized(symbol, time);
      return { becameAuthorized: { symbol, reason: `${previous.split(',').join(', ')} cleared` } };
    }
    const key = verdict.reasons.join(',');
    if (key === previous) return NO_CHANGE;
    this.reported.set(symbol, key);
    if (Number.isFinite(time)) this.blocks.blocked(symbol, time, verdict.reasons, verdict.details);
    return { becameBlocked: { symbol, reasons: verdict.reasons, details: verdict.details } };
  }
}
