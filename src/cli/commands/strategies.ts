import { UsageError } from '../../errors/usageError.js';
import type { StrategyDefinition } from '../../strategies/defineStrategy.js';
import { loadStrategyModule } from '../../strategies/loadStrategyModule.js';
import { describeStrategyParameters, type StrategyParameter } from '../../strategies/strategyParameters.js';
import { StrategyRegistry } from '../../strategies/strategyRegistry.js';
import type { Command } from '../command.js';
import { parseCommandArgs } from '../parseCommandArgs.js';

const formats = ['text', 'json'] as const;

const defaultText = (parameter: StrategyParameter) =>
  parameter.required ? 'required' : 'default' in parameter ? JSON.stringify(parameter.default) : '-';

/** One block per strategy type: its description, then one aligned line per parameter. */
function textReference(definitions: readonly StrategyDefinition<unknown>[]): string {
  const blocks = definitions.map((definition) => {
    const parameters = describeStrategyParameters(definition);
    const rows = parameters.map((parameter) => [
      parameter.name,
      parameter.type,
      defaultText(parameter),
      [parameter.description, parameter.constraints && `(${parameter.constraints})`]
        .filter(Boolean)
        .join(' '),
    ]);
    const widths = [0, 1, 2].map((column) => Math.max(0, ...rows.map((row) => row[column]!.length)));
    const lines = rows.map((row) =>
      `  ${row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell)).join('  ')}`.trimEnd(),
    );
    return [
      `${definition.type}: ${definition.description}`,
      ...(lines.length > 0 ? lines : ['  (no parameters)']),
    ].join('\n');
  });
  return `${blocks.join('\n\n')}

Use one under services.strategy_evaluation.strategies, e.g.
  - { name: ema_cross, type: ema_crossover, params: { confirm_bars: 1 }, stop_loss_atr: 2, take_profit_atr: 3 }
Every entry also takes symbols, timeframes, regimes, stop_loss_atr, take_profit_atr, entry_limit_atr and
max_holding_bars
(see 'tradestate config' and the README's configuration reference).
`;
}

/**
 * `tradestate strategies [--strategies FILE] [--format text|json]`: lists the built-in strategy types (and
 * those a module exports) with each parameter's type, default, bounds and description, read from the
 * types' zod schemas.
 *
 * @example
 * ```ts
 * await strategiesCommand.run(['--strategies', 'examples/strategies/closeBreakout.js'], processCliIO());
 * ```
 */
export const strategiesCommand: Command = {
  name: 'strategies',
  summary: 'List the strategy types with their parameters, defaults and descriptions',
  usage: [
    'Usage: tradestate strategies [--strategies FILE] [--format text|json]',
    '',
    'Lists the built-in strategy types, and those exported by a module, with their parameters',
    '(type, default, bounds, description) as their zod schemas define them.',
    '',
    'Options:',
    '  --strategies FILE  also list the strategies a module exports (as for backtest --strategies)',
    '  --format FORMAT    text (default) or json',
  ].join('\n'),
  examples: [
    'tradestate strategies',
    'tradestate strategies --strategies examples/strategies/closeBreakout.js --format json',
  ],
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      strategies: { type: 'string' },
      format: { type: 'string', short: 'f', default: 'text' },
    });
    const format = values.format as string;
    if (!formats.includes(format as (typeof formats)[number])) {
      throw new UsageError(`--format must be text or json, got ${JSON.stringify(format)}`);
    }
    const registry = StrategyRegistry.withBuiltins();
    if (values.strategies) {
      for (const definition of await loadStrategyModule(values.strategies, io.cwd)) {
        if (registry.has(definition.type)) {
          throw new UsageError(
            `--strategies ${values.strategies}: type "${definition.type}" is already a built-in strategy; rename it`,
          );
        }
        registry.register(definition);
      }
    }
    const definitions = registry.list();
    if (format === 'json') {
      const listing = definitions.map((definition) => ({
        type: definition.type,
        description: definition.description,
        parameters: describeStrategyParameters(definition),
      }));
      io.stdout.write(`${JSON.stringify(listing, null, 2)}\n`);
    } else {
      io.stdout.write(textReference(definitions));
    }
    return 0;
  },
};
