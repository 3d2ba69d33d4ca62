import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { checkConfigSemantics } from './checkConfigSemantics.js';
import type { ConfigCheck } from './configCheck.js';
import { ConfigError, type ConfigProblem, type ConfigSource } from './configError.js';
import { ConfigFileNotFoundError } from './configFileNotFoundError.js';
import { type ConfigPath, isPlainObject, mergeConfigInput, setAt, valueAt } from './configTree.js';
import { describeIssue, describeUnknownKey } from './describeIssue.js';
import { type EnvOverride, resolveEnvOverrides } from './envOverrides.js';
import { inspectSchema, schemaAt } from './inspectSchema.js';
import { isSecretKey } from './redactConfig.js';
import { type SystemConfig, type SystemConfigInput, SystemConfigSchema } from './systemConfig.js';
import { YamlConfigDocument } from './yamlConfigDocument.js';

/** The file `ConfigLoader.load()` reads when given no path, relative to the working directory. */
export const DEFAULT_CONFIG_PATH = 'config/services.yaml';

/**
 * Options of `ConfigLoader.load`.
 *
 * @example
 * ```ts
 * const config = loadConfig('config/services.yaml', { envFile: false, overrides: { trading: { symbol: 'GBPUSD' } } });
 * ```
 */
export interface ConfigLoadOptions {
  /** Environment variables (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** A `.env` file to read (default `.env` in `cwd` when it exists); `false` reads none. */
  envFile?: string | false;
  /** Values laid over everything else, for embedding programs and command-line flags. */
  overrides?: SystemConfigInput;
  /** Directory that relative paths are resolved against (default `process.cwd()`). */
  cwd?: string;
  /**
   * Checks beyond the schema (strategies against their registry, paths against the file system), run once
   * the schema accepts the configuration; their findings are reported with file and line like any other.
   */
  checks?: readonly ConfigCheck[];
}

/**
 * Loads the configuration (the specification's `ConfigLoader.load`): a YAML file, then `.env`, then the environment,
 * then code overrides, over the schema's defaults. Priority: overrides > environment > `.env` > file >
 * defaults. Every problem is collected and thrown at once as a `ConfigError`.
 *
 * @example
 * ```ts
 * const config = loadConfig('config/services.yaml', { env: { LOGGING_LEVEL: 'DEBUG' } });
 * config.trading.symbol; // 'EURUSD', or $TRADING_SYMBOL when set
 * config.services.data_fetching.fetch_interval; // 5
 * ```
 */
export function loadConfig(path?: string, options: ConfigLoadOptions = {}): SystemConfig {
  const cwd = options.cwd ?? process.cwd();
  const problems: ConfigProblem[] = [];

  const document = readConfigFile(path, cwd);
  problems.push(...(document?.problems ?? []));
  const fileData = document ? withoutFileSecrets(document, problems) : {};

  const { variables, fileOf } = readEnvironment(options, cwd);
  const resolved = resolveEnvOverrides(variables, { fileOf });
  problems.push(...resolved.problems);

  let input: unknown = fileData;
  for (const override of resolved.overrides)
    setAt(input as Record<string, unknown>, override.path, override.value);
  input = mergeConfigInput(input, options.overrides);
  // After a syntax error the file's values are unknown: validating them would only add noise.
  if (document && document.problems.length > 0) throw new ConfigError(sortProblems(problems));

  const sourceOf = (path: ConfigPath, key: boolean): ConfigSource =>
    locateValue(path, key, { overrides: options.overrides, env: resolved.overrides, document });
  return validate(input, problems, sourceOf, options.checks);
}

/**
 * Validates a configuration given as an object (defaults filled in), without reading any file or
 * environment variable; for programs that embed tradestate.
 *
 * @example
 * ```ts
 * const config = configFromObject({ trading: { symbol: 'GBPUSD' } });
 * ```
 */
export function configFromObject(input: SystemConfigInput): SystemConfig {
  return validate(input, [], () => ({ kind: 'object' }));
}

/**
 * The specification's `ConfigLoader`: `ConfigLoader.load(path?, options?)` is `loadConfig`,
 * `ConfigLoader.fromObject(input)` is `configFromObject`.
 *
 * @example
 * ```ts
 * const config = ConfigLoader.load('config/services.yaml');
 * const embedded = ConfigLoader.fromObject({ logging: { level: 'DEBUG' } });
 * ```
 */
export const ConfigLoader = { load: loadConfig, fromObject: configFromObject } as const;

function readConfigFile(path: string | undefined, cwd: string): YamlConfigDocument | undefined {
  const file = path ?? DEFAULT_CONFIG_PATH;
  const absolute = isAbsolute(file) ? file : resolve(cwd, file);
  if (!existsSync(absolute)) {
    if (path === undefined) return undefined;
    throw new ConfigFileNotFoundError(file);
  }
  const unreadable = (reason: string) =>
    new ConfigError([
      {
        path: '',
        value: file,
        expected: 'a readable YAML file',
        message: `config file ${file}: ${reason}`,
        source: { kind: 'file', file, line: 0, column: 0 },
      },
    ]);
  // /dev/zero or /dev/urandom would be read forever, and a FIFO would wait for a writer.
  const stats = statSync(absolute);
  if (!stats.isFile() && !stats.isDirectory())
    throw unreadable('expected a regular file, got a device, pipe or socket');
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw unreadable(
      code === 'EISDIR'
        ? 'expected a file, got a directory'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : `cannot be read (${code ?? String(error)})`,
    );
  }
  return YamlConfigDocument.parse(text, file);
}

/** Secrets are refused in files (files get committed and shared); they are reported and dropped. */
function withoutFileSecrets(
  document: YamlConfigDocument,
  problems: ConfigProblem[],
): Record<string, unknown> {
  const visit = (value: unknown, path: (string | number)[]): void => {
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) visit(item, [...path, index]);
    }
    if (!isPlainObject(value)) return;
    for (const [key, inner] of Object.entries(value)) {
      const innerPath = [...path, key];
      if (isSecretKey(key) && !isPlainObject(inner) && !Array.isArray(inner)) {
        const variable = innerPath.every((segment) => typeof segment === 'string')
          ? innerPath.join('_').toUpperCase()
          : undefined;
        problems.push({
          path: innerPath.join('.'),
          value: '[REDACTED]',
          expected: 'no secret in a config file',
          message: `secrets must not be written in a config file: move it to the environment or .env${variable ? ` as ${variable}` : ''}`,
          source: document.locate(innerPath, { key: true }),
        });
        delete value[key];
      } else {
        visit(inner, innerPath);
      }
    }
  };
  visit(document.data, []);
  return document.data;
}

function readEnvironment(
  options: ConfigLoadOptions,
  cwd: string,
): { variables: Record<string, string | undefined>; fileOf: (variable: string) => string | undefined } {
  const env = options.env ?? process.env;
  let dotenv: Record<string, string> = {};
  let dotenvFile: string | undefined;
  if (options.envFile !== false) {
    const file = options.envFile ?? '.env';
    const absolute = isAbsolute(file) ? file : resolve(cwd, file);
    if (existsSync(absolute)) {
      dotenv = parseDotenv(readFileSync(absolute));
      dotenvFile = file;
    } else if (options.envFile !== undefined) {
      throw new ConfigFileNotFoundError(file);
    }
  }
  // A real environment variable wins over the same name in .env, as with dotenv's own config().
  const variables: Record<string, string | undefined> = { ...dotenv };
  for (const [name, value] of Object.entries(env)) if (value !== undefined) variables[name] = value;
  const fileOf = (variable: string) =>
    env[variable] === undefined && variable in dotenv ? dotenvFile : undefined;
  return { variables, fileOf };
}

interface ValueOrigins {
  overrides: unknown;
  env: readonly EnvOverride[];
  document: YamlConfigDocument | undefined;
}

/** Which layer gave the value at `path`: the topmost one that set it or an object containing it. */
function locateValue(path: ConfigPath, key: boolean, origins: ValueOrigins): ConfigSource {
  if (givenIn(origins.overrides, path)) return { kind: 'object' };
  const env = origins.env.findLast((override) =>
    override.path.every((segment, index) => segment === String(path[index])),
  );
  if (env)
    return env.file
      ? { kind: 'env', variable: env.variable, file: env.file }
      : { kind: 'env', variable: env.variable };
  const { document } = origins;
  if (document && (document.has(path) || (path.length > 1 && document.has(path.slice(0, -1)) && !key))) {
    return document.locate(path, { key });
  }
  return { kind: 'default' };
}

/** True when `tree` gives the value at `path`, or an array that holds it (arrays are replaced whole). */
function givenIn(tree: unknown, path: ConfigPath): boolean {
  let current = tree;
  for (const segment of path) {
    if (Array.isArray(current)) return true;
    if (!isPlainObject(current) || !(String(segment) in current)) return false;
    current = current[String(segment)];
  }
  return current !== undefined;
}

function validate(
  input: unknown,
  problems: ConfigProblem[],
  sourceOf: (path: ConfigPath, key: boolean) => ConfigSource,
  checks: readonly ConfigCheck[] = [],
): SystemConfig {
  const result = SystemConfigSchema.safeParse(input);
  if (result.success) {
    // Cross-field rules only on a configuration the schema accepted: their findings would be noise otherwise.
    for (const check of [checkConfigSemantics, ...checks]) {
      for (const finding of check(result.data))
        problems.push({
          path: finding.path.join('.'),
          value: finding.value,
          expected: finding.expected,
          message: finding.message,
          source: sourceOf(finding.path, false),
        });
    }
    if (problems.length === 0) return result.data;
    throw new ConfigError(sortProblems(problems));
  }
  for (const issue of result.error?.issues ?? []) {
    const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const validKeys = Object.keys(
        inspectSchema(schemaAt(SystemConfigSchema, path) ?? SystemConfigSchema).shape ?? {},
      );
      for (const key of issue.keys) {
        const keyPath = [...path, key];
        problems.push({
          path: keyPath.join('.'),
          value: valueAt(input, keyPath),
          ...describeUnknownKey(key, validKeys),
          source: sourceOf(keyPath, true),
        });
      }
      continue;
    }
    const value = valueAt(input, path);
    problems.push({
      path: path.join('.'),
      value:
        typeof path[path.length - 1] === 'string' && isSecretKey(String(path[path.length - 1]))
          ? '[REDACTED]'
          : value,
      ...describeIssue(issue, value, SystemConfigSchema),
      source: sourceOf(path, false),
    });
  }
  throw new ConfigError(sortProblems(problems));
}

const sourceOrder = { file: 0, env: 1, object: 2, default: 3 } as const;

/** File problems in file order first, then environment, code and default ones: how a user fixes them. */
function sortProblems(problems: ConfigProblem[]): ConfigProblem[] {
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort((a, b) => {
      const left = a.problem.source;
      const right = b.problem.source;
      const byKind = sourceOrder[left.kind] - sourceOrder[right.kind];
      if (byKind !== 0) return byKind;
      if (left.kind === 'file' && right.kind === 'file') {
        return left.line - right.line || left.column - right.column || a.index - b.index;
      }
      return a.index - b.index;
    })
    .map(({ problem }) => problem);
}
