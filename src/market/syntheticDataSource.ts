import type { Candle } from '../events/candle.js';
import { SeededRandom } from '../util/random.js';
import type { DataSource } from './dataSource.js';
import { type ResolvedSymbolProfile, type SymbolProfile, symbolProfile } from './symbolProfile.js';

/**
 * The market phases the synthetic feed cycles through (named like the RegimeManager's regimes).
 *
 * @example
 * ```ts
 * const source = new SyntheticDataSource({ seed: 42, start: '2025-01-06T00:00:00Z', baseTimeframeMinutes: 1 });
 * source.next('EURUSD');
 * const phase: SyntheticPhase | undefined = source.phase('EURUSD'); // what the generator is doing now
 * ```
 */
export type SyntheticPhase = 'trending_up' | 'trending_down' | 'ranging' | 'volatile';

/**
 * Options of {@link SyntheticDataSource}.
 *
 * @example
 * ```ts
 * const source = new SyntheticDataSource({ seed: 42, start: '2025-01-06T00:00:00Z', baseTimeframeMinutes: 1, symbols: { EURUSD: { price: 1.2, pipSize: 0.0001 } } });
 * ```
 */
export interface SyntheticDataSourceOptions {
  /** Same seed, same bars, for every symbol. */
  seed: number;
  /** Open time of the first bar: ISO-8601 or epoch milliseconds. */
  start: string | number;
  /** Minutes per bar. */
  baseTimeframeMinutes: number;
  /** Per-symbol overrides of the built-in profiles (see `symbolProfile`). */
  symbols?: Record<string, SymbolProfile>;
  /** Bounds of a phase's length in bars (default 100-600). */
  phaseBars?: { min: number; max: number };
}

const phases: readonly SyntheticPhase[] = ['trending_up', 'trending_down', 'ranging', 'volatile'];
/** Minutes the FX market trades in a year (24h x 5 days x 52 weeks), to scale yearly volatility. */
const tradingMinutesPerYear = 24 * 60 * 5 * 52;
/** Drift of a trend per bar, in units of the bar's standard deviation: strong enough for ADX to see. */
const trendDrift = 0.25;
/** Pull toward the phase's starting price in a ranging phase, per bar (oscillation for RSI/Bollinger). */
const rangePull = 0.05;
/** Very slow pull toward the first price, so million-bar runs stay in a plausible price band. */
const anchorPull = 1e-4;

/**
 * The embedded default feed: an infinite, seeded, FX-like random walk per symbol. A regime process
 * alternates trending-up, trending-down, ranging (mean-reverting, quiet) and volatile phases of random
 * length, so every strategy and regime gets exercised. Bars are OHLC-consistent, quoted to a tenth of a
 * pip, with positive tick volume; each bar opens at the previous close. Each symbol has its own
 * generator, seeded from (seed, symbol), so symbols are independent and reproducible.
 *
 * @example
 * ```ts
 * const source = new SyntheticDataSource({ seed: 42, start: '2025-01-06T00:00:00Z', baseTimeframeMinutes: 1 });
 * const bar = source.next('EURUSD'); // { time: 1736121600000, open: 1.08, ... }
 * source.phase('EURUSD'); // e.g. 'ranging'
 * ```
 */
export class SyntheticDataSource implements DataSource {
  readonly name = 'synthetic';
  readonly baseTimeframe: string;
  private readonly generators = new Map<string, SymbolGenerator>();
  private readonly startTime: number;
  private readonly barMs: number;

  constructor(private readonly options: SyntheticDataSourceOptions) {
    const start = typeof options.start === 'number' ? options.start : Date.parse(options.start);
    if (!Number.isFinite(start) || start < 0) {
      throw new RangeError(
        `synthetic start must be ISO-8601 or epoch ms at/after 1970, got ${options.start}`,
      );
    }
    if (!Number.isInteger(options.baseTimeframeMinutes) || options.baseTimeframeMinutes < 1) {
      throw new RangeError(
        `baseTimeframeMinutes must be a positive integer, got ${options.baseTimeframeMinutes}`,
      );
    }
    const bounds = options.phaseBars ?? { min: 100, max: 600 };
    if (!(Number.isInteger(bounds.min) && bounds.min >= 1 && bounds.max >= bounds.min)) {
      throw new RangeError(`phaseBars needs 1 <= min <= max, got ${bounds.min}-${bounds.max}`);
    }
    this.startTime = Math.round(start);
    this.barMs = options.baseTimeframeMinutes * 60_000;
    this.baseTimeframe = String(options.baseTimeframeMinutes);
  }

  next(symbol: string): Candle {
    return (this.generators.get(symbol) ?? this.create(symbol)).next();
  }

  /** Always false: the synthetic feed never ends. */
  isExhausted(_symbol: string): boolean {
    return false;
  }

  /** The phase of the last bar generated for `symbol` (undefined before its first bar). */
  phase(symbol: string): SyntheticPhase | undefined {
    const generator = this.generators.get(symbol);
    return generator === undefined || generator.bars === 0 ? undefined : phases[generator.phaseIndex];
  }

  /** The profile (price, pip size, spread, volatility) used for `symbol`. */
  profile(symbol: string): ResolvedSymbolProfile {
    return symbolProfile(symbol, this.options.symbols?.[symbol]);
  }

  private create(symbol: string): SymbolGenerator {
    const bounds = this.options.phaseBars ?? { min: 100, max: 600 };
    const generator = new SymbolGenerator(
      new SeededRandom(mixSeed(this.options.seed, symbol)),
      this.profile(symbol),
      this.startTime,
      this.barMs,
      this.options.baseTimeframeMinutes,
      bounds.min,
      bounds.max,
    );
    this.generators.set(symbol, generator);
    return generator;
  }
}

/** One symbol's generator: numeric fields only, so a bar costs one Candle object and no other garbage. */
class SymbolGenerator {
  bars = 0;
  phaseIndex = 0;
  private phaseLeft = 0;
  private drift = 0;
  private volatilityMultiplier = 1;
  private rangeCenter = 0;
  private time: number;
  private close: number;
  private logPrice: number;
  private readonly anchor: number;
  private readonly sigma: number;
  private readonly pointsPerUnit: number;
  private readonly point: number;
  private readonly volumeBase: number;
  private spareNormal = 0;
  private hasSpare = false;

  constructor(
    private readonly random: SeededRandom,
    profile: ResolvedSymbolProfile,
    start: number,
    private readonly barMs: number,
    minutes: number,
    private readonly phaseMin: number,
    private readonly phaseMax: number,
  ) {
    this.time = start;
    // Brokers quote to a tenth of a pip; rounding by multiply/divide by an integer keeps decimals exact.
    this.pointsPerUnit = Math.round(10 / profile.pipSize);
    this.point = 1 / this.pointsPerUnit;
    this.close = this.round(profile.price);
    this.logPrice = Math.log(this.close);
    this.anchor = this.logPrice;
    this.sigma = (profile.annualVolatility / Math.sqrt(tradingMinutesPerYear)) * Math.sqrt(minutes);
    this.volumeBase = 60 * minutes ** 0.8;
    this.phaseIndex = random.integer(phases.length);
    this.startPhase(this.phaseIndex);
  }

  next(): Candle {
    if (this.phaseLeft <= 0) {
      // Always switch to a different phase, so each phase boundary is a real regime change.
      this.startPhase((this.phaseIndex + 1 + this.random.integer(phases.length - 1)) % phases.length);
    }
    this.phaseLeft -= 1;
    const open = this.close;
    const logPrice = this.logPrice;
    const sigma = this.sigma * this.volatilityMultiplier;
    let mean = this.drift * this.sigma - anchorPull * (logPrice - this.anchor);
    if (this.phaseIndex === 2) mean -= rangePull * (logPrice - this.rangeCenter);
    const shock = this.normal();
    const logReturn = mean + sigma * shock;
    const close = Math.max(this.point, this.round(open * Math.exp(logReturn)));
    const upper = Math.max(open, close);
    const lower = Math.min(open, close);
    // Wicks: uniform in [0, 1) sigma, cheaper than a normal deviate and just as plausible on a chart.
    const high = Math.max(upper, this.round(upper * (1 + this.random.next() * sigma)));
    const low = Math.max(this.point, Math.min(lower, this.round(lower / (1 + this.random.next() * sigma))));
    const activity =
      this.volatilityMultiplier * (0.6 + 0.8 * this.random.next()) * (1 + 0.5 * Math.abs(shock));
    const volume = Math.max(1, Math.round(this.volumeBase * activity));
    const time = this.time;
    this.time += this.barMs;
    this.close = close;
    // Tracking the log price avoids a Math.log per bar; rounding to a point moves it negligibly.
    this.logPrice = logPrice + logReturn;
    this.bars += 1;
    return { time, open, high, low, close, volume };
  }

  private startPhase(index: number): void {
    this.phaseIndex = index;
    this.phaseLeft = this.phaseMin + this.random.integer(this.phaseMax - this.phaseMin + 1);
    this.drift = index === 0 ? trendDrift : index === 1 ? -trendDrift : 0;
    this.volatilityMultiplier = index === 2 ? 0.7 : index === 3 ? 2.5 : 1;
    this.rangeCenter = this.logPrice;
  }

  private round(price: number): number {
    return Math.round(price * this.pointsPerUnit) / this.pointsPerUnit;
  }

  /** Box-Muller, keeping the second deviate of each pair (half the logs and square roots). */
  private normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spareNormal;
    }
    let u = this.random.next();
    while (u === 0) u = this.random.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * this.random.next();
    this.spareNormal = radius * Math.sin(angle);
    this.hasSpare = true;
    return radius * Math.cos(angle);
  }
}

/** FNV-1a of the symbol mixed into the seed: independent, reproducible streams per symbol. */
function mixSeed(seed: number, symbol: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < symbol.length; index += 1) {
    hash ^= symbol.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  let mixed = (hash ^ Math.imul(seed | 0, 0x9e3779b1)) >>> 0;
  mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b) >>> 0;
  return (mixed ^ (mixed >>> 13)) >>> 0;
}
