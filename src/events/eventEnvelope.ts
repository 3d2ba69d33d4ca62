import { z } from 'zod';

/** Fields every event carries: identity, time from the injected clock, and tracing. */
export const envelope = {
  eventId: z.string().min(1),
  /** Epoch milliseconds from the system's clock (simulated in backtests). */
  timestamp: z.number().int().nonnegative(),
  correlationId: z.string().min(1),
  /** The `eventId` of the event that caused this one, when there is one. */
  causationId: z.string().min(1).optional(),
};
