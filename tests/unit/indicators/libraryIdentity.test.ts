import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AverageGain, AverageLoss, EMA } from 'technicalindicators';
import { describe, expect, it } from 'vitest';
import { ExponentialAverage } from '../../../src/indicators/exponentialAverage.js';
import { GainLossAverages } from '../../../src/indicators/gainLossAverages.js';
import { SeededRandom } from '../../../src/util/random.js';

/** The closes of the MSFT daily fixture (real prices, two decimals). */
function msftCloses(): number[] {
  const here = dirname(fileURLToPath(import.meta.url));
  const lines = readFileSync(join(here, '../../fixtures/market/msft_2000_2001_daily.csv'), 'utf8')
    .trim()
    .split('\n');
  return lines.slice(1).map((line) => Number(line.split(',')[4]));
}

/** A seeded EURUSD-like walk: five-decimal prices whose sums do not round exactly. */
function walk(count: number, seed: number): number[] {
  const random = new SeededRandom(seed);
  const values: number[] = [];
  let close = 1.1;
  for (let index = 0; index < count; index++) {
    close = Math.round((close + random.normal() * 0.0005) * 1e5) / 1e5;
    values.push(close);
  }
  return values;
}

/** Series that reach the libraries' edge cases: a zero or NaN seed, no change, sign flips, NaN gaps. */
const series: Record<string, number[]> = {
  msft: msftCloses(),
  walk: walk(3_000, 5),
  flat: new Array(60).fill(1.1),
  zeros: new Array(40).fill(0),
  'zero seed then moves': [1, -1, 1, -1, 0, 0, 2, -3, 0.5, 7, -7, 0, 1e-9],
  'NaN inside': [1.1, 1.2, Number.NaN, 1.3, 1.25, 1.4, 1.1, 1.05, 1.2, 1.3, 1.35, 1.2],
  'NaN first': [Number.NaN, 1, 2, 3, 4, 5, 6],
  'MACD-like around zero': walk(500, 9).map((value) => value - 1.1),
};
const periods = [1, 2, 3, 9, 12, 14, 26, 50];

describe.each(Object.entries(series))('bit-identical to technicalindicators on %s', (_name, values) => {
  it.each(periods)(
    'ExponentialAverage(%i) returns exactly what EMA.nextValue returns, input by input',
    (period) => {
      const library = new EMA({ period, values: [] });
      const ours = new ExponentialAverage(period);
      values.forEach((value, index) => {
        const want = library.nextValue(value);
        const got = ours.next(value);
        expect(Object.is(got, want), `input ${index + 1}: ${got} vs ${want}`).toBe(true);
      });
    },
  );

  it.each(periods)(
    'GainLossAverages(%i) gives exactly AverageGain and AverageLoss, input by input',
    (period) => {
      const gains = new AverageGain({ period, values: [] });
      const losses = new AverageLoss({ period, values: [] });
      const ours = new GainLossAverages(period);
      values.forEach((value, index) => {
        const wantGain = gains.nextValue(value);
        const wantLoss = losses.nextValue(value);
        const ready = ours.next(value);
        expect(ready, `input ${index + 1} ready`).toBe(wantGain !== undefined);
        expect(wantLoss === undefined, `input ${index + 1}: loss appears with gain`).toBe(!ready);
        if (!ready) return;
        expect(Object.is(ours.gain, wantGain), `input ${index + 1}: gain ${ours.gain} vs ${wantGain}`).toBe(
          true,
        );
        expect(Object.is(ours.loss, wantLoss), `input ${index + 1}: loss ${ours.loss} vs ${wantLoss}`).toBe(
          true,
        );
      });
    },
  );
});
