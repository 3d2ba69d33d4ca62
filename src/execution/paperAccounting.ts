import type { AccountState, Fill, Position } from './broker.js';
import { type PaperPricing, positionMargin, roundCents, utcDayStart } from './paperPricing.js';
import { PositionTotals } from './positionTotals.js';
import { unrealizedAt } from './unrealizedAt.js';

/**
 * The paper account's bookkeeping as pure functions over a JSON-serializable state, so that the
 * {@link PaperBroker}'s store transitions stay one line each and the arithmetic can be tested alone.
 *
 * Money rule: every amount is rounded to cents (half away from zero) when it is booked (realized PnL,
 * commission, unrealized PnL per position), and balance/equity are re-rounded after each addition, so
 * binary floating point never leaks into the account (10000 + 8.80 − 0.70 is exactly 10008.10).
 * Prices are rounded to a tenth of a pip (the usual fifth decimal of a EURUSD quote).
 *
 * @example
 * ```ts
 * const broker = new PaperBroker({ trading: config.trading });
 * const state: PaperAccountState = broker.snapshot(); // plain data: a durable checkpoint writes it as JSON
 * const restarted = new PaperBroker({ trading: config.trading });
 * restarted.restore(JSON.parse(JSON.stringify(state))); // validated, since it may come from disk
 * restarted.getAccount().balance === state.account.balance; // true
 * ```
 */
export interface PaperAccountState {
  version: 1;
  account: AccountState;
  positions: Position[];
  /** Last mark per symbol. */
  marks: Record<string, number>;
  fills: Fill[];
}

/**
 * V8 gives each field of an object shape the representation of the first value stored in it, and every
 * account literal in this file shares one shape (the same keys in the same order). Made first with
 * fractional amounts, the shape holds doubles from the start. Otherwise its amounts start as small integers
 * (10,000.00) and the first fractional peak of a run changes the shape and the type feedback of its
 * readers: in an optimize worker, in whichever later trial first ends a bar above its starting equity, about
 * ten functions that value the account or check the risk limits were deoptimised and compiled again.
 * `marginCalls` is a count and stays an integer.
 */
({
  balance: 0.5,
  equity: 0.5,
  realizedPnl: 0.5,
  unrealizedPnl: 0.5,
  peakEquity: 0.5,
  dailyRealizedPnl: 0.5,
  dayStart: 0.5,
  commissionPaid: 0.5,
  usedMargin: 0.5,
  marginCalls: 0,
}) satisfies AccountState;

/** A fresh account with `initialBalance` and nothing open. */
export function initialPaperState(initialBalance: number): PaperAccountState {
  const balance = roundCents(initialBalance);
  return {
    version: 1,
    account: {
      balance,
      equity: balance,
      realizedPnl: 0,
      unrealizedPnl: 0,
      peakEquity: balance,
      dailyRealizedPnl: 0,
      dayStart: 0,
      commissionPaid: 0,
      usedMargin: 0,
      marginCalls: 0,
    },
    positions: [],
    marks: {},
    fills: [],
  };
}

/**
 * Books a fill: opens or reduces/closes a position, charges commission, realizes PnL, and revalues the
 * symbol at `referencePrice` (the order's reference: the latest close, so it doubles as the mark).
 *
 * `state.fills` is appended to in place and shared with the new state: copying the whole history on every
 * fill made a long run quadratic in its fills. The list is append-only, so a state kept from before sees
 * the later fills too; everything else in `state` is left as it was, and a snapshot (`structuredClone`)
 * holds the fills of its moment.
 */
export function applyFill(
  state: PaperAccountState,
  fill: Fill,
  referencePrice: number,
  pricing: PaperPricing,
): PaperAccountState {
  const realized = fill.realizedPnl ?? 0;
  let positions: Position[];
  if (fill.intent === 'open') {
    positions = [
      ...state.positions,
      {
        symbol: fill.symbol,
        strategyName: fill.strategyName,
        direction: fill.direction,
        size: fill.size,
        entryPrice: fill.price,
        entryTime: fill.time,
        clientOrderId: fill.clientOrderId,
        unrealizedPnl: 0,
        margin: 0,
      },
    ];
  } else {
    positions = [];
    for (const position of state.positions) {
      if (position.symbol !== fill.symbol || position.strategyName !== fill.strategyName) {
        positions.push(position);
        continue;
      }
      // Lots are multiples of 0.01: round away float noise so a full close leaves exactly zero.
      const remaining = Number((position.size - fill.size).toFixed(8));
      if (remaining > 0) positions.push({ ...position, size: remaining });
    }
  }
  const previous = rollDay(state.account, fill.time);
  const account = bookFill(previous, realized, fill);
  const marks = withMark(state.marks, fill.symbol, referencePrice);
  return revalue(
    { ...state, account, positions, marks, fills: appendFill(state.fills, fill) },
    fill.symbol,
    fill.time,
    pricing,
  );
}

/** `previous` with a fill's realized PnL and commission booked (and a margin call counted). */
function bookFill(previous: AccountState, realized: number, fill: Fill): AccountState {
  const balance = roundCents(previous.balance + realized - fill.commission);
  const realizedPnl = roundCents(previous.realizedPnl + realized);
  const commissionPaid = roundCents(previous.commissionPaid + fill.commission);
  const dailyRealizedPnl = roundCents(previous.dailyRealizedPnl + realized - fill.commission);
  const marginCalls = (previous.marginCalls ?? 0) + (fill.reason === 'margin_call' ? 1 : 0);
  // An account restored from an old checkpoint may lack the last two keys: the spread keeps its keys.
  if (previous.usedMargin === undefined || previous.marginCalls === undefined) {
    return {
      ...previous,
      balance,
      realizedPnl,
      commissionPaid,
      dailyRealizedPnl,
      ...(fill.reason === 'margin_call' ? { marginCalls } : {}),
    };
  }
  return {
    balance,
    equity: previous.equity,
    realizedPnl,
    unrealizedPnl: previous.unrealizedPnl,
    peakEquity: previous.peakEquity,
    dailyRealizedPnl,
    dayStart: previous.dayStart,
    commissionPaid,
    usedMargin: previous.usedMargin,
    marginCalls,
  };
}

function appendFill(fills: Fill[], fill: Fill): Fill[] {
  fills.push(fill);
  return fills;
}

/**
 * What of a state only its holder refers to (no state kept elsewhere shares it): `applyMark` changes
 * those in place instead of copying them. With many symbols, copying every symbol's mark and every open
 * position on every candle cost more than the rest of the valuation.
 *
 * @example
 * ```ts
 * const owned: Ownership = { marks: false, positions: false }; // nothing yet: the first mark copies
 * ```
 */
export interface Ownership {
  /** `state.marks` */
  marks: boolean;
  /** `state.positions` (the list; its position objects are never changed) */
  positions: boolean;
}

const NOT_OWNED: Readonly<Ownership> = Object.freeze({ marks: false, positions: false });

/** Values the positions of `symbol` at `price` and updates equity, its peak and the trading day. */
export function applyMark(
  state: PaperAccountState,
  symbol: string,
  price: number,
  time: number,
  pricing: PaperPricing,
  owned: Readonly<Ownership> = NOT_OWNED,
): PaperAccountState {
  const account = rollDay(state.account, time);
  let marks = state.marks;
  if (marks[symbol] !== price) {
    if (owned.marks) marks[symbol] = price;
    else marks = withMark(marks, symbol, price);
  }
  // The per-candle common case: nothing open in `symbol`, same day, account already valued. Revaluing
  // would rebuild the account and positions with the same values; only the mark moves.
  if (account === state.account && !hasPosition(state.positions, symbol) && isValued(state)) {
    return marks === state.marks ? state : paperState(state, account, state.positions, marks);
  }
  return revalue(state, symbol, time, pricing, account, marks, owned.positions);
}

/*
 * The per-candle path builds its objects with explicit literals, not spreads: copying these objects with
 * `{ ...object, key }` measured 0.5-3 µs each (V8 leaves the fast clone path for them), more than the
 * whole valuation. The literals list every field of the types, in the same order as the spreads did.
 */

function paperState(
  state: PaperAccountState,
  account: AccountState,
  positions: Position[],
  marks: Record<string, number>,
): PaperAccountState {
  return { version: state.version, account, positions, marks, fills: state.fills };
}

function withMark(marks: Record<string, number>, symbol: string, price: number): Record<string, number> {
  // Copied only when a state was handed out (a fill, a checkpoint). A spread is V8's fast clone, and its
  // copy has fast properties even when `marks` has not: with 20 symbols `marks` became a dictionary
  // (more than a dozen keys added by keyed stores), which `Object.assign` or a copy key by key copied in
  // ~5 µs against ~90 ns for a spread of a fast object. The keys keep their order.
  const copy: Record<string, number> = { ...marks };
  copy[symbol] = price;
  return copy;
}

function withValuation(
  account: AccountState,
  unrealizedPnl: number,
  equity: number,
  peakEquity: number,
  usedMargin: number,
): AccountState {
  return {
    balance: account.balance,
    equity,
    realizedPnl: account.realizedPnl,
    unrealizedPnl,
    peakEquity,
    dailyRealizedPnl: account.dailyRealizedPnl,
    dayStart: account.dayStart,
    commissionPaid: account.commissionPaid,
    usedMargin,
    marginCalls: account.marginCalls ?? 0,
  };
}

function hasPosition(positions: readonly Position[], symbol: string): boolean {
  const totals = PositionTotals.of(positions);
  if (totals !== undefined) return totals.indicesOf(symbol).length > 0;
  for (let index = 0; index < positions.length; index++) {
    if (positions[index]!.symbol === symbol) return true;
  }
  return false;
}

/**
 * The account and positions `isValued` last found valued: states are never changed once made, and between
 * fills every candle's state keeps the same two objects (only the marks move), so the sums are not redone.
 */
let valuedAccount: AccountState | undefined;
let valuedPositions: Position[] | undefined;

/** Whether `revalue` would leave the account's unrealized PnL, equity and peak as they are. */
function isValued(state: PaperAccountState): boolean {
  if (state.account === valuedAccount && state.positions === valuedPositions) return true;
  const { unrealizedPnl, usedMargin } = sums(state.positions);
  const { account } = state;
  const equity = roundCents(account.balance + unrealizedPnl);
  const valued =
    account.usedMargin === usedMargin &&
    account.unrealizedPnl === unrealizedPnl &&
    account.equity === equity &&
    account.peakEquity === Math.max(account.peakEquity, equity);
  if (valued) {
    valuedAccount = account;
    valuedPositions = state.positions;
  }
  return valued;
}

function rollDay(account: AccountState, time: number): AccountState {
  const dayStart = utcDayStart(time);
  return dayStart > account.dayStart ? { ...account, dayStart, dailyRealizedPnl: 0 } : account;
}

/**
 * `state` with `account` and `marks` (default: its own) and the positions of `symbol` valued at its mark;
 * `state` itself when nothing changes (a bar is marked at its open time and again at its close time, and
 * the second mark at the same price usually moves nothing).
 */
function revalue(
  state: PaperAccountState,
  symbol: string,
  time: number,
  pricing: PaperPricing,
  previous: AccountState = state.account,
  marks: Record<string, number> = state.marks,
  ownsPositions = false,
): PaperAccountState {
  const mark = marks[symbol];
  const totals = PositionTotals.of(state.positions);
  let positions = state.positions;
  if (mark !== undefined && totals !== undefined) {
    const rate = pricing.rate === undefined ? 1 : pricing.rate(mark, marks, time);
    const indices = totals.indicesOf(symbol);
    for (let next = 0; next < indices.length; next++) {
      const index = indices[next]!;
      const position = positions[index]!;
      const valued = valuedAt(position, mark, pricing, rate);
      if (valued === position) continue;
      // Copy-on-write, unless the list is the caller's alone: with many symbols open, copying the list on
      // every candle cost more than valuing the symbol's own positions.
      if (positions === state.positions && !ownsPositions) positions = positions.slice();
      totals.update(positions, position, valued.unrealizedPnl, valued.margin ?? 0);
      positions[index] = valued;
    }
  } else if (mark !== undefined) {
    const rate = pricing.rate === undefined ? 1 : pricing.rate(mark, marks, time);
    for (let index = 0; index < positions.length; index++) {
      const position = positions[index]!;
      if (position.symbol !== symbol) continue;
      const valued = valuedAt(position, mark, pricing, rate);
      if (valued === position) continue;
      if (positions === state.positions) positions = positions.slice();
      positions[index] = valued;
    }
  }
  const { unrealizedPnl, usedMargin } = sums(positions);
  const equity = roundCents(previous.balance + unrealizedPnl);
  const peakEquity = Math.max(previous.peakEquity, equity);
  const account =
    previous.unrealizedPnl === unrealizedPnl &&
    previous.equity === equity &&
    previous.peakEquity === peakEquity &&
    previous.usedMargin === usedMargin
      ? previous
      : withValuation(previous, unrealizedPnl, equity, peakEquity, usedMargin);
  if (account === state.account && positions === state.positions && marks === state.marks) return state;
  return paperState(state, account, positions, marks);
}

/** Σ unrealized PnL and Σ margin of `positions`, rounded to cents (from their totals when exact). */
function sums(positions: readonly Position[]): { unrealizedPnl: number; usedMargin: number } {
  const totals = PositionTotals.of(positions);
  if (totals !== undefined)
    return { unrealizedPnl: totals.unrealizedCents / 100, usedMargin: totals.marginCents / 100 };
  let unrealized = 0;
  let margin = 0;
  for (let index = 0; index < positions.length; index++) {
    unrealized += positions[index]!.unrealizedPnl;
    margin += positions[index]!.margin ?? 0;
  }
  return { unrealizedPnl: roundCents(unrealized), usedMargin: roundCents(margin) };
}

/** `position` valued at `mark` (the exit side, converted at `rate`); itself when its value is unchanged. */
function valuedAt(position: Position, mark: number, pricing: PaperPricing, rate: number): Position {
  const unrealizedPnl = unrealizedAt(position, mark, pricing, rate);
  const margin = positionMargin(position.size, mark, pricing, rate);
  if (unrealizedPnl === position.unrealizedPnl && margin === (position.margin ?? 0)) return position;
  return {
    symbol: position.symbol,
    strategyName: position.strategyName,
    direction: position.direction,
    size: position.size,
    entryPrice: position.entryPrice,
    entryTime: position.entryTime,
    clientOrderId: position.clientOrderId,
    unrealizedPnl,
    margin,
  };
}
