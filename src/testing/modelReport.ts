import { ModelTestError } from './modelTestError.js';

/**
 * One path of a model-based test, runnable on its own (one `it` per path) or with the others (`run`).
 *
 * @example
 * ```ts
 * declare const model: ServiceLifecycleModel;
 * for (const path of model.paths) it(path.name, () => path.run());
 * ```
 */
export interface RunnablePath {
  /** The edge the path is for, with the steps that lead there. */
  name: string;
  /** The name of the edge the path ends with (what a failure is reported against). */
  edge: string;
  /** Edge keys (`sourceStateId|eventType`) the path takes. */
  edges: string[];
  /** Drives the real service(s) along the path; rejects with a `ModelTestError` naming the edge. */
  run(): Promise<void>;
}

/**
 * What a model-based run found: which edges of the machine were covered by passing paths, which failed.
 *
 * @example
 * ```ts
 * declare const model: ServiceLifecycleModel;
 * const report: ModelReport = await model.run();
 * console.log(report.summary());
 * ```
 */
export interface ModelReport {
  /** Every edge of the model by key, with its name and whether a passing path took it. */
  edges: Array<{ key: string; name: string; covered: boolean }>;
  /** Names of the paths that passed. */
  passed: string[];
  failures: Array<{ path: string; edge: string; message: string }>;
  /** One line per edge (`✓`/`✗`) and the totals. */
  summary(): string;
}

/**
 * Runs every path (one after the other: they share nothing, but time-outs are real), and reports which
 * edges passing paths covered. Never throws; see `assertReport`.
 */
export async function runPaths(paths: RunnablePath[], allEdges: Map<string, string>): Promise<ModelReport> {
  const passed: string[] = [];
  const failures: ModelReport['failures'] = [];
  const covered = new Set<string>();
  for (const path of paths) {
    try {
      await path.run();
      passed.push(path.name);
      for (const edge of path.edges) covered.add(edge);
    } catch (error) {
      failures.push({ path: path.name, edge: path.edge, message: (error as Error).message });
    }
  }
  const edges = [...allEdges].map(([key, name]) => ({ key, name, covered: covered.has(key) }));
  return {
    edges,
    passed,
    failures,
    summary: () =>
      [
        ...edges.map((edge) => `${edge.covered ? '✓' : '✗'} ${edge.name}`),
        ...failures.map((failure) => `FAILED ${failure.message}`),
        `${edges.filter((edge) => edge.covered).length}/${edges.length} edges covered, ${passed.length} paths passed, ${failures.length} failed`,
      ].join('\n'),
  };
}

/** Throws a `ModelTestError` naming every failed edge (and every edge no path covered); else returns. */
export function assertReport(report: ModelReport): ModelReport {
  const uncovered = report.edges.filter((edge) => !edge.covered).map((edge) => edge.name);
  if (report.failures.length === 0 && uncovered.length === 0) return report;
  const failed = [...new Set(report.failures.map((failure) => failure.edge))];
  const lines = [
    ...report.failures.map((failure) => failure.message),
    ...(uncovered.length > 0 ? [`edges no passing path covered: ${uncovered.join('; ')}`] : []),
  ];
  throw new ModelTestError(lines.join('\n'), failed.length > 0 ? failed : uncovered);
}
