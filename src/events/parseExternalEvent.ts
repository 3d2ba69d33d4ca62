import { describeIssue } from '../config/describeIssue.js';
import { didYouMean } from '../config/didYouMean.js';
import { eventSchemas, type TradingEvent } from './tradingEvents.js';

/** One problem of an event from outside: the field path (`bar.high`, `reasons.0`) and what is wrong. */
export interface EventIssue {
  path: string;
  message: string;
}

/**
 * An event that arrived from outside the process (a file, another process, the network) does not match
 * its schema. The message names where it came from and every field in error.
 *
 * @example
 * ```ts
 * try { parseExternalEvent(json, 'events.jsonl:12'); }
 * catch (error) { if (error instanceof InvalidEventError) console.error(error.message); }
 * // events.jsonl:12: invalid NewCandleEvent: bar.high: expected a number, got "1.2"
 * ```
 */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
  constructor(
    readonly source: string,
    readonly eventType: string | undefined,
    readonly issues: readonly EventIssue[],
  ) {
    const what = eventType === undefined ? 'invalid event' : `invalid ${eventType}`;
    super(
      `${source}: ${what}: ${issues.map((issue) => `${issue.path || '(event)'}: ${issue.message}`).join('; ')}`,
    );
  }
}

const knownTypes = Object.keys(eventSchemas);

/**
 * Validates an event from outside with the zod schema of its `type` and returns it typed, or throws
 * {@link InvalidEventError} naming each field in error. `input` may be JSON text or an already parsed
 * value. For the edges of the process only: events made inside are typed and never parsed again.
 *
 * @example
 * ```ts
 * const event = parseExternalEvent('{"type":"TradingAuthorizedEvent", ...}', 'stdin');
 * bus.publish(event);
 * ```
 */
export function parseExternalEvent(input: unknown, source = 'event'): TradingEvent {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new InvalidEventError(source, undefined, [
        { path: '', message: `not valid JSON (${(error as Error).message})` },
      ]);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const got = Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;
    throw new InvalidEventError(source, undefined, [{ path: '', message: `expected an object, got ${got}` }]);
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string') {
    throw new InvalidEventError(source, undefined, [
      { path: 'type', message: `missing event type: expected one of ${knownTypes.join(', ')}` },
    ]);
  }
  const schema = (eventSchemas as Record<string, (typeof eventSchemas)[keyof typeof eventSchemas]>)[type];
  if (schema === undefined) {
    const hint = didYouMean(type, knownTypes);
    throw new InvalidEventError(source, undefined, [
      {
        path: 'type',
        message: `unknown event type "${type}"${hint ? ` (did you mean "${hint}"?)` : ''}`,
      },
    ]);
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data as TradingEvent;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: describeIssue(issue, valueAt(value, issue.path), schema).message,
  }));
  throw new InvalidEventError(source, type, issues);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}
