import { describe, expect, it } from 'vitest';
import { RegimeConfigSchema } from '../../../src/config/systemConfig.js';
import { RegimeManager } from '../../../src/indicators/regimeManager.js';

const config = RegimeConfigSchema.parse({
  adx_trend_threshold: 25,
  ema_slope_bars: 2,
  volatile_atr_ratio: 1.5,
  atr_average_period: 3,
});

interface Step {
  adx?: number;
  plusDi?: number;
  minusDi?: number;
  ema?: number;
  atr?: number;
}

const values = ({ adx = 30, plusDi = 30, minusDi = 10, ema = 1, atr = 1 }: Step): Record<string, number> => ({
  adx,
  adx_plus_di: plusDi,
  adx_minus_di: minusDi,
  ema_slow: ema,
  atr,
});

/** Three warm-up candles with a rising EMA and steady ATR 1, then returns the manager. */
function warmed(): RegimeManager {
  const manager = new RegimeManager(config);
  for (const ema of [1.0, 1.1, 1.2]) manager.update(values({ ema, adx: 10 }));
  return manager;
}

describe('RegimeManager', () => {
  it('stays unknown until ATR average and EMA slope history are full, then classifies', () => {
    const manager = new RegimeManager(config);
    expect(manager.current).toBe('unknown');
    expect(manager.warmupPeriod).toBe(3);
    expect(manager.update(values({ ema: 1.0 })).regime).toBe('unknown');
    expect(manager.update(values({ ema: 1.1 })).regime).toBe('unknown');
    expect(manager.update(values({ ema: 1.2 }))).toEqual({
      regime: 'trending_up',
      previous: 'unknown',
      changed: true,
    });
  });

  it('is unknown while an indicator column is absent (still warming up)', () => {
    const manager = warmed();
    expect(manager.update({ ema_slow: 1.3, atr: 1 }).regime).toBe('unknown');
  });

  it('is trending_up with ADX at the threshold, a rising slow EMA and +DI above -DI', () => {
    const manager = warmed();
    expect(manager.update(values({ adx: 25, ema: 1.3, plusDi: 30, minusDi: 10 })).regime).toBe('trending_up');
  });

  it('is trending_down with strong ADX, a falling slow EMA and -DI above +DI', () => {
    const manager = warmed();
    // EMA two candles ago was 1.1; now 1.0.
    expect(manager.update(values({ adx: 40, ema: 1.0, plusDi: 10, minusDi: 30 })).regime).toBe(
      'trending_down',
    );
  });

  it('is ranging when ADX is below the threshold, or slope and DI disagree', () => {
    expect(warmed().update(values({ adx: 24.9, ema: 1.3 })).regime).toBe('ranging');
    expect(warmed().update(values({ adx: 40, ema: 1.3, plusDi: 10, minusDi: 30 })).regime).toBe('ranging');
    expect(warmed().update(values({ adx: 40, ema: 1.1, plusDi: 30, minusDi: 10 })).regime).toBe('ranging');
  });

  it('is volatile when ATR exceeds 1.5x its own 3-candle average, even in a strong trend', () => {
    // ATR average over (1, 1, 3) = 5/3; 3 > 1.5 * 5/3 = 2.5.
    expect(warmed().update(values({ adx: 40, ema: 1.3, atr: 3 })).regime).toBe('volatile');
    // Boundary: average over (1, 1, 2) = 4/3 and 2 is not above 1.5 * 4/3 = 2.
    expect(warmed().update(values({ adx: 40, ema: 1.3, atr: 2 })).regime).toBe('trending_up');
  });

  it('reports a change with old and new regime only when the regime differs', () => {
    const manager = warmed();
    expect(manager.current).toBe('ranging');
    expect(manager.update(values({ adx: 10, ema: 1.3 }))).toEqual({
      regime: 'ranging',
      previous: 'ranging',
      changed: false,
    });
    expect(manager.update(values({ adx: 30, ema: 1.4 }))).toEqual({
      regime: 'trending_up',
      previous: 'ranging',
      changed: true,
    });
    expect(manager.update(values({ adx: 30, ema: 1.5 }))).toEqual({
      regime: 'trending_up',
      previous: 'trending_up',
      changed: false,
    });
    expect(manager.update(values({ adx: 30, ema: 1.6, atr: 5 }))).toEqual({
      regime: 'volatile',
      previous: 'trending_up',
      changed: true,
    });
    expect(manager.current).toBe('volatile');
  });

  it('reads custom column names', () => {
    const manager = new RegimeManager(config, { adx: 'dmi', ema: 'ema_200', atr: 'atr_20' });
    let last = manager.update({});
    for (const ema of [1, 2, 3]) {
      last = manager.update({ dmi: 30, dmi_plus_di: 5, dmi_minus_di: 20, ema_200: -ema, atr_20: 1 });
    }
    expect(last.regime).toBe('trending_down');
  });
});
