import type { SystemConfig } from '../config/systemConfig.js';
import type { Direction } from '../events/tradingEvents.js';
import type { InstrumentProfile } from '../instruments/instrumentProfile.js';
import type { AccountState } from './broker.js';

/**
 * What the sizer needs from a signal.
 *
 * @example
 * ```ts
 * const sizer = new PositionSizer(config.trading, config.risk);
 * const account = new FakeBroker().getAccount();
 * const { size, reason } = sizer.evaluate({ price: 1.1, stopLoss: 1.098, direction: 'long' }, account);
 * ```
 */
export interface SizingInput {
  /** Reference price: close of the decision candle. */
  price: number;
  stopLoss?: number;
  /** When given, a stop on the wrong side of the price is refused (`invalid_stop_loss`). */
  direction?: Direction;
  /** Selects the instrument profile (contract size, lot step, minimum size). */
  symbol?: string;
  /** Quote → account currency rate at `price` (default 1). */
  rate?: number;
}

/**
 * A size in lots, or 0 with the reason it could not be sized.
 *
 * @example
 * ```ts
 * const sizer = new PositionSizer(config.trading, config.risk);
 * const result: SizingResult = sizer.evaluate({ price: 1.1 }, new FakeBroker().getAccount());
 * if (result.size === 0) console.log('not sent:', result.reason);
 * ```
 */
export interface SizingResult {
  size: number;
  reason?: 'no_stop_loss' | 'invalid_stop_loss' | 'size_below_minimum';
}

/** The lot step: sizes are rounded down to it, and an order smaller than one step is not sent. */
export const LOT_STEP = 0.01;

/**
 * Position sizing: `fixed` uses `sizing.fixed_size` lots as configured; `risk_percent` risks
 * `risk_percent` of equity on the distance to the stop:
 * `size = equity × risk_percent / 100 / (|price − stop| × contract_size)`, rounded *down* to 0.01 lot and
 * capped at `risk.max_position_size` (the cap only shrinks the risk taken). A fixed size above the limit is
 * not capped: the authorizer refuses it (`risk_breach`, `max_position_size`), so a misconfiguration is seen
 * rather than silently changed. A size under 0.01 lot is 0: the order is not sent. `risk_percent` without a
 * stop is 0 too (`no_stop_loss`): risking a percent to an undefined stop has no meaning.
 *
 * @example
 * ```ts
 * const { trading, risk } = config;
 * const account = new FakeBroker().getAccount(); // balance and equity 10000
 * const sizer = new PositionSizer({ ...trading, sizing: { mode: 'risk_percent', fixed_size: 0.1, risk_percent: 1 } }, risk);
 * sizer.size({ price: 1.1, stopLoss: 1.098 }, account); // equity 10000: 100 / (0.002 × 100000) = 0.5 lot
 * ```
 */
export class PositionSizer {
  constructor(
    private readonly trading: SystemConfig['trading'],
    private readonly risk: SystemConfig['risk'],
    /** The instrument of a symbol (lot step, minimum size, contract size); default: 0.01-lot FX steps. */
    private readonly instrument?: (symbol: string) => InstrumentProfile,
  ) {}

  /** Lots to trade, or 0 when the order must not be sent. */
  size(signal: SizingInput, account: AccountState): number {
    return this.evaluate(signal, account).size;
  }

  /** Like {@link size}, with the reason for a 0. */
  evaluate(signal: SizingInput, account: AccountState): SizingResult {
    const { sizing } = this.trading;
    const profile = signal.symbol === undefined ? undefined : this.instrument?.(signal.symbol);
    const contractSize = profile?.contractSize ?? this.trading.contract_size;
    const lotStep = profile?.lotStep ?? LOT_STEP;
    const minSize = Math.max(profile?.minSize ?? lotStep, lotStep);
    let lots: number;
    if (sizing.mode === 'fixed') {
      lots = sizing.fixed_size;
    } else {
      if (signal.stopLoss === undefined) return { size: 0, reason: 'no_stop_loss' };
      const distance = signal.price - signal.stopLoss;
      const wrongSide =
        signal.direction === 'long' ? distance <= 0 : signal.direction === 'short' && distance >= 0;
      if (wrongSide || distance === 0) return { size: 0, reason: 'invalid_stop_loss' };
      const riskAmount = (account.equity * sizing.risk_percent) / 100;
      lots = Math.min(
        riskAmount / (Math.abs(distance) * contractSize * (signal.rate ?? 1)),
        this.risk.max_position_size,
      );
    }
    // The 1e-9 keeps 0.5 computed as 0.49999999999 from rounding down to 0.49.
    const decimals = Math.max(0, Math.ceil(-Math.log10(lotStep) - 1e-9));
    const size = Number((Math.floor(lots / lotStep + 1e-9) * lotStep).toFixed(decimals));
    return size >= minSize - 1e-12 ? { size } : { size: 0, reason: 'size_below_minimum' };
  }
}
