import { stringify } from 'yaml';
import { ConfigError } from '../../config/configError.js';
import { ConfigLoader } from '../../config/configLoader.js';
import { formatConfigError } from '../../config/formatConfigError.js';
import { redactConfig } from '../../config/redactConfig.js';
import { UsageError } from '../../errors/usageError.js';
import { loadStrategyModule } from '../../strategies/loadStrategyModule.js';
import type { Command } from '../command.js';
import { parseCommandArgs } from '../parseCommandArgs.js';
import { strategiesConfigCheck } from '../strategiesConfigCheck.js';

const formats = ['yaml', 'json'] as const;

/**
 * `tradestate config [--config FILE] [--format yaml|json]`: prints the resolved configuration (file, `.env`
 * and environment over the defaults) with secrets redacted, and exits 0; or prints every problem and
 * exits 2.
 *
 * @example
 * ```ts
 * const code = await configCommand.run(['--format', 'json'], processCliIO());
 * ```
 */
export const configCommand: Command = {
  name: 'config',
  summary: 'Print the resolved configuration (secrets redacted), or every problem in it',
  usage: [
    'Usage: tradestate config [--config FILE] [--format yaml|json] [--strategies FILE]',
    '',
    'Prints the configuration after file, .env and environment overrides are applied, secrets redacted.',
    'Exits 2 and lists every problem when the configuration is invalid, strategies and their parameters',
    'included (what `run` and `backtest` would refuse).',
    '',
    'Options:',
    '  --config FILE    YAML configuration (default: config/services.yaml when present, else defaults)',
    '  --format FORMAT  yaml (default) or json',
    '  --strategies FILE  A module exporting your strategy definitions, checked with the configuration',
  ].join('\n'),
  examples: ['tradestate config', 'tradestate config --config examples/config/stocks.yaml --format json'],
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      config: { type: 'string', short: 'c' },
      format: { type: 'string', short: 'f', default: 'yaml' },
      strategies: { type: 'string' },
    });
    const format = values.format;
    if (!formats.includes(format as (typeof formats)[number])) {
      throw new UsageError(`--format must be yaml or json, got ${JSON.stringify(format)}`);
    }
    const strategies = values.strategies ? await loadStrategyModule(values.strategies, io.cwd) : [];
    try {
      const config = redactConfig(
        ConfigLoader.load(values.config, {
          env: io.env,
          cwd: io.cwd,
          checks: [strategiesConfigCheck(strategies)],
        }),
      );
      io.stdout.write(
        format === 'json' ? `${JSON.stringify(config, null, 2)}\n` : stringify(config, { lineWidth: 0 }),
      );
      return 0;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      io.stderr.write(`${formatConfigError(error)}\n`);
      return 2;
    }
  },
};
