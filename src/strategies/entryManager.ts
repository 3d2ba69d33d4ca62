import { copyData } from '../util/copyData.js';
import { type CapturedClock, EntryManagerCapture } from './entryManagerCapture.js';
import {
  type EntryManagerState,
  EntryManagerStateSchema,
  type EntrySlotState,
  type OpenPosition,
  type PendingEntry,
  type PendingExit,
} from './entryManagerState.js';
import type { EntryBlockReason, EntryPermission } from './entryPermission.js';
import type { OpenFill } from './openFill.js';

/**
 * Whether a candle time is new on its bar clock, the one seen last (an update), or older (out of order).
 *
 * @example
 * ```ts
 * const candleTime = Date.UTC(2025, 0, 6, 10, 0);
 * const entries = new EntryManager({ cooldownBars: 1 });
 * const advance: BarAdvance = entries.advanceBar('EURUSD', '5', candleTime);
 * if (advance === 'stale') console.log('out of order: ignored');
 * ```
 */
export type BarAdvance = 'new' | 'repeat' | 'stale';

const ALLOWED: EntryPermission = Object.freeze({ allowed: true });
const blocked = (reason: EntryBlockReason): EntryPermission => Object.freeze({ allowed: false, reason });
const BLOCKED = {
  position_open: blocked('position_open'),
  entry_pending: blocked('entry_pending'),
  same_candle: blocked('same_candle'),
  cooldown: blocked('cooldown'),
} as const;

interface BarClock {
  lastTime: number;
  index: number;
}
type Slot = Omit<EntrySlotState, 'symbol' | 'strategyName'>;

/**
 * One symbol's bar clocks and slots (the same maps `clocks` and `slots` hold), found with one lookup when
 * the symbol changes: with many symbols it changes on every candle.
 */
interface SymbolEntries {
  clocks: Map<string, BarClock> | undefined;
  slots: Map<string, Slot> | undefined;
  /** The clock looked up last in this symbol: a symbol's candles usually come on one timeframe. */
  /** '' until a clock was found (see `EntryManager.lastSymbol`). */
  clockTimeframe: string;
  lastClock: BarClock | undefined;
}

/**
 * Entry bookkeeping per (symbol, strategy): at most one open position, a cooldown of `cooldownBars` bars
 * after an exit, and never two entries for the same candle. Positions exist only once confirmed: the
 * strategy service calls `confirmOpen` / `confirmClose` when it sees the `OrderPlacedEvent`, so a
 * rejected order leaves no phantom position. Until then a pending mark blocks a second entry (or exit) on
 * the same candle, which is what an asynchronous bus needs; on a synchronous bus the confirmation arrives
 * before `publish` returns.
 *
 * Bars are counted per (symbol, timeframe): the index goes up by one each time a later candle time is
 * seen. Counting candles, not clock time, means weekends and other gaps are not bars held.
 *
 * @example
 * ```ts
 * const candleTime = Date.UTC(2025, 0, 6, 10, 0);
 * const entries = new EntryManager({ cooldownBars: 1 });
 * entries.advanceBar('EURUSD', '1', candleTime);
 * const bar = entries.barIndex('EURUSD', '1');
 * if (entries.canEnter('EURUSD', 'ema_cross', candleTime, bar).allowed) {
 *   entries.markEntryPending('EURUSD', 'ema_cross', { direction: 'long', timeframe: '1', candleTime, barIndex: bar, price: 1.1 });
 * }
 * // later, on OrderPlacedEvent { intent: 'open', price: 1.10012 }:
 * entries.confirmPendingOpen('EURUSD', 'ema_cross', 1.10012);
 * ```
 */
export class EntryManager {
  readonly cooldownBars: number;
  private readonly clocks = new Map<string, Map<string, BarClock>>();
  private readonly slots = new Map<string, Map<string, Slot>>();
  /**
   * The slots as the last snapshot copied them; dropped by every change. Slots change with orders, not
   * with bars, and a durable run takes a snapshot at every cycle's end.
   */
  private slotsCopy: EntrySlotState[] | undefined;
  /** Each slot's copy in the snapshots, while the slot is unchanged: an order changes one slot, not all. */
  private readonly slotCopies = new Map<Slot, EntrySlotState>();
  /** Each symbol's clocks and slots together, and the symbol looked up last (see `entriesOf`). */
  private readonly symbols = new Map<string, SymbolEntries>();
  /*
   * The last symbol and each symbol's last timeframe start at '' (no symbol or timeframe is empty), not undefined: optimised code
   * that compared only strings here was deoptimised ("wrong instance type") by the first comparison with
   * undefined in every new trading system of a process (an optimiser worker runs one per trial).
   */
  private lastSymbol: string | undefined = '';
  private lastEntries: SymbolEntries | undefined;
  /** Moves when a bar clock is added or the clocks are restored: a capture lists the clocks again then. */
  private clockSetVersion = 0;

  constructor(options: { cooldownBars: number }) {
    this.cooldownBars = options.cooldownBars;
  }

  /** Records a candle time on the (symbol, timeframe) bar clock; a later time starts a new bar. */
  advanceBar(symbol: string, timeframe: string, candleTime: number): BarAdvance {
    const clock = this.clock(symbol, timeframe);
    if (clock === undefined) {
      let bySymbol = this.clocks.get(symbol);
      if (bySymbol === undefined) {
        bySymbol = new Map();
        this.clocks.set(symbol, bySymbol);
      }
      bySymbol.set(timeframe, { lastTime: candleTime, index: 0 });
      this.clockSetVersion++;
      const entries = this.entriesOf(symbol);
      entries.clocks = bySymbol;
      entries.clockTimeframe = '';
      return 'new';
    }
    if (candleTime > clock.lastTime) {
      clock.lastTime = candleTime;
      clock.index += 1;
      return 'new';
    }
    return candleTime === clock.lastTime ? 'repeat' : 'stale';
  }

  /** Index of the last bar seen on (symbol, timeframe), from 0; -1 before the first. */
  barIndex(symbol: string, timeframe: string): number {
    return this.clock(symbol, timeframe)?.index ?? -1;
  }

  /** Open time of the last candle seen on (symbol, timeframe), if any. */
  lastBarTime(symbol: string, timeframe: string): number | undefined {
    return this.clock(symbol, timeframe)?.lastTime;
  }

  /**
   * Whether `strategyName` may enter `symbol` on the candle at `candleTime` (bar `barIndex` of
   * `timeframe`). The cooldown counts bars of the timeframe the last exit happened on: with
   * `cooldownBars: 1`, an exit on bar 10 blocks bars 10 and 11 and allows bar 12.
   */
  canEnter(
    symbol: string,
    strategyName: string,
    candleTime: number,
    barIndex: number,
    timeframe?: string,
  ): EntryPermission {
    const slot = this.slotsOf(symbol)?.get(strategyName);
    if (slot === undefined) return ALLOWED;
    if (slot.position !== undefined) return BLOCKED.position_open;
    if (slot.pendingEntry !== undefined && slot.pendingEntry.candleTime === candleTime)
      return BLOCKED.entry_pending;
    if (slot.lastEntryCandleTime === candleTime) return BLOCKED.same_candle;
    if (slot.lastExit !== undefined) {
      const exitTimeframe = slot.lastExit.timeframe;
      const now =
        timeframe === undefined || exitTimeframe === undefined || exitTimeframe === timeframe
          ? barIndex
          : this.barIndex(symbol, exitTimeframe);
      if (now - slot.lastExit.barIndex <= this.cooldownBars) return BLOCKED.cooldown;
    }
    return ALLOWED;
  }

  /** Marks an entry decided on a candle; replaces an older pending entry (its order was never placed). */
  markEntryPending(symbol: string, strategyName: string, pending: PendingEntry): void {
    const slot = this.slot(symbol, strategyName);
    slot.pendingEntry = pending;
    slot.lastEntryCandleTime = pending.candleTime;
  }

  /** The entry awaiting its order, if any. */
  pendingEntry(symbol: string, strategyName: string): PendingEntry | undefined {
    return this.slotsOf(symbol)?.get(strategyName)?.pendingEntry;
  }

  /** Opens the position (replacing any) and clears the pending entry. */
  confirmOpen(symbol: string, strategyName: string, fill: OpenFill): OpenPosition {
    const slot = this.slot(symbol, strategyName);
    const position: OpenPosition = {
      direction: fill.direction,
      timeframe: fill.timeframe ?? slot.pendingEntry?.timeframe,
      entryPrice: fill.entryPrice,
      entryTime: fill.entryTime,
      barIndex: fill.barIndex,
      stopLoss: fill.stopLoss,
      takeProfit: fill.takeProfit,
    };
    slot.position = position;
    slot.pendingEntry = undefined;
    slot.pendingExit = undefined;
    slot.lastEntryCandleTime = fill.entryTime;
    return position;
  }

  /**
   * Opens the pending entry at `entryPrice` (the order's fill), keeping its candle, bar, stop and target.
   * Returns undefined when nothing is pending (e.g. the order belongs to an entry already replaced).
   */
  confirmPendingOpen(symbol: string, strategyName: string, entryPrice: number): OpenPosition | undefined {
    const pending = this.pendingEntry(symbol, strategyName);
    if (pending === undefined) return undefined;
    return this.confirmOpen(symbol, strategyName, {
      direction: pending.direction,
      entryPrice,
      entryTime: pending.candleTime,
      barIndex: pending.barIndex,
      timeframe: pending.timeframe,
      stopLoss: pending.stopLoss,
      takeProfit: pending.takeProfit,
    });
  }

  /** Whether an exit signal may be issued on this candle (none already pending for it). */
  canExit(symbol: string, strategyName: string, candleTime: number): boolean {
    const slot = this.slotsOf(symbol)?.get(strategyName);
    return slot?.position !== undefined && slot.pendingExit?.candleTime !== candleTime;
  }

  /** Marks an exit decided on a candle: blocks a second exit signal for the same candle. */
  markExitPending(symbol: string, strategyName: string, pending: PendingExit): void {
    this.slot(symbol, strategyName).pendingExit = pending;
  }

  /**
   * Closes the position and starts the cooldown from `barIndex` (default: the pending exit's bar, else the
   * current bar of the position's timeframe). Returns the closed position, or undefined if none was open.
   */
  confirmClose(symbol: string, strategyName: string, barIndex?: number): OpenPosition | undefined {
    const slot = this.slots.get(symbol)?.get(strategyName);
    const position = slot?.position;
    if (slot === undefined || position === undefined) return undefined;
    const exitBar =
      barIndex ??
      slot.pendingExit?.barIndex ??
      (position.timeframe === undefined ? position.barIndex : this.barIndex(symbol, position.timeframe));
    this.changed(slot);
    slot.lastExit = { timeframe: position.timeframe, barIndex: exitBar };
    slot.position = undefined;
    slot.pendingExit = undefined;
    return position;
  }

  position(symbol: string, strategyName: string): OpenPosition | undefined {
    return this.slotsOf(symbol)?.get(strategyName)?.position;
  }

  /** Every open position, for status pages and checkpoints. */
  openPositions(): { symbol: string; strategyName: string; position: OpenPosition }[] {
    const result: { symbol: string; strategyName: string; position: OpenPosition }[] = [];
    for (const [symbol, byStrategy] of this.slots) {
      for (const [strategyName, slot] of byStrategy) {
        if (slot.position !== undefined)
          result.push({ symbol, strategyName, position: { ...slot.position } });
      }
    }
    return result;
  }

  /**
   * A JSON-serializable copy of the whole state (see `EntryManagerState`), without `undefined` keys so it
   * equals its own JSON round trip. Saved on every order (a durable run reads a {@link capture} at every
   * cycle's end instead): read it, never change it
   * (its slot objects are reused by later snapshots while the slots stay the same).
   */
  snapshot(): EntryManagerState {
    const bars: EntryManagerState['bars'] = [];
    for (const [symbol, byTimeframe] of this.clocks) {
      // A literal, not `{ symbol, timeframe, ...clock }`: that spread leaves V8's fast clone path (µs each,
      // for every symbol on every order). Same keys in the same order.
      for (const [timeframe, clock] of byTimeframe)
        bars.push({ symbol, timeframe, lastTime: clock.lastTime, index: clock.index });
    }
    // A fresh array each time; its slot objects are shared with earlier snapshots until a slot changes.
    return { version: 1, bars, slots: this.slotStates().slice() };
  }

  /**
   * A reusable capture of this manager for a checkpoint taken at every cycle's end: it copies the clocks'
   * numbers, and builds the snapshot's objects only when serialized (see {@link EntryManagerCapture}).
   */
  capture(): EntryManagerCapture {
    return new EntryManagerCapture({
      clockSetVersion: () => this.clockSetVersion,
      clocks: () => {
        const clocks: CapturedClock[] = [];
        for (const [symbol, byTimeframe] of this.clocks)
          for (const [timeframe, clock] of byTimeframe) clocks.push({ symbol, timeframe, clock });
        return clocks;
      },
      slots: () => this.slotStates(),
    });
  }

  /** The slots as a snapshot has them: copied again only after a change (read them, never change them). */
  private slotStates(): readonly EntrySlotState[] {
    if (this.slotsCopy === undefined) {
      const slots: EntrySlotState[] = [];
      for (const [symbol, byStrategy] of this.slots) {
        for (const [strategyName, slot] of byStrategy) {
          let copy = this.slotCopies.get(slot);
          if (copy === undefined) {
            copy = copyData({ symbol, strategyName, ...slot });
            this.slotCopies.set(slot, copy);
          }
          slots.push(copy);
        }
      }
      this.slotsCopy = slots;
    }
    return this.slotsCopy;
  }

  /** Replaces the state with a snapshot (validated: it usually comes from a file). */
  restore(state: EntryManagerState): void {
    const parsed = EntryManagerStateSchema.parse(state);
    this.clockSetVersion++;
    this.clocks.clear();
    this.slots.clear();
    this.slotsCopy = undefined;
    this.slotCopies.clear();
    this.symbols.clear();
    this.lastSymbol = undefined;
    for (const { symbol, timeframe, lastTime, index } of parsed.bars) {
      let bySymbol = this.clocks.get(symbol);
      if (bySymbol === undefined) {
        bySymbol = new Map();
        this.clocks.set(symbol, bySymbol);
        this.entriesOf(symbol).clocks = bySymbol;
      }
      bySymbol.set(timeframe, { lastTime, index });
    }
    for (const { symbol, strategyName, ...slot } of parsed.slots)
      Object.assign(this.slot(symbol, strategyName), slot);
  }

  /**
   * The clocks and slots of `symbol` (created empty when missing). Every candle asks for the same symbol
   * several times, and with many symbols it changes on every candle: one lookup by string then, not one
   * per map.
   */
  private entriesOf(symbol: string): SymbolEntries {
    if (symbol === this.lastSymbol && this.lastEntries !== undefined) return this.lastEntries;
    let entries = this.symbols.get(symbol);
    if (entries === undefined) {
      entries = { clocks: undefined, slots: undefined, clockTimeframe: '', lastClock: undefined };
      this.symbols.set(symbol, entries);
    }
    this.lastSymbol = symbol;
    this.lastEntries = entries;
    return entries;
  }

  private clock(symbol: string, timeframe: string): BarClock | undefined {
    const entries = this.entriesOf(symbol);
    if (timeframe !== entries.clockTimeframe || entries.lastClock === undefined) {
      entries.lastClock = entries.clocks?.get(timeframe);
      entries.clockTimeframe = entries.lastClock === undefined ? '' : timeframe;
    }
    return entries.lastClock;
  }

  private slotsOf(symbol: string): Map<string, Slot> | undefined {
    return this.entriesOf(symbol).slots;
  }

  /** The slot to change (created when missing). */
  private slot(symbol: string, strategyName: string): Slot {
    let byStrategy = this.slots.get(symbol);
    if (byStrategy === undefined) {
      byStrategy = new Map();
      this.slots.set(symbol, byStrategy);
      this.entriesOf(symbol).slots = byStrategy;
    }
    let slot = byStrategy.get(strategyName);
    if (slot === undefined) {
      slot = {};
      byStrategy.set(strategyName, slot);
    }
    this.changed(slot);
    return slot;
  }

  /** `slot` is about to change: the next snapshot copies it again. */
  private changed(slot: Slot): void {
    this.slotsCopy = undefined;
    this.slotCopies.delete(slot);
  }
}

export type { EntryBlockReason, EntryPermission } from './entryPermission.js';
export type { OpenFill } from './openFill.js';
