import { ConfigError } from './configError.js';

/**
 * Thrown when the configuration file (or an explicitly named `.env` file) does not exist. It is a
 * `ConfigError` with one problem, so callers can handle both alike.
 *
 * @example
 * ```ts
 * ConfigLoader.load('missing.yaml'); // throws ConfigFileNotFoundError: config file not found: missing.yaml
 * ```
 */
export class ConfigFileNotFoundError extends ConfigError {
  override name = 'ConfigFileNotFoundError';
  readonly filePath: string;

  constructor(filePath: string) {
    super([
      {
        path: '',
        value: filePath,
        expected: 'an existing file',
        message: `config file not found: ${filePath}`,
        source: { kind: 'file', file: filePath, line: 0, column: 0 },
      },
    ]);
    this.message = `config file not found: ${filePath}`;
    this.filePath = filePath;
  }
}
