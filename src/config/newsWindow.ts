import { z } from 'zod';

/** A dated window with no new entries (`trading.news_blocks`), e.g. around a release. */
export const NewsWindowSchema = z.strictObject({
  start: z.string().min(1).describe('ISO-8601 UTC start'),
  end: z.string().min(1).describe('ISO-8601 UTC end'),
  symbols: z.array(z.string()).optional().describe('Symbols affected (default: all)'),
});
