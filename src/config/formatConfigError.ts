import type { ConfigError, ConfigSource } from './configError.js';

/**
 * Renders every problem of a `ConfigError` as one line, compiler-style: where it came from, the dotted
 * path, then the explanation.
 *
 * @example
 * ```ts
 * try {
 *   loadConfig('config/services.yaml');
 * } catch (error) {
 *   if (error instanceof ConfigError) console.error(formatConfigError(error));
 * }
 * // config/services.yaml:12:5 services.data_fetching.fetch_interval: expected a positive number, got -5
 * // $SERVICES_DATA_FETCHING_RETRY_ATTEMPTS services.data_fetching.retry_attempts: expected an integer, got "abc"
 * ```
 */
export function formatConfigError(error: ConfigError): string {
  return error.problems
    .map((problem) => {
      const where = formatSource(problem.source);
      const path = problem.path ? `${problem.path}: ` : '';
      return `${where} ${path}${problem.message}`;
    })
    .join('\n');
}

function formatSource(source: ConfigSource): string {
  switch (source.kind) {
    case 'file':
      return source.line > 0 ? `${source.file}:${source.line}:${source.column}` : source.file;
    case 'env':
      return source.file ? `${source.file} $${source.variable}` : `$${source.variable}`;
    case 'object':
      return '(object)';
    case 'default':
      return '(default)';
  }
}
