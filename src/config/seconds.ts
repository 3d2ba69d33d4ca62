import { z } from 'zod';

/**
 * A positive number of seconds with its description: the durations of the configuration share one shape, so
 * a key written in seconds accepts and reports the same values wherever it sits.
 */
export const seconds = (description: string) => z.number().positive().describe(description);
