import type { ConfigCheck, ConfigFinding } from '../config/configCheck.js';
import type { ConfigPath } from '../config/configTree.js';
import { UserError } from '../errors/userError.js';
import { IndicatorConfigError } from '../indicators/indicatorConfigError.js';
import { IndicatorProcessor } from '../indicators/indicatorProcessor.js';
import type { StrategyDefinition } from '../strategies/defineStrategy.js';
import { StrategyConfigError } from '../strategies/strategyConfigError.js';
import { buildStrategyInstance } from '../strategies/strategyInstance.js';
import { StrategyRegistry } from '../strategies/strategyRegistry.js';
import { UnknownStrategyTypeError } from '../strategies/unknownStrategyTypeError.js';

const strategiesPath = ['services', 'strategy_evaluation', 'strategies'] as const;

/**
 * A configuration check that builds every configured strategy the way a run will (type registered,
 * parameters valid, symbols traded, timeframes computed, indicator columns configured) without starting
 * anything, so that `config`, `run` and `backtest` report a strategy mistake at its line in the config file
 * before the store is opened. `definitions` are the `--strategies` module's; `baseTimeframe` is the data's
 * when known (a CSV file's spacing), else the configured `trading.data_source.base_timeframe`.
 *
 * @example
 * ```ts
 * loadConfig('config/services.yaml', { checks: [strategiesConfigCheck(await loadStrategyModule('my.js', cwd))] });
 * // config/services.yaml:14:9 services.strategy_evaluation.strategies.0.params: strategy "ema": params.fast: ...
 * ```
 */
export function strategiesConfigCheck(
  definitions: readonly StrategyDefinition<unknown>[],
  baseTimeframe?: string,
): ConfigCheck {
  return (config) => {
    const evaluation = config.services.strategy_evaluation;
    const runs =
      evaluation.enabled && (config.orchestrator.services?.includes('strategy_evaluation') ?? true);
    if (!runs) return [];
    const findings: ConfigFinding[] = [];
    let columns: readonly string[];
    try {
      columns = new IndicatorProcessor(config.services.indicator_calculation.indicators).columns;
    } catch (error) {
      if (!(error instanceof IndicatorConfigError)) throw error;
      const index = config.services.indicator_calculation.indicators.findIndex(
        (spec) => spec.name === error.indicator,
      );
      const path: ConfigPath = [
        'services',
        'indicator_calculation',
        'indicators',
        ...(index >= 0 ? [index] : []),
      ];
      return [{ path, value: error.indicator, expected: 'a valid indicator', message: error.message }];
    }
    const registry = StrategyRegistry.withBuiltins();
    for (const definition of definitions) registry.register(definition);
    const base = baseTimeframe ?? config.trading.data_source.base_timeframe;
    // A CSV file's spacing decides which timeframes exist; unread, it leaves strategy timeframes unchecked here.
    const timeframes =
      baseTimeframe === undefined && config.trading.data_source.type === 'csv'
        ? undefined
        : [base, ...config.trading.timeframes.filter((timeframe) => buildsFrom(timeframe, base))];
    const symbols = config.trading.symbols ?? [config.trading.symbol];
    for (const [index, entry] of evaluation.strategies.entries()) {
      const at = [...strategiesPath, index];
      try {
        buildStrategyInstance(entry, registry, {
          symbols,
          defaultTimeframe: base,
          ...(timeframes ? { timeframes } : {}),
          availableIndicators: columns,
        });
      } catch (error) {
        const finding = findingFor(error, entry, at);
        if (error instanceof UnknownStrategyTypeError && definitions.length === 0)
          finding.message += '; a type from your own module needs --strategies FILE';
        findings.push(finding);
      }
    }
    return findings;
  };
}

function findingFor(error: unknown, entry: { name: string; type: string }, at: ConfigPath): ConfigFinding {
  if (error instanceof UnknownStrategyTypeError)
    return {
      path: [...at, 'type'],
      value: entry.type,
      expected: 'a registered type',
      message: error.message,
    };
  if (error instanceof StrategyConfigError) {
    // "params.fast: ..." / "symbols: ..." / "timeframes: ..." point at that field; anything else at the entry.
    const field = /^(params|symbols|timeframes|regimes)\b/.exec(error.detail)?.[1];
    return {
      path: field ? [...at, field] : at,
      value: entry.name,
      expected: 'a valid strategy',
      message: error.message,
    };
  }
  if (error instanceof UserError)
    return {
      path: [...at, 'type'],
      value: entry.type,
      expected: 'a valid strategy',
      message: `strategy "${entry.name}": ${error.message}`,
    };
  // A user's factory that throws is a mistake in their module, reported as such rather than as a crash.
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return {
    path: [...at, 'type'],
    value: entry.type,
    expected: 'a factory that returns a strategy',
    message: `strategy "${entry.name}": the factory of type "${entry.type}" threw: ${reason}`,
  };
}

/** Whether bars of `timeframe` minutes are built from `base`-minute bars, as the run decides. */
function buildsFrom(timeframe: string, base: string): boolean {
  const minutes = /^[1-9]\d*$/.test(timeframe) ? Number(timeframe) : Number.NaN;
  const baseMinutes = /^[1-9]\d*$/.test(base) ? Number(base) : Number.NaN;
  return minutes > baseMinutes && minutes % baseMinutes === 0;
}
