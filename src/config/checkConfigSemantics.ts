import { quoteValue } from '../errors/quoteValue.js';
import { parseIsoDate } from '../util/parseIsoDate.js';
import { symbolProblem } from '../util/safeSymbol.js';
import type { ConfigCheck, ConfigFinding } from './configCheck.js';
import type { ConfigPath } from './configTree.js';

const wholeMinutes = /^[1-9]\d*$/;

/**
 * The rules that span fields, which a schema of single values cannot say, checked by every `loadConfig`
 * (so `tradestate config` reports what `run` and `backtest` would refuse): timeframes are positive whole
 * minutes and listed once; symbols are safe and listed once; strategy names are unique; news windows and
 * the synthetic feed's start are real ISO-8601 dates, each window ending after it starts.
 *
 * @example
 * ```ts
 * checkConfigSemantics(SystemConfigSchema.parse({ trading: { timeframes: ['0'] } }));
 * // [{ path: ['trading', 'timeframes', 0], message: 'timeframe "0" is not a positive whole number of minutes ...' }]
 * ```
 */
export const checkConfigSemantics: ConfigCheck = (config) => {
  const findings: ConfigFinding[] = [];
  const { trading } = config;
  const find = (path: ConfigPath, value: unknown, expected: string, message: string) =>
    findings.push({ path, value, expected, message });

  const seenTimeframes = new Map<string, number>();
  for (const [index, timeframe] of trading.timeframes.entries()) {
    const path = ['trading', 'timeframes', index];
    if (!wholeMinutes.test(timeframe)) {
      find(
        path,
        timeframe,
        'minutes',
        `timeframe ${quoteValue(timeframe)} is not a positive whole number of minutes (e.g. "1", "5", "60")`,
      );
    } else if (seenTimeframes.has(timeframe)) {
      find(
        path,
        timeframe,
        'each timeframe once',
        `timeframe "${timeframe}" is listed twice (also at trading.timeframes.${seenTimeframes.get(timeframe)})`,
      );
    }
    seenTimeframes.set(timeframe, seenTimeframes.get(timeframe) ?? index);
  }
  if (!wholeMinutes.test(trading.data_source.base_timeframe)) {
    const value = trading.data_source.base_timeframe;
    find(
      ['trading', 'data_source', 'base_timeframe'],
      value,
      'minutes',
      `timeframe ${quoteValue(value)} is not a positive whole number of minutes`,
    );
  }

  const symbolFinding = (path: ConfigPath, symbol: string) => {
    const problem = symbolProblem(symbol);
    if (problem !== undefined) find(path, symbol, 'a symbol', `symbol ${quoteValue(symbol)}: ${problem}`);
  };
  symbolFinding(['trading', 'symbol'], trading.symbol);
  const seenSymbols = new Map<string, number>();
  for (const [index, symbol] of (trading.symbols ?? []).entries()) {
    symbolFinding(['trading', 'symbols', index], symbol);
    const first = seenSymbols.get(symbol);
    if (first !== undefined) {
      find(
        ['trading', 'symbols', index],
        symbol,
        'each symbol once',
        `symbol ${quoteValue(symbol)} is listed twice (also at trading.symbols.${first})`,
      );
    } else seenSymbols.set(symbol, index);
  }

  const seenNames = new Map<string, number>();
  for (const [index, entry] of config.services.strategy_evaluation.strategies.entries()) {
    const first = seenNames.get(entry.name);
    if (first !== undefined) {
      find(
        ['services', 'strategy_evaluation', 'strategies', index, 'name'],
        entry.name,
        'a name used once',
        `strategy name ${quoteValue(entry.name)} is already used by services.strategy_evaluation.strategies.${first}`,
      );
    } else seenNames.set(entry.name, index);
  }

  const dateFinding = (path: ConfigPath, text: string): number | undefined => {
    const time = parseIsoDate(text);
    if (time === undefined)
      find(
        path,
        text,
        'an ISO-8601 date',
        `expected a real ISO-8601 date or date-time such as 2024-03-01T12:30:00Z, got ${quoteValue(text)}`,
      );
    return time;
  };
  for (const [index, window] of trading.news_blocks.entries()) {
    const start = dateFinding(['trading', 'news_blocks', index, 'start'], window.start);
    const end = dateFinding(['trading', 'news_blocks', index, 'end'], window.end);
    if (start !== undefined && end !== undefined && end <= start) {
      find(
        ['trading', 'news_blocks', index, 'end'],
        window.end,
        'an end after the start',
        `news window ends (${window.end}) before or when it starts (${window.start})`,
      );
    }
    for (const [symbolIndex, symbol] of (window.symbols ?? []).entries())
      symbolFinding(['trading', 'news_blocks', index, 'symbols', symbolIndex], symbol);
  }
  if (trading.data_source.type === 'csv' && !trading.data_source.path) {
    find(
      ['trading', 'data_source', 'type'],
      'csv',
      'a path with type csv',
      'type csv needs trading.data_source.path (the CSV file to replay), or run with --data FILE.csv',
    );
  }
  if (trading.data_source.type === 'synthetic')
    dateFinding(['trading', 'data_source', 'start'], trading.data_source.start);
  return findings;
};
