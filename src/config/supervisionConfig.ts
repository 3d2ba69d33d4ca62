import { z } from 'zod';
import { seconds } from './seconds.js';

/** `orchestrator.supervision`: how failing services are restarted, and when the system gives up on them. */
export const SupervisionConfigSchema = z
  .strictObject({
    strategy: z
      .enum(['one_for_one', 'one_for_all', 'rest_for_one'])
      .default('one_for_one')
      .describe('Which services restart when one fails (Erlang/OTP semantics)'),
    max_restarts: z.number().int().min(0).default(5).describe('Restarts allowed within the window'),
    restart_window_seconds: seconds(
      'Window for max_restarts, in control (wall) time; paced runs only',
    ).default(60),
    restart_window_bars: z
      .number()
      .int()
      .min(0)
      .default(100)
      .describe('Window for max_restarts in base bars processed (every mode; 0: off)'),
    backoff_initial_ms: z.number().int().min(0).default(100).describe('Delay before the first restart'),
    backoff_max_ms: z.number().int().min(0).default(5_000).describe('Cap of the exponential backoff'),
    on_intensity_exceeded: z
      .enum(['degrade', 'stop'])
      .default('degrade')
      .describe('Block trading and keep running degraded, or stop the system'),
  })
  .describe('Supervision of the services');
