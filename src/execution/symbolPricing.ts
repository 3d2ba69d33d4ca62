import type { CurrencyConverter } from '../instruments/currencyConverter.js';
import type { InstrumentProfile } from '../instruments/instrumentProfile.js';
import type { PaperPricing } from './paperPricing.js';

/** The broker's current currency converter, replaced when a new symbol is seen; shared with the pricings. */
export class ConverterSlot {
  constructor(public current: CurrencyConverter) {}
}

/**
 * One symbol's paper pricing. A class with `rate` on its prototype, not an object with an arrow made per
 * broker and symbol: the accounting calls `rate` on every bar, and code that inlined one trading system's
 * arrow was deoptimised ("wrong call target") in the next system of the same process (an optimiser worker
 * runs one per trial).
 *
 * @example
 * ```ts
 * const pricing = new SymbolPricing('EURUSD', new ConverterSlot(converter), 0.00004, profile);
 * pricing.rate(1.1, {}, Date.now()); // 1 in a USD account
 * ```
 */
export class SymbolPricing implements PaperPricing {
  readonly contractSize: number;
  readonly priceStep: number;
  readonly marginRate: number | undefined;

  constructor(
    private readonly symbol: string,
    private readonly converter: ConverterSlot,
    readonly halfSpread: number,
    profile: InstrumentProfile,
  ) {
    this.contractSize = profile.contractSize;
    this.priceStep = profile.tickSize;
    this.marginRate = profile.marginRate;
  }

  rate(price: number, marks: Readonly<Record<string, number>>, time: number): number {
    return this.converter.current.rate(this.symbol, price, marks, time);
  }
}
