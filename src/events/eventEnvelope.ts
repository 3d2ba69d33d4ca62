import { eventFields } from './eventFields.js';

/** Fields every event carries: identity, time from the injected clock, and tracing. */
export const envelope = {
  eventId: eventFields.id,
  /** Epoch milliseconds from the system's clock (simulated in backtests). */
  timestamp: eventFields.time,
  correlationId: eventFields.id,
  /** The `eventId` of the event that caused this one, when there is one. */
  causationId: eventFields.id.optional(),
};
