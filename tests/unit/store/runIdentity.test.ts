import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromObject } from '../../../src/config/configLoader.js';
import { fileContentHash, runIdentity } from '../../../src/store/runIdentity.js';

describe('runIdentity', () => {
  it('names a missing CSV file by its absolute path, so a resume with the file back is told apart', () => {
    const config = configFromObject({
      trading: { data_source: { type: 'csv', path: 'no/such/bars.csv' } },
    });
    expect(runIdentity(config).data).toBe(`csv ${resolve('no/such/bars.csv')} (missing)`);
  });

  it("names the synthetic feed by its seed and start, and adds the replayed span's bars and dates", () => {
    const config = configFromObject({});
    const source = config.trading.data_source;
    const first = Date.parse('2025-01-06T00:00:00Z');
    const last = Date.parse('2025-01-07T00:00:00Z');
    expect(runIdentity(config, { bars: 1441, first, last }).data).toBe(
      `${source.type} seed ${source.seed} from ${source.start}, 1441 bars 2025-01-06T00:00:00.000Z..2025-01-07T00:00:00.000Z`,
    );
  });

  it('keeps the same config hash when only logging, the store, limits or pacing change', () => {
    const base = runIdentity(configFromObject({}));
    const other = runIdentity(
      configFromObject({
        logging: { level: 'DEBUG' },
        store: { checkpoint_every_bars: 7 },
        trading: { max_candles: 10, speed: 5 },
      }),
    );
    expect(other.config_hash).toBe(base.config_hash);
    expect(runIdentity(configFromObject({ risk: { max_open_positions: 1 } })).config_hash).not.toBe(
      base.config_hash,
    );
  });

  it('lists the symbols, the strategies as name:type and the timeframes', () => {
    const config = configFromObject({ trading: { symbols: ['EURUSD', 'GBPUSD'], timeframes: ['1', '5'] } });
    const identity = runIdentity(config);
    expect(identity.symbols).toBe('EURUSD,GBPUSD');
    expect(identity.timeframes).toBe('1,5');
    expect(identity.strategies).toBe(
      config.services.strategy_evaluation.strategies
        .map((strategy) => `${strategy.name}:${strategy.type}`)
        .join(','),
    );
  });
});

describe('fileContentHash', () => {
  it('gives nothing for a path that cannot be read as a file', () => {
    expect(fileContentHash('/no/such/file.csv')).toBeUndefined();
    expect(fileContentHash(resolve('.'))).toBeUndefined();
  });
});
