import type { OptimizeResult, TrialResult } from './optimizeResult.js';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

function format(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return Number(value.toPrecision(digits)).toString();
}

/** Red (worst) to green (best) on the metric's own scale; missing values grey. */
function colour(value: number | null, low: number, high: number, maximise: boolean): string {
  if (value === null) return '#d8d8d8';
  const span = high - low;
  let share = span > 0 ? (value - low) / span : 0.5;
  if (!maximise) share = 1 - share;
  const hue = Math.round(share * 120);
  return `hsl(${hue}, 65%, 55%)`;
}

function metricRange(trials: readonly TrialResult[]): [number, number] {
  const values = trials.map((trial) => trial.metric).filter((value): value is number => value !== null);
  return values.length > 0 ? [Math.min(...values), Math.max(...values)] : [0, 0];
}

/** The two-parameter heatmap: one cell per pair of values, the best trial over the other parameters. */
function heatmap(result: OptimizeResult): string {
  const [x, y] = result.parameters;
  if (!x || !y) return '';
  const [low, high] = metricRange(result.trials);
  const cell = 44;
  const left = 90;
  const top = 30;
  const width = left + x.values.length * cell + 10;
  const height = top + y.values.length * cell + 50;
  const bestAt = new Map<string, TrialResult>();
  for (const trial of result.trials) {
    const key = `${trial.values[x.name]}|${trial.values[y.name]}`;
    const current = bestAt.get(key);
    const better =
      current === undefined ||
      (trial.metric !== null &&
        (current.metric === null ||
          (result.metric.maximise ? trial.metric > current.metric : trial.metric < current.metric)));
    if (better) bestAt.set(key, trial);
  }
  const cells: string[] = [];
  y.values.forEach((yValue, row) => {
    cells.push(
      `<text x="${left - 6}" y="${top + row * cell + cell / 2 + 4}" text-anchor="end">${escapeHtml(String(yValue))}</text>`,
    );
    x.values.forEach((xValue, column) => {
      const trial = bestAt.get(`${xValue}|${yValue}`);
      const value = trial?.metric ?? null;
      const title = trial
        ? `${Object.entries(trial.values)
            .map(([name, v]) => `${name}=${v}`)
            .join(', ')}: ${result.metric.name} ${format(value)}`
        : 'excluded by a constraint';
      const best = trial !== undefined && trial.id === result.best.id;
      // The best trial's cell is outlined so it stands out whatever the colour scale.
      cells.push(
        `<g class="cell${best ? ' best' : ''}" data-trial="${trial?.id ?? ''}"><rect x="${left + column * cell}" y="${top + row * cell}" width="${cell - 2}" height="${cell - 2}" fill="${colour(trial ? value : null, low, high, result.metric.maximise)}"${best ? ' stroke="#000" stroke-width="3"' : ''}><title>${best ? 'best: ' : ''}${escapeHtml(title)}</title></rect>${
          trial && x.values.length <= 20
            ? `<text x="${left + column * cell + cell / 2 - 1}" y="${top + row * cell + cell / 2 + 4}" text-anchor="middle" class="value">${escapeHtml(format(value, 2))}</text>`
            : ''
        }</g>`,
      );
    });
  });
  x.values.forEach((xValue, column) => {
    cells.push(
      `<text x="${left + column * cell + cell / 2}" y="${top + y.values.length * cell + 16}" text-anchor="middle">${escapeHtml(String(xValue))}</text>`,
    );
  });
  cells.push(
    `<text x="${left + (x.values.length * cell) / 2}" y="${height - 8}" text-anchor="middle" class="axis">${escapeHtml(x.name)}</text>`,
  );
  cells.push(`<text x="12" y="${top - 12}" class="axis">${escapeHtml(y.name)}</text>`);
  return `<h2>Heatmap: ${escapeHtml(result.metric.name)} by ${escapeHtml(x.name)} and ${escapeHtml(y.name)}</h2>${
    result.parameters.length > 2
      ? '<p class="note">Each cell shows the best trial over the other parameters.</p>'
      : ''
  }<svg id="heatmap" width="${width}" height="${height}" role="img">${cells.join('')}</svg>`;
}

/** One axis per parameter and one for the metric; one line per trial, coloured by its metric. */
function parallelCoordinates(result: OptimizeResult): string {
  const axes = [...result.parameters.map((parameter) => parameter.name), result.metric.name];
  const [low, high] = metricRange(result.trials);
  const width = Math.max(480, axes.length * 160);
  const height = 320;
  const top = 30;
  const bottom = height - 40;
  const step = (width - 80) / (axes.length - 1);
  const scale = (values: number[]) => {
    const min = Math.min(...values);
    const max = Math.max(...values);
    return (value: number) =>
      max > min ? bottom - ((value - min) / (max - min)) * (bottom - top) : (top + bottom) / 2;
  };
  const scales = [
    ...result.parameters.map((parameter) => scale(parameter.values)),
    scale(
      result.trials
        .map((trial) => trial.metric)
        .filter((value): value is number => value !== null)
        .concat([low, high]),
    ),
  ];
  const lines = result.trials
    .filter((trial) => trial.metric !== null)
    .map((trial) => {
      const points = axes.map((axis, index) => {
        const value = index < result.parameters.length ? trial.values[axis]! : trial.metric!;
        return `${40 + index * step},${scales[index]!(value).toFixed(1)}`;
      });
      return `<polyline points="${points.join(' ')}" fill="none" stroke="${colour(trial.metric, low, high, result.metric.maximise)}" stroke-width="${trial.id === result.best.id ? 3 : 1}" opacity="${trial.id === result.best.id ? 1 : 0.6}"><title>${escapeHtml(
        `trial ${trial.id}: ${Object.entries(trial.values)
          .map(([name, v]) => `${name}=${v}`)
          .join(', ')}, ${result.metric.name} ${format(trial.metric)}`,
      )}</title></polyline>`;
    });
  const axisMarks = axes.map(
    (axis, index) =>
      `<line x1="${40 + index * step}" y1="${top}" x2="${40 + index * step}" y2="${bottom}" stroke="#333"/><text x="${40 + index * step}" y="${bottom + 20}" text-anchor="middle" class="axis">${escapeHtml(axis)}</text>`,
  );
  return `<h2>All trials (parallel coordinates; the best drawn thick)</h2><svg id="parallel" width="${width}" height="${height}">${lines.join('')}${axisMarks.join('')}</svg>`;
}

/** Metric against the one tuned parameter. */
function scatter(result: OptimizeResult): string {
  const [parameter] = result.parameters;
  if (!parameter || result.parameters.length !== 1) return '';
  const trials = result.trials.filter((trial) => trial.metric !== null);
  const [low, high] = metricRange(trials);
  const width = 640;
  const height = 300;
  const min = Math.min(...parameter.values);
  const max = Math.max(...parameter.values);
  const x = (value: number) =>
    50 + (max > min ? ((value - min) / (max - min)) * (width - 80) : (width - 80) / 2);
  const y = (value: number) =>
    height - 40 - (high > low ? ((value - low) / (high - low)) * (height - 70) : (height - 70) / 2);
  const dots = trials.map(
    (trial) =>
      `<circle cx="${x(trial.values[parameter.name]!).toFixed(1)}" cy="${y(trial.metric!).toFixed(1)}" r="5" fill="${colour(trial.metric, low, high, result.metric.maximise)}"><title>${escapeHtml(`${parameter.name}=${trial.values[parameter.name]}: ${result.metric.name} ${format(trial.metric)}`)}</title></circle>`,
  );
  return `<h2>${escapeHtml(result.metric.name)} by ${escapeHtml(parameter.name)}</h2><svg id="scatter" width="${width}" height="${height}"><line x1="50" y1="${height - 40}" x2="${width - 20}" y2="${height - 40}" stroke="#333"/><text x="${width / 2}" y="${height - 10}" text-anchor="middle" class="axis">${escapeHtml(parameter.name)}</text><text x="50" y="20" class="axis">${escapeHtml(`${result.metric.name} ${format(low)} … ${format(high)}`)}</text>${dots.join('')}</svg>`;
}

/** The best trial's equity curve, at most ~1,500 points. */
function equityCurve(result: OptimizeResult): string {
  const points = result.bestRun.equity;
  if (points.length < 2) return '';
  const stride = Math.max(1, Math.ceil(points.length / 1500));
  const sampled = points.filter((_, index) => index % stride === 0 || index === points.length - 1);
  const width = 900;
  const height = 260;
  const values = sampled.map((point) => point.equity);
  const low = Math.min(...values);
  const high = Math.max(...values);
  const first = sampled[0]!.time;
  const last = sampled[sampled.length - 1]!.time;
  const x = (time: number) => 60 + ((time - first) / Math.max(last - first, 1)) * (width - 80);
  const y = (value: number) =>
    height - 30 - (high > low ? ((value - low) / (high - low)) * (height - 50) : (height - 50) / 2);
  const line = sampled.map((point) => `${x(point.time).toFixed(1)},${y(point.equity).toFixed(1)}`).join(' ');
  return `<h2>Equity of the best trial (${escapeHtml(result.rankedOn.label)})</h2><svg id="equity" width="${width}" height="${height}"><polyline points="${line}" fill="none" stroke="#1f77b4" stroke-width="1.5"/><text x="4" y="${y(high) + 4}">${escapeHtml(format(high, 7))}</text><text x="4" y="${y(low) + 4}">${escapeHtml(format(low, 7))}</text><text x="60" y="${height - 8}">${escapeHtml(new Date(first).toISOString().slice(0, 10))}</text><text x="${width - 20}" y="${height - 8}" text-anchor="end">${escapeHtml(new Date(last).toISOString().slice(0, 10))}</text></svg>`;
}

function trialsTable(result: OptimizeResult, limit: number): string {
  const guard = result.validation !== undefined;
  const header = [
    'rank',
    'trial',
    ...result.parameters.map((parameter) => parameter.name),
    result.metric.name,
    ...(guard ? ['in sample', 'out of sample'] : []),
    'trades',
    'return',
    'max drawdown',
  ];
  const rows = result.ranking.slice(0, limit).map((trial, index) => {
    const cells = [
      String(index + 1),
      String(trial.id),
      ...result.parameters.map((parameter) => String(trial.values[parameter.name])),
      trial.status === 'failed' ? `failed: ${trial.error ?? ''}` : format(trial.metric),
      ...(guard ? [format(trial.inSample), format(trial.outOfSample)] : []),
      String(trial.statistics?.trades ?? '—'),
      trial.statistics ? `${(trial.statistics.total_return * 100).toFixed(2)}%` : '—',
      trial.statistics ? `${(trial.statistics.max_drawdown.fraction * 100).toFixed(2)}%` : '—',
    ];
    return `<tr${trial.id === result.best.id ? ' class="best"' : ''}>${cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`;
  });
  return `<h2>Top ${Math.min(limit, result.ranking.length)} of ${result.trials.length} trials</h2><table id="trials"><thead><tr>${header.map((cell) => `<th>${escapeHtml(cell)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function validationSection(result: OptimizeResult): string {
  const validation = result.validation;
  if (!validation) return '';
  const rows = validation.folds.map(
    (fold) =>
      `<tr><td>${fold.fold}</td><td>${escapeHtml(`${fold.train.start.slice(0, 10)} – ${fold.train.end.slice(0, 10)} (${fold.train.bars})`)}</td><td>${escapeHtml(`${fold.test.start.slice(0, 10)} – ${fold.test.end.slice(0, 10)} (${fold.test.bars})`)}</td><td>${escapeHtml(
        Object.entries(fold.values)
          .map(([name, v]) => `${name}=${v}`)
          .join(', '),
      )}</td><td>${escapeHtml(format(fold.inSample))}</td><td>${escapeHtml(format(fold.outOfSample))}</td></tr>`,
  );
  return `<h2>${validation.kind === 'walk_forward' ? 'Walk-forward' : 'Train / test split'}: in sample against out of sample</h2>${
    validation.warning
      ? `<p class="warning" id="divergence">${escapeHtml(validation.warning)}</p>`
      : '<p>In-sample and out-of-sample results agree within a factor of two.</p>'
  }<table id="folds"><thead><tr><th>fold</th><th>train (bars)</th><th>test (bars)</th><th>best in sample</th><th>${escapeHtml(result.metric.name)} in sample</th><th>out of sample</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/**
 * The optimisation report as one self-contained HTML page (inline SVG and CSS, no script, no network): the
 * heatmap for two parameters (parallel coordinates for more, a scatter for one), the best trial's equity
 * curve, the top trials and the in-sample / out-of-sample comparison.
 *
 * @example
 * ```ts
 * writeFileSync('optimize.html', optimizeHtml(result));
 * ```
 */
export function optimizeHtml(result: OptimizeResult, options: { reproduce?: string } = {}): string {
  const title = `Optimisation of ${result.parameters.map((parameter) => parameter.name).join(', ')} on ${result.symbol}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; }
table { border-collapse: collapse; margin: 8px 0 24px; } td, th { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
tr.best td { font-weight: bold; background: #eef8ee; } svg text { font-size: 11px; } .axis { font-weight: bold; }
.value { font-size: 10px; fill: #111; } .warning { background: #fff3cd; border: 1px solid #e0b000; padding: 8px; }
.note { color: #555; } code { background: #f4f4f4; padding: 2px 4px; }
</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(`${result.trials.length} trials (${result.failedTrials} failed) ranked by ${result.metric.name} (${result.metric.statistic}, ${result.metric.maximise ? 'higher' : 'lower'} is better) on ${result.rankedOn.label === 'train' ? `the training data up to ${result.rankedOn.to}` : 'all the data'}: ${result.data.bars} bars of ${result.data.file ?? result.symbol}, ${result.data.start.slice(0, 10)} – ${result.data.end.slice(0, 10)}; ${result.workers} ${result.workers === 1 ? 'worker' : 'workers'}, ${result.elapsedSeconds.toFixed(1)} s.`)}</p>
<p>Best: <strong id="best">${escapeHtml(
    Object.entries(result.best.values)
      .map(([name, v]) => `${name}=${v}`)
      .join(', '),
  )}</strong>, ${escapeHtml(result.metric.name)} ${escapeHtml(format(result.best.metric))}.${options.reproduce ? ` Reproduce: <code>${escapeHtml(options.reproduce)}</code>` : ''}</p>
${result.parameters.length === 1 ? scatter(result) : heatmap(result)}
${result.parameters.length > 2 ? parallelCoordinates(result) : ''}
${equityCurve(result)}
${validationSection(result)}
${trialsTable(result, 20)}
</body></html>
`;
}
