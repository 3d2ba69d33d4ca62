import { z } from 'zod';

const timeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24-hour, UTC)')
  .describe('HH:MM, UTC');

/** A daily trading-hours window (UTC), for `trading.sessions` and an instrument's `sessions`. */
export const SessionWindowSchema = z.strictObject({ start: timeOfDay, end: timeOfDay });
