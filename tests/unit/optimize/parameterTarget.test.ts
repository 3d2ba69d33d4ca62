import { describe, expect, it } from 'vitest';
import { configFromObject } from '../../../src/config/configLoader.js';
import { resolveParameterTarget, withParameter } from '../../../src/optimize/parameterTarget.js';
import { StrategyRegistry } from '../../../src/strategies/strategyRegistry.js';

const config = configFromObject({});
const registry = StrategyRegistry.withBuiltins();

describe('resolveParameterTarget', () => {
  it('an indicator setting is found by the indicator name', () => {
    const target = resolveParameterTarget(config, registry, 'ema_fast.period');
    expect(target.path).toEqual(['services', 'indicator_calculation', 'indicators', 0, 'period']);
    expect(target.integer).toBe(true);
    expect(withParameter(config, target, 20).services.indicator_calculation.indicators[0]).toMatchObject({
      name: 'ema_fast',
      period: 20,
    });
  });

  it("a strategy's exit setting and a parameter of its type are found by the strategy name", () => {
    expect(resolveParameterTarget(config, registry, 'ema_cross.stop_loss_atr').path).toEqual([
      'services',
      'strategy_evaluation',
      'strategies',
      0,
      'stop_loss_atr',
    ]);
    const parameter = resolveParameterTarget(config, registry, 'ema_cross.confirm_bars');
    expect(parameter.path).toEqual([
      'services',
      'strategy_evaluation',
      'strategies',
      0,
      'params',
      'confirm_bars',
    ]);
    expect(parameter.integer).toBe(true);
  });

  it('a numeric configuration path is accepted', () => {
    expect(resolveParameterTarget(config, registry, 'trading.sizing.risk_percent').path).toEqual([
      'trading',
      'sizing',
      'risk_percent',
    ]);
  });

  it('takes fractions for an indicator setting whose schema allows them, though its default is whole (bb.std_dev 2)', () => {
    expect(resolveParameterTarget(config, registry, 'bb.std_dev').integer).toBe(false);
    expect(resolveParameterTarget(config, registry, 'bb.period').integer).toBe(true);
  });

  it('a configuration path whose schema takes whole numbers refuses fractions; one that takes any number does not', () => {
    expect(resolveParameterTarget(config, registry, 'risk.max_open_positions').integer).toBe(true);
    expect(resolveParameterTarget(config, registry, 'risk.max_drawdown_percent').integer).toBe(false);
  });

  it('an unknown name that looks like a typo suggests the closest name', () => {
    expect(() => resolveParameterTarget(config, registry, 'ema_fst.period')).toThrow(
      /unknown parameter "ema_fst.period" \(did you mean "ema_fast.period"\?\)/,
    );
  });

  it('an unknown name is refused, listing the names that exist', () => {
    expect(() => resolveParameterTarget(config, registry, 'ema_fats.period')).toThrow(
      /unknown parameter "ema_fats.period".*Parameters that exist: ema_fast.period, ema_slow.period/,
    );
  });

  it("an indicator without that setting lists the indicator's settings", () => {
    expect(() => resolveParameterTarget(config, registry, 'ema_fast.std_dev')).toThrow(
      /indicator "ema_fast" \(ema\) has no numeric setting "std_dev"; it has ema_fast.period/,
    );
  });

  it('a non-numeric configuration path is refused', () => {
    expect(() => resolveParameterTarget(config, registry, 'trading.symbol')).toThrow(/unknown parameter/);
  });
});
