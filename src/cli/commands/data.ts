import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../errors/usageError.js';
import { fromExchangeTimeframe } from '../../market/ccxt/ccxtTimeframe.js';
import type { Command } from '../command.js';
import { parseCommandArgs } from '../parseCommandArgs.js';
import { ProgressReporter } from '../progressReporter.js';

const usage = [
  'Usage: tradestate data download --exchange ID --symbol SYMBOL --timeframe TF --from DATE [--to DATE] --out FILE.csv',
  '                               [--sandbox] [--api-url URL]',
  '',
  "Downloads an exchange's candles through ccxt into a CSV file that `tradestate backtest --data` reads",
  '(timestamp,open,high,low,close,volume; ISO-8601 UTC). Only closed bars are written. When FILE.csv already',
  'holds bars of an earlier download, it resumes after the last one instead of starting over.',
  '',
  'Options:',
  '  --exchange ID     ccxt exchange id: binance, kraken, okx, ... (an unknown one lists close matches)',
  "  --symbol SYMBOL   The exchange's market, e.g. BTC/USDT",
  '  --timeframe TF    1m, 5m, 1h, 1d ... or minutes (1, 5, 60, 1440)',
  '  --from DATE       First bar (ISO-8601, e.g. 2024-01-01 or 2024-01-01T12:00:00Z)',
  '  --to DATE         Bars before this time (default: now)',
  '  --out FILE.csv    Where to write (appended to when resuming)',
  "  --sandbox         Use the exchange's sandbox/testnet",
  '  --api-url URL     Replace the host of the exchange URLs (a proxy or a local mirror)',
].join('\n');

function parseDate(flag: string, text: string): number {
  const time = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (!Number.isFinite(time))
    throw new UsageError(`${flag} must be an ISO-8601 date, got ${JSON.stringify(text)}`);
  return time;
}

/** Open time of the last bar in an existing download, or undefined (no file, or only a header). */
function lastWrittenBar(path: string): number | undefined {
  if (!existsSync(path)) return undefined;
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  const last = lines[lines.length - 1];
  if (lines.length < 2 || last === undefined) return undefined;
  const time = Date.parse(last.split(',')[0] ?? '');
  return Number.isFinite(time) ? time : undefined;
}

/**
 * `tradestate data download`: exchange history into the CSV format `backtest` reads, with a progress bar
 * and resume.
 *
 * @example
 * ```ts
 * await dataCommand.run(['download', '--exchange', 'binance', '--symbol', 'BTC/USDT', '--timeframe', '1h', '--from', '2024-01-01', '--out', 'btc.csv'], processCliIO());
 * ```
 */
export const dataCommand: Command = {
  name: 'data',
  summary: 'Download exchange candles into a CSV file for backtests (data download --help)',
  usage,
  examples: [
    'tradestate data download --exchange binance --symbol BTC/USDT --timeframe 1h --from 2024-01-01 --out btc_usdt_1h.csv',
    'tradestate data download --exchange kraken --symbol ETH/EUR --timeframe 1d --from 2020-01-01 --to 2024-01-01 --out eth_eur_daily.csv',
  ],
  async run(argv, io) {
    const [action, ...rest] = argv;
    if (action !== 'download') {
      throw new UsageError(`expected the action "download", got ${JSON.stringify(action ?? '')}`);
    }
    const { values } = parseCommandArgs(rest, {
      exchange: { type: 'string' },
      symbol: { type: 'string' },
      timeframe: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
      sandbox: { type: 'boolean', default: false },
      'api-url': { type: 'string' },
    });
    for (const flag of ['exchange', 'symbol', 'timeframe', 'from', 'out'] as const) {
      if (!values[flag]) throw new UsageError(`--${flag} is required`);
    }
    const minutes = fromExchangeTimeframe(values.timeframe!);
    if (minutes === undefined) {
      throw new UsageError(
        `--timeframe must be like 1m, 4h, 1d or minutes, got ${JSON.stringify(values.timeframe)}`,
      );
    }
    const from = parseDate('--from', values.from!);
    const to = values.to ? parseDate('--to', values.to) : Date.now();
    if (to <= from) throw new UsageError('--to must be after --from');
    const out = resolve(io.cwd, values.out!);
    const [{ createCcxtExchange }, { loadExchangeMarkets }, { resolveMarket }, { fetchCandleRange }] =
      await Promise.all([
        import('../../market/ccxt/createCcxtExchange.js'),
        import('../../market/ccxt/loadExchangeMarkets.js'),
        import('../../market/ccxt/resolveMarket.js'),
        import('../../market/ccxt/fetchCandleRange.js'),
      ]);
    const exchange = await createCcxtExchange({
      exchange: values.exchange!,
      sandbox: values.sandbox === true,
      api_url: values['api-url'],
    });
    await loadExchangeMarkets(exchange);
    const { market, timeframe } = resolveMarket(exchange, values.symbol!, minutes);
    const barMs = Number(minutes) * 60_000;
    const resumeAfter = lastWrittenBar(out);
    const start = resumeAfter !== undefined && resumeAfter >= from ? resumeAfter + barMs : from;
    if (resumeAfter !== undefined && resumeAfter >= from) {
      io.stderr.write(`Resuming ${values.out} after ${new Date(resumeAfter).toISOString()}\n`);
    } else {
      writeFileSync(out, 'timestamp,open,high,low,close,volume\n');
    }
    // Only closed bars: the one forming now is left for a later download.
    const end = Math.min(to, Math.floor(Date.now() / barMs) * barMs);
    const progress = new ProgressReporter(io.stderr, Math.max(0, Math.ceil((end - start) / barMs)));
    let written = 0;
    await fetchCandleRange(exchange, market, timeframe, start, end, {
      onPage: (candles) => {
        const lines = candles.map(
          (bar) =>
            `${new Date(bar.time).toISOString()},${bar.open},${bar.high},${bar.low},${bar.close},${bar.volume}`,
        );
        appendFileSync(out, `${lines.join('\n')}\n`);
        written += candles.length;
        progress.update(written);
      },
    });
    progress.finish(written);
    await exchange.close?.();
    io.stdout.write(
      `${written} ${timeframe} bars of ${market} from ${exchange.id} written to ${values.out}\n`,
    );
    return 0;
  },
};
