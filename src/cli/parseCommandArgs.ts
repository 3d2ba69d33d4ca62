import { type ParseArgsConfig, parseArgs } from 'node:util';
import { didYouMean } from '../config/didYouMean.js';
import { UsageError } from '../errors/usageError.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `node:util` `parseArgs` in strict mode, with its errors turned into `UsageError`s that name the flag
 * ("unknown option --colour", "option --config needs a value").
 *
 * @example
 * ```ts
 * const { values } = parseCommandArgs(argv, { config: { type: 'string' }, format: { type: 'string' } });
 * values.config; // string | undefined
 * ```
 */
export function parseCommandArgs<const T extends Options>(
  argv: string[],
  options: T,
  allowPositionals = false,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: boolean }>> {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: boolean; tokens: true }>
  >;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals, tokens: true });
  } catch (error) {
    throw toUsageError(error, Object.keys(options));
  }
  refuseConflictingRepeats(parsed.tokens, options);
  const { tokens: _tokens, ...result } = parsed;
  return result as ReturnType<typeof parseCommandArgs<T>>;
}

/**
 * parseArgs keeps the last of a repeated single-value flag: `--symbol MSFT ... --symbol AAPL` would run on
 * AAPL without a word, and a command line edited by appending a flag would silently change meaning.
 * The same value twice is harmless and allowed.
 */
function refuseConflictingRepeats(
  tokens: ReadonlyArray<{ kind: string; name?: string; value?: string | undefined }>,
  options: Options,
): void {
  const seen = new Map<string, string>();
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name === undefined || token.value === undefined) continue;
    const option = options[token.name];
    if (option === undefined || option.type !== 'string' || option.multiple) continue;
    const earlier = seen.get(token.name);
    if (earlier !== undefined && earlier !== token.value) {
      throw new UsageError(
        `option --${token.name} is given twice (${JSON.stringify(earlier)}, then ${JSON.stringify(token.value)}): give it once`,
      );
    }
    seen.set(token.name, token.value);
  }
}

function toUsageError(error: unknown, names: readonly string[]): unknown {
  if (!(error instanceof Error)) return error;
  const code = (error as { code?: string }).code ?? '';
  const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? '';
  // "Option '-c, --config <value>' argument missing": name the long form when there is one.
  const flag = /--[\w-]+/.exec(quoted)?.[0] ?? quoted.split(' ')[0] ?? quoted;
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      // "--simbol=X" and "--simbol X" alike: suggest the nearest real flag.
      const typed = flag.replace(/^-+/, '').split('=')[0] ?? '';
      const hint = typed.length > 1 ? didYouMean(typed, names) : undefined;
      return new UsageError(`unknown option ${flag}${hint ? ` (did you mean --${hint}?)` : ''}`);
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      // "--samples -4": parseArgs reads a value starting with a dash as another option.
      if (/argument is ambiguous/.test(error.message))
        return new UsageError(
          `option ${flag} needs a value; one that starts with a dash is written ${flag}=-VALUE`,
        );
      return new UsageError(
        /argument missing/.test(error.message)
          ? `option ${flag} needs a value`
          : `option ${flag} takes no value`,
      );
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(`unexpected argument ${JSON.stringify(quoted)}`);
    default:
      return error;
  }
}
