import type { IndicatorSpec } from '../config/systemConfig.js';
import { AdxCalculator } from './adxCalculator.js';
import { AtrCalculator } from './atrCalculator.js';
import { BollingerCalculator } from './bollingerCalculator.js';
import { EmaCalculator } from './emaCalculator.js';
import type { IndicatorCalculator } from './indicatorCalculator.js';
import { IndicatorConfigError } from './indicatorConfigError.js';
import { MacdCalculator } from './macdCalculator.js';
import { RsiCalculator } from './rsiCalculator.js';
import { SmaCalculator } from './smaCalculator.js';

/** Bollinger width in standard deviations when a spec gives none (John Bollinger's default). */
const defaultStdDev = 2;

function requirePeriod(
  spec: IndicatorSpec,
  field: 'period' | 'fast_period' | 'slow_period' | 'signal_period',
): number {
  const value = spec[field];
  if (value === undefined) throw new IndicatorConfigError(spec.name, `type ${spec.type} needs ${field}`);
  if (!Number.isInteger(value) || value < 1) {
    throw new IndicatorConfigError(spec.name, `${field} must be a positive integer, got ${value}`);
  }
  return value;
}

/**
 * Validates one spec and builds its calculator. Throws {@link IndicatorConfigError} naming the indicator
 * when a needed field is missing or inconsistent (MACD fast period not below the slow one, non-positive
 * Bollinger `std_dev`).
 *
 * @example
 * ```ts
 * const rsi = createIndicatorCalculator({ name: 'rsi', type: 'rsi', period: 14 });
 * rsi.outputs; // ['rsi']
 * rsi.warmupPeriod; // 15
 * ```
 */
export function createIndicatorCalculator(spec: IndicatorSpec): IndicatorCalculator {
  if (spec.name.length === 0) throw new IndicatorConfigError(spec.name, 'name must not be empty');
  switch (spec.type) {
    case 'ema':
      return new EmaCalculator(spec.name, requirePeriod(spec, 'period'));
    case 'sma':
      return new SmaCalculator(spec.name, requirePeriod(spec, 'period'));
    case 'rsi':
      return new RsiCalculator(spec.name, requirePeriod(spec, 'period'));
    case 'atr':
      return new AtrCalculator(spec.name, requirePeriod(spec, 'period'));
    case 'adx':
      return new AdxCalculator(spec.name, requirePeriod(spec, 'period'));
    case 'bollinger': {
      const period = requirePeriod(spec, 'period');
      const stdDev = spec.std_dev ?? defaultStdDev;
      if (!(stdDev > 0) || !Number.isFinite(stdDev)) {
        throw new IndicatorConfigError(spec.name, `std_dev must be a positive number, got ${stdDev}`);
      }
      return new BollingerCalculator(spec.name, period, stdDev);
    }
    case 'macd': {
      const fast = requirePeriod(spec, 'fast_period');
      const slow = requirePeriod(spec, 'slow_period');
      const signal = requirePeriod(spec, 'signal_period');
      if (fast >= slow) {
        throw new IndicatorConfigError(
          spec.name,
          `fast_period (${fast}) must be below slow_period (${slow})`,
        );
      }
      return new MacdCalculator(spec.name, fast, slow, signal);
    }
    default: {
      const unknownType: never = spec.type;
      throw new IndicatorConfigError((spec as IndicatorSpec).name, `unknown type ${String(unknownType)}`);
    }
  }
}
