import { z } from 'zod';

/** The `logging` section. */
export const LoggingConfigSchema = z
  .strictObject({
    level: z
      .enum(['TRACE', 'DEBUG', 'INFO', 'WARNING', 'WARN', 'ERROR', 'CRITICAL', 'FATAL', 'SILENT'])
      .default('INFO')
      .describe('Root log level'),
    format: z
      .enum(['text', 'json'])
      .default('text')
      .describe(
        'text: one line per record (time, level, logger, correlation id, message, fields); json: one object per line',
      ),
    include_correlation_ids: z.boolean().default(true).describe('Print correlation ids'),
    service_levels: z
      .record(
        z.string(),
        z.enum(['TRACE', 'DEBUG', 'INFO', 'WARNING', 'WARN', 'ERROR', 'CRITICAL', 'FATAL', 'SILENT']),
      )
      .default({})
      .describe('Per-service level, by service name'),
    file: z.string().optional().describe('Write logs to this file instead of stderr'),
  })
  .describe('Logging');
