/** One sample of the Prometheus text format. */
export interface ExpositionSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** What a scrape said: the samples, and the declared type of each metric family. */
export interface Exposition {
  samples: ExpositionSample[];
  types: Record<string, string>;
  /** The value of the sample with exactly these labels (undefined when there is none). */
  value(name: string, labels?: Record<string, string>): number | undefined;
}

/**
 * A minimal parser of the Prometheus text format 0.0.4 (what prom-client writes): `# TYPE` lines and
 * `name{label="value",...} number` samples. Enough to check names, labels and values in tests.
 */
export function parseExposition(text: string): Exposition {
  const samples: ExpositionSample[] = [];
  const types: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (line.startsWith('# TYPE ')) {
      const [name, type] = line.slice('# TYPE '.length).split(' ');
      if (name && type) types[name] = type;
      continue;
    }
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match?.[1] || match[3] === undefined) throw new Error(`not an exposition sample: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      if (pair[1])
        labels[pair[1]] = (pair[2] ?? '').replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  const value = (name: string, labels: Record<string, string> = {}) => {
    const wanted = Object.entries(labels);
    return samples.find(
      (sample) =>
        sample.name === name &&
        Object.keys(sample.labels).length === wanted.length &&
        wanted.every(([key, expected]) => sample.labels[key] === expected),
    )?.value;
  };
  return { samples, types, value };
}
