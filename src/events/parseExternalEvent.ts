import { describeIssue } from '../config/describeIssue.js';
import { didYouMean } from '../config/didYouMean.js';
import { InvalidEventError } from './invalidEventError.js';
import { eventSchemas, type TradingEvent } from './tradingEvents.js';

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
