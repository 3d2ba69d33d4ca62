import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { isSecretKey } from '../config/redactConfig.js';
import { FileAccessError } from '../errors/fileAccessError.js';
import { outputDirectoryProblem } from '../util/pathProblems.js';
import { flattenStatistics } from './optimizationMetric.js';
import { optimizeHtml } from './optimizeHtml.js';
import type { OptimizeResult } from './optimizeResult.js';

/** A configuration without its secrets (they come from the environment, and a file holding one is refused). */
function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, inner]) => inner !== undefined && !isSecretKey(key))
      .map(([key, inner]) => [key, withoutSecrets(inner)]),
  );
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The command that reproduces the best trial with `tradestate backtest` (same data, same window).
 *
 * @example
 * ```ts
 * reproduceCommand(result, 'out/best.yaml'); // 'tradestate backtest --data msft.csv --symbol MSFT --config out/best.yaml'
 * ```
 */
export function reproduceCommand(result: OptimizeResult, bestYaml: string): string {
  return [
    'tradestate backtest',
    `--data ${result.data.file ?? '<your data file>'}`,
    `--symbol ${result.symbol}`,
    `--config ${bestYaml}`,
    ...(result.rankedOn.to ? [`--to ${result.rankedOn.to}`] : []),
  ].join(' ');
}

/**
 * Writes `trials.csv` (every trial: parameters, status, metric, every statistic), `best.yaml` (a
 * configuration that reproduces the best trial with `tradestate backtest`), `optimize.json` and
 * `optimize.html` into `directory`. A directory that cannot be written (a file, read-only, under `/proc`) is a
 * `FileAccessError` before anything is written.
 *
 * @example
 * ```ts
 * const result = await optimize({ data: 'msft.csv', symbol: 'MSFT', parameters: ['ema_fast.period=5:30:5'] });
 * const files = writeOptimizeReport('optimize-results/msft', result);
 * console.log(files.html);
 * ```
 */
export function writeOptimizeReport(directory: string, result: OptimizeResult) {
  // Checked with stat before mkdir: a recursive mkdir under /proc never returns.
  const problem = outputDirectoryProblem(directory);
  if (problem !== undefined) throw new FileAccessError('optimize report directory', directory, problem);
  mkdirSync(directory, { recursive: true });
  const files = {
    trials: join(directory, 'trials.csv'),
    best: join(directory, 'best.yaml'),
    json: join(directory, 'optimize.json'),
    html: join(directory, 'optimize.html'),
  };
  const guard = result.validation !== undefined;
  const statistics = new Set<string>();
  for (const trial of result.trials) {
    if (trial.statistics)
      for (const key of Object.keys(flattenStatistics(trial.statistics))) statistics.add(key);
  }
  const header = [
    'trial',
    'status',
    ...result.parameters.map((parameter) => parameter.name),
    result.metric.name,
    ...(guard ? ['in_sample', 'out_of_sample'] : []),
    ...statistics,
    'error',
  ];
  const lines = [header.join(',')];
  for (const trial of result.trials) {
    const flat = trial.statistics ? flattenStatistics(trial.statistics) : {};
    lines.push(
      [
        trial.id,
        trial.status,
        ...result.parameters.map((parameter) => trial.values[parameter.name]),
        trial.metric,
        ...(guard ? [trial.inSample, trial.outOfSample] : []),
        ...[...statistics].map((key) => flat[key]),
        trial.error,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  writeFileSync(files.trials, `${lines.join('\n')}\n`);
  const reproduce = reproduceCommand(result, files.best);
  writeFileSync(
    files.best,
    `# The best trial of \`tradestate optimize\` (${Object.entries(result.best.values)
      .map(([name, value]) => `${name}=${value}`)
      .join(
        ', ',
      )}; ${result.metric.name} ${result.best.metric}).\n# Reproduce: ${reproduce}\n${stringify(withoutSecrets(result.bestConfig))}`,
  );
  const { bestRun: _bestRun, bestConfig: _bestConfig, ...summary } = result;
  writeFileSync(files.json, `${JSON.stringify({ ...summary, reproduce }, null, 2)}\n`);
  writeFileSync(files.html, optimizeHtml(result, { reproduce }));
  return files;
}
