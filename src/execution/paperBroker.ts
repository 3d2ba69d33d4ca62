import { createStore } from '@xstate/store';
import type { SystemConfig } from '../config/systemConfig.js';
import { ConversionSeries } from '../instruments/conversionSeries.js';
import { CurrencyConverter } from '../instruments/currencyConverter.js';
import { type InstrumentProfile, resolveInstrument } from '../instruments/instrumentProfile.js';
import { plainNumberText } from '../util/plainNumberText.js';
import type { SeededRandom } from '../util/random.js';
import type { AccountState, Broker, Fill, OrderRequest, Position } from './broker.js';
import { OrderRejectedError } from './orderRejectedError.js';
import {
  applyFill,
  applyMark,
  initialPaperState,
  type Ownership,
  type PaperAccountState,
} from './paperAccounting.js';
import { PaperAccountStateSchema } from './paperAccountStateSchema.js';
import { type PaperPricing, positionMargin, pricePnl, roundCents, roundToStep } from './paperPricing.js';
import { positionIndices } from './positionIndex.js';
import { ConverterSlot, SymbolPricing } from './symbolPricing.js';
import { valuationAt } from './valuationAt.js';

/**
 * Options of {@link PaperBroker}.
 *
 * @example
 * ```ts
 * const broker = new PaperBroker({ trading: config.trading, random: new SeededRandom(42) });
 * ```
 */
export interface PaperBrokerOptions {
  trading: SystemConfig['trading'];
  /** When given, slippage is drawn uniformly from [0, 2 × slippage_pips) (same mean); otherwise it is fixed. */
  random?: SeededRandom;
  /** Symbols whose profiles and currency conversions are checked at construction (default: the config's). */
  symbols?: readonly string[];
}

/** The account store: it takes each new state of the account (after a fill or a restore). */
function createPaperStore(initial: PaperAccountState) {
  return createStore({
    context: initial,
    on: {
      changed: (_context, event: { state: PaperAccountState }) => event.state,
    },
  });
}

/**
 * A simulated broker: market orders fill at once against the last close. The account (balance, equity,
 * positions, realized and unrealized PnL, equity peak, daily PnL) is plain state: a mark-to-market on
 * every bar is arithmetic on it, and each fill (or restore) also goes to an `@xstate/store` store that
 * can be watched.
 *
 * Accounting (see docs/execution.md):
 * - Fill price = reference price ± half the spread (buy at the ask, sell at the bid) ± slippage, always
 *   adverse; rounded to a tenth of a pip. Slippage is `slippage_pips`, or uniform in [0, 2 × slippage_pips)
 *   when a `random` is given.
 * - Commission: `commission_per_lot` is the round trip; half is charged on the opening fill and half on
 *   the closing fill (each rounded to cents), so a position's cost is visible while it is open.
 * - Realized PnL = (exit − entry) × size × contract_size × (+1 long, −1 short); balance += realized − commissions.
 * - Unrealized PnL values each position at the price it would exit at (bid for longs, ask for shorts) at
 *   the last mark, so equity never jumps when a position is closed at that mark (bar slippage).
 * - The trading day starts at UTC midnight; `dailyRealizedPnl` is realized PnL net of commissions since then.
 * - Money is rounded to cents when booked.
 *
 * One position per (symbol, strategy): opening a second is rejected (`position_exists`); a close needs the
 * matching position (`no_position`, `direction_mismatch`) and may be partial (`size_exceeds_position`).
 *
 * @example
 * ```ts
 * const broker = new PaperBroker({ trading: config.trading });
 * const fill = broker.placeOrder({
 *   clientOrderId: 'ema_cross:EURUSD:1:20250106T100000Z:open', symbol: 'EURUSD', direction: 'long',
 *   size: 0.1, intent: 'open', strategyName: 'ema_cross', referencePrice: 1.1, time: Date.parse('2025-01-06T10:01:00Z'),
 * });
 * fill.price; // 1.10006 with the default 0.8 pip spread and 0.2 pip slippage
 * broker.markToMarket('EURUSD', 1.102, Date.parse('2025-01-06T10:02:00Z'));
 * broker.getAccount().equity; // 10018.65
 * ```
 */
export class PaperBroker implements Broker {
  readonly name = 'paper';
  /**
   * The account store, sent the account after every fill and restore; subscribe to it to watch trades
   * change the account. Between fills it lags the marks: read {@link getAccount} for the current equity.
   */
  readonly store: ReturnType<typeof createPaperStore>;
  private state: PaperAccountState;
  /**
   * What of `state` is the broker's alone: copies made by a mark that no store state, checkpoint or
   * `current()` caller has seen yet, so later marks may write into them (see `applyMark`).
   */
  private readonly owned: Ownership = { marks: false, positions: false };
  private readonly trading: SystemConfig['trading'];
  private readonly profiles = new Map<string, InstrumentProfile>();
  private readonly pricings = new Map<string, PaperPricing>();
  /*
   * The last symbol priced starts at '' (no symbol or timeframe is empty), not undefined: optimised code
   * that compared only strings here was deoptimised ("wrong instance type") by the first comparison with
   * undefined in every new trading system of a process (an optimiser worker runs one per trial).
   */
  private pricedSymbol = '';
  private lastPricing: PaperPricing | undefined;
  /** The converter of the symbols seen so far, shared with their pricings (which outlive a new converter). */
  private readonly converterSlot: ConverterSlot;
  private readonly series: ReadonlyMap<string, ConversionSeries>;
  private readonly commissionPerSide: number;
  private readonly random: SeededRandom | undefined;

  /**
   * @throws MissingConversionError when a symbol's quote currency cannot be turned into the account's;
   * ConversionSeriesError when a `trading.conversion_series` file cannot be read.
   */
  constructor(options: PaperBrokerOptions) {
    const { trading } = options;
    this.trading = trading;
    const symbols = options.symbols ?? trading.symbols ?? [trading.symbol];
    for (const symbol of symbols) this.profiles.set(symbol, resolveInstrument(symbol, trading));
    this.series = new Map(
      Object.entries(trading.conversion_series).map(([pair, path]) => [
        pair,
        ConversionSeries.load(pair, path),
      ]),
    );
    this.converterSlot = new ConverterSlot(
      CurrencyConverter.forProfiles([...this.profiles.values()], trading, this.series),
    );
    this.commissionPerSide = trading.broker.commission_per_lot / 2;
    this.random = options.random;
    this.state = initialPaperState(trading.initial_balance);
    this.store = createPaperStore(this.state);
  }

  /** The instrument profile the broker trades `symbol` with. */
  profile(symbol: string): InstrumentProfile {
    let profile = this.profiles.get(symbol);
    if (profile === undefined) {
      profile = resolveInstrument(symbol, this.trading);
      this.profiles.set(symbol, profile);
      this.converterSlot.current = CurrencyConverter.forProfiles(
        [...this.profiles.values()],
        this.trading,
        this.series,
      );
    }
    return profile;
  }

  /** Quote → account currency rate of `symbol` at `time` when it trades at `price` (for sizing). */
  conversionRate(symbol: string, price: number, time: number): number {
    return this.pricing(symbol).rate?.(price, this.state.marks, time) ?? 1;
  }

  private pricing(symbol: string): PaperPricing {
    // Every candle marks the same symbol twice: the last lookup answers without hashing the symbol.
    if (symbol === this.pricedSymbol && this.lastPricing !== undefined) return this.lastPricing;
    let pricing = this.pricings.get(symbol);
    if (pricing === undefined) {
      const profile = this.profile(symbol);
      pricing = new SymbolPricing(
        symbol,
        this.converterSlot,
        (this.trading.broker.spread_pips * profile.pipSize) / 2,
        profile,
      );
      this.pricings.set(symbol, pricing);
    }
    this.pricedSymbol = symbol;
    this.lastPricing = pricing;
    return pricing;
  }

  /** Fills a market order at once; throws {@link OrderRejectedError} when it cannot be filled. */
  placeOrder(order: OrderRequest): Fill {
    if (!(order.size > 0) || !Number.isFinite(order.size))
      throw new OrderRejectedError('invalid_size', order);
    if (!(order.referencePrice > 0) || !Number.isFinite(order.referencePrice)) {
      throw new OrderRejectedError('invalid_price', order);
    }
    const context = this.state;
    const position = context.positions.find(
      (open) => open.symbol === order.symbol && open.strategyName === order.strategyName,
    );
    const pricing = this.pricing(order.symbol);
    const buying = (order.direction === 'long') === (order.intent === 'open');
    const price = roundToStep(this.executionPrice(order, pricing, buying), pricing.priceStep);
    const commission = roundCents(this.commissionPerSide * order.size);
    const rate = pricing.rate?.(price, context.marks, order.time) ?? 1;
    let realizedPnl: number | undefined;
    if (order.intent === 'open') {
      if (position !== undefined)
        throw new OrderRejectedError('position_exists', order, position.clientOrderId);
      // A spread wider than the price (a 0.0001 pip on a coin at 0.00001) would sell at 0 or below; a close
      // still fills, so that a position can always be left.
      if (!(price > 0)) {
        throw new OrderRejectedError(
          'invalid_price',
          order,
          `fill price ${plainNumberText(price)}: half the spread and the slippage exceed the price ${plainNumberText(order.referencePrice)}; set trading.instruments.${order.symbol}.pip_size`,
        );
      }
      const required = positionMargin(order.size, price, pricing, rate);
      const free = roundCents(context.account.equity - (context.account.usedMargin ?? 0));
      if (required > free) {
        throw new OrderRejectedError(
          'insufficient_margin',
          order,
          `needs ${required.toFixed(2)} ${this.trading.account_currency} margin, ${free.toFixed(2)} free`,
        );
      }
    } else {
      if (position === undefined) throw new OrderRejectedError('no_position', order);
      if (position.direction !== order.direction) {
        throw new OrderRejectedError('direction_mismatch', order, `open position is ${position.direction}`);
      }
      if (order.size > position.size + 1e-9) {
        throw new OrderRejectedError('size_exceeds_position', order, `open size ${position.size}`);
      }
      realizedPnl = pricePnl(
        position.direction,
        position.entryPrice,
        price,
        order.size,
        pricing.contractSize,
        rate,
      );
    }
    // Assignments, not spreads of conditional objects (those leave V8's fast path); same key order.
    const fill: Fill = {
      clientOrderId: order.clientOrderId,
      symbol: order.symbol,
      direction: order.direction,
      size: order.size,
      price,
      commission,
      time: order.time,
      intent: order.intent,
      strategyName: order.strategyName,
    };
    if (realizedPnl !== undefined) fill.realizedPnl = realizedPnl;
    if (order.reason !== undefined) fill.reason = order.reason;
    if (order.orderType !== undefined && order.orderType !== 'market') fill.orderType = order.orderType;
    this.state = applyFill(this.state, fill, order.referencePrice, pricing);
    this.disown();
    this.store.send({ type: 'changed', state: this.state });
    return fill;
  }

  /**
   * Market and stop orders pay half the spread and the slippage against the reference; a limit order
   * trades at its level.
   */
  private executionPrice(order: OrderRequest, pricing: PaperPricing, buying: boolean): number {
    if (order.orderType === 'limit') return order.referencePrice;
    const pip = this.profile(order.symbol).pipSize;
    const slippagePrice = this.trading.broker.slippage_pips * pip;
    const slippage = this.random === undefined ? slippagePrice : slippagePrice * 2 * this.random.next();
    const adverse = pricing.halfSpread + slippage;
    return order.referencePrice + (buying ? adverse : -adverse);
  }

  /** Values the positions in `symbol` at `price` (every bar): arithmetic on the state, no store transition. */
  markToMarket(symbol: string, price: number, time: number): void {
    const { marks, positions } = this.state;
    this.state = applyMark(this.state, symbol, price, time, this.pricing(symbol), this.owned);
    // New objects made for this state, which nobody else holds yet.
    if (this.state.marks !== marks) this.owned.marks = true;
    if (this.state.positions !== positions) this.owned.positions = true;
  }

  /**
   * Equity and used margin if `symbol` were marked at `price` now, without marking it (see
   * `valuationAt`); undefined when only a mark can tell.
   */
  valuationAt(
    symbol: string,
    price: number,
    time: number,
  ): { equity: number; usedMargin: number } | undefined {
    return valuationAt(this.state, symbol, price, time, this.pricing(symbol));
  }

  /** The state is about to be seen (and maybe kept) outside: the next mark copies what it changes. */
  private disown(): void {
    this.owned.marks = false;
    this.owned.positions = false;
  }

  getAccount(): AccountState {
    return this.state.account;
  }

  getPositions(): readonly Position[] {
    return this.state.positions;
  }

  /**
   * Where the positions of `symbol` are in {@link getPositions}, in list order: a bar of one symbol need
   * not walk every symbol's positions. Valid for the list as it is now.
   */
  positionIndices(symbol: string): readonly number[] {
    return positionIndices(this.state.positions, symbol);
  }

  getFills(): readonly Fill[] {
    return this.state.fills;
  }

  /**
   * The whole account as it is now, not copied: each change makes a new state object, so it may be kept
   * (a durable run's checkpoint serializes it later) but must not be changed. Its `fills` list is shared
   * with later states and grows with their fills (see `applyFill`): copy it, or use {@link snapshot}, to
   * keep the fills of this moment.
   */
  current(): Readonly<PaperAccountState> {
    // The caller may keep it: the next mark copies the marks instead of changing this state's.
    this.disown();
    return this.state;
  }

  /** A JSON-serializable copy of the whole account, for durable checkpoints. */
  snapshot(): PaperAccountState {
    return structuredClone(this.state);
  }

  /** Replaces the account with a checkpoint from {@link snapshot} (validated: it may come from disk). */
  restore(state: unknown): void {
    const parsed = PaperAccountStateSchema.parse(state) as PaperAccountState;
    this.state = structuredClone(parsed);
    this.disown();
    this.store.send({ type: 'changed', state: this.state });
  }
}
