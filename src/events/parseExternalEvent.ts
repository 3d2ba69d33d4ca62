import { describeIssue } from '../config/describeIssue.js';
import { didYouMean } from '../config/didYouMean.js';
import { quoteValue } from '../errors/quoteValue.js';
import { InvalidEventError } from './invalidEventError.js';
import { eventSchemas, type TradingEvent } from './tradingEvents.js';

const knownTypes = Object.keys(eventSchemas);
/** No event nests deeper than rows of indicators: anything far deeper is malformed or hostile. */
const deepestNesting = 32;
/** Larger than any event the system sends (a DataFetchedEvent of 100,000 bars is about 10 MB). */
const largestText = 16 * 1024 * 1024;

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
    if (input.length > largestText) {
      throw new InvalidEventError(source, undefined, [
        { path: '', message: `${input.length} characters is larger than any event (at most ${largestText})` },
      ]);
    }
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
  if (nestingExceeds(value, deepestNesting)) {
    throw new InvalidEventError(source, undefined, [
      { path: '', message: `nested deeper than ${deepestNesting} levels; no event is` },
    ]);
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string') {
    throw new InvalidEventError(source, undefined, [
      { path: 'type', message: `missing event type: expected one of ${knownTypes.join(', ')}` },
    ]);
  }
  // Own keys only: "constructor", "__proto__" or "toString" must not find Object's members.
  const schema = Object.hasOwn(eventSchemas, type)
    ? (eventSchemas as Record<string, (typeof eventSchemas)[keyof typeof eventSchemas]>)[type]
    : undefined;
  if (schema === undefined) {
    const hint = type.length <= 64 ? didYouMean(type, knownTypes) : undefined;
    throw new InvalidEventError(source, undefined, [
      {
        path: 'type',
        message: `unknown event type ${quoteValue(type)}${hint ? ` (did you mean "${hint}"?)` : ''}`,
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

/** Whether `value` nests objects or arrays deeper than `limit`, found without recursion. */
function nestingExceeds(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= limit) return true;
    for (const inner of Object.values(current)) {
      if (typeof inner === 'object' && inner !== null) stack.push([inner, depth + 1]);
    }
  }
  return false;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}
