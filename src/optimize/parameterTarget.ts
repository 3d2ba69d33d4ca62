import type { z } from 'zod';
import { didYouMean } from '../config/didYouMean.js';
import { inspectSchema, schemaAt } from '../config/inspectSchema.js';
import { IndicatorSpecSchema } from '../config/servicesConfig.js';
import { type SystemConfig, SystemConfigSchema } from '../config/systemConfig.js';
import type { StrategyRegistry } from '../strategies/strategyRegistry.js';
import { OptimizeInputError } from './optimizeInputError.js';

/**
 * Where a tuned parameter lives in the configuration: a path of keys and list indexes from the root.
 *
 * @example
 * ```ts
 * // Where ema_fast.period lives in the default configuration:
 * const target: ParameterTarget = {
 *   name: 'ema_fast.period',
 *   path: ['services', 'indicator_calculation', 'indicators', 0, 'period'],
 *   integer: true,
 *   describe: 'indicator ema_fast (ema) period',
 * };
 * ```
 */
export interface ParameterTarget {
  name: string;
  path: (string | number)[];
  /** Integer-valued settings (periods, bar counts) refuse fractional values before anything runs. */
  integer: boolean;
  describe: string;
}

type Json = Record<string, unknown>;

function numericKeys(object: Json): string[] {
  return Object.keys(object).filter((key) => typeof object[key] === 'number');
}

/** The keys of a zod object schema (also behind a refinement), or none when it is not an object schema. */
function schemaKeys(schema: unknown): string[] {
  const candidate = schema as { shape?: Record<string, unknown>; def?: { in?: unknown; schema?: unknown } };
  if (candidate.shape && typeof candidate.shape === 'object') return Object.keys(candidate.shape);
  if (candidate.def?.in) return schemaKeys(candidate.def.in);
  if (candidate.def?.schema) return schemaKeys(candidate.def.schema);
  return [];
}

/** Whether a zod field schema accepts only integers (its checks carry an int format). */
function schemaIsInteger(schema: unknown): boolean {
  const text = JSON.stringify((schema as { def?: unknown })?.def ?? {}, (_key, value) =>
    typeof value === 'function' ? undefined : value,
  );
  return /"(format|check)":"(safeint|int|int32)"/.test(text) || /"isInt":true/.test(text);
}

/** Whether a configuration field takes whole numbers only (a field the schema does not know: no). */
function integerField(schema: z.ZodType | undefined): boolean {
  return schema !== undefined && inspectSchema(schema).integer;
}

/**
 * Every parameter name a job could tune with this configuration, for error messages and `--help`:
 * indicators' numeric settings, strategies' exit settings and numeric parameters.
 *
 * @example
 * ```ts
 * tunableParameterNames(config, registry); // ['ema_fast.period', 'ema_slow.period', ..., 'ema_cross.stop_loss_atr', ...]
 * ```
 */
export function tunableParameterNames(config: SystemConfig, registry: StrategyRegistry): string[] {
  const names: string[] = [];
  for (const indicator of config.services.indicator_calculation.indicators as Json[]) {
    for (const key of numericKeys(indicator)) names.push(`${indicator.name}.${key}`);
  }
  for (const strategy of config.services.strategy_evaluation.strategies as Json[]) {
    for (const key of numericKeys(strategy)) names.push(`${strategy.name}.${key}`);
    if (registry.has(String(strategy.type))) {
      const shape = (registry.get(String(strategy.type)).parameters as { shape?: Record<string, unknown> })
        .shape;
      for (const key of schemaKeys(registry.get(String(strategy.type)).parameters)) {
        const field = shape?.[key] as { def?: { innerType?: { type?: string }; type?: string } } | undefined;
        const type = field?.def?.innerType?.type ?? field?.def?.type;
        if (type === 'number' || type === undefined) names.push(`${strategy.name}.${key}`);
      }
    }
  }
  return [...new Set(names)];
}

/**
 * Resolves a parameter name: `<indicator>.<setting>` (by the indicator's name, e.g. `ema_fast.period`),
 * `<strategy>.<setting>` (its exit settings such as `stop_loss_atr`, or a parameter of its type, checked
 * against the type's zod schema), or a configuration path ending at a number (`risk.max_drawdown_percent`,
 * `trading.sizing.risk_percent`). Anything else is an {@link OptimizeInputError} listing the names that exist.
 *
 * @example
 * ```ts
 * resolveParameterTarget(config, registry, 'ema_cross.stop_loss_atr').path;
 * // ['services', 'strategy_evaluation', 'strategies', 0, 'stop_loss_atr']
 * ```
 */
export function resolveParameterTarget(
  config: SystemConfig,
  registry: StrategyRegistry,
  name: string,
): ParameterTarget {
  const dot = name.indexOf('.');
  const head = dot > 0 ? name.slice(0, dot) : name;
  const rest = dot > 0 ? name.slice(dot + 1) : '';
  const indicators = config.services.indicator_calculation.indicators as Json[];
  const indicatorIndex = indicators.findIndex((indicator) => indicator.name === head);
  if (indicatorIndex >= 0 && rest !== '' && !rest.includes('.')) {
    const indicator = indicators[indicatorIndex]!;
    if (typeof indicator[rest] !== 'number') {
      throw new OptimizeInputError(
        `parameter ${name}: indicator "${head}" (${String(indicator.type)}) has no numeric setting "${rest}"; it has ${
          numericKeys(indicator)
            .map((key) => `${head}.${key}`)
            .join(', ') || 'none'
        }`,
      );
    }
    return {
      name,
      path: ['services', 'indicator_calculation', 'indicators', indicatorIndex, rest],
      // From the schema, not the configured value: bb.std_dev is 2 by default and takes 2.5 as well.
      integer: integerField(IndicatorSpecSchema.shape[rest as keyof typeof IndicatorSpecSchema.shape]),
      describe: `indicator ${head} (${String(indicator.type)}) ${rest}`,
    };
  }
  const strategies = config.services.strategy_evaluation.strategies as Json[];
  const strategyIndex = strategies.findIndex((strategy) => strategy.name === head);
  if (strategyIndex >= 0 && rest !== '') {
    const strategy = strategies[strategyIndex]!;
    const base = ['services', 'strategy_evaluation', 'strategies', strategyIndex];
    const key = rest.startsWith('params.') ? rest.slice('params.'.length) : rest;
    if (!rest.startsWith('params.') && typeof strategy[rest] === 'number') {
      return {
        name,
        path: [...base, rest],
        integer: rest.endsWith('_bars'),
        describe: `strategy ${head} ${rest}`,
      };
    }
    const definition = registry.has(String(strategy.type)) ? registry.get(String(strategy.type)) : undefined;
    const keys = definition ? schemaKeys(definition.parameters) : [];
    if (keys.includes(key)) {
      const field = (definition!.parameters as { shape?: Record<string, unknown> }).shape?.[key];
      return {
        name,
        path: [...base, 'params', key],
        integer: schemaIsInteger(field),
        describe: `strategy ${head} (${String(strategy.type)}) parameter ${key}`,
      };
    }
    throw new OptimizeInputError(
      `parameter ${name}: strategy "${head}" (${String(strategy.type)}) has no numeric setting "${rest}"; it has ${[
        ...numericKeys(strategy),
        ...keys,
      ]
        .map((candidate) => `${head}.${candidate}`)
        .join(', ')}`,
    );
  }
  const path = name.split('.');
  let node: unknown = config;
  for (const key of path) {
    node =
      node !== null && typeof node === 'object' && Object.hasOwn(node, key) ? (node as Json)[key] : undefined;
  }
  if (typeof node === 'number') {
    return {
      name,
      path,
      integer: integerField(schemaAt(SystemConfigSchema, path)),
      describe: `configuration ${name}`,
    };
  }
  const known = tunableParameterNames(config, registry);
  const hint = didYouMean(name, known);
  throw new OptimizeInputError(
    `unknown parameter ${JSON.stringify(name)}${hint ? ` (did you mean "${hint}"?)` : ''}: not an indicator or strategy setting of this configuration, nor a numeric configuration path. Parameters that exist: ${known.join(', ')}; or a numeric configuration path such as risk.max_drawdown_percent or trading.sizing.risk_percent`,
  );
}

/**
 * A copy of `config` with `value` at `target.path` (the original is not changed).
 *
 * @example
 * ```ts
 * const tuned = withParameter(config, target, 20);
 * ```
 */
export function withParameter<T>(config: T, target: ParameterTarget, value: number): T {
  const copy = structuredClone(config) as unknown;
  let node = copy as Json;
  for (const key of target.path.slice(0, -1)) {
    let next = (node as Record<string | number, unknown>)[key];
    if (next === undefined || next === null) {
      next = {};
      (node as Record<string | number, unknown>)[key] = next;
    }
    node = next as Json;
  }
  (node as Record<string | number, unknown>)[target.path[target.path.length - 1]!] = value;
  return copy as T;
}
