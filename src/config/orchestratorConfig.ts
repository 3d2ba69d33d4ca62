import { z } from 'zod';
import { seconds } from './seconds.js';
import { SupervisionConfigSchema } from './supervisionConfig.js';

/** The `orchestrator` section: service lifecycle timeouts, supervision and the HTTP and inspector endpoints. */
export const OrchestratorConfigSchema = z
  .strictObject({
    health_check_interval: seconds('Seconds between health checks').default(30),
    init_timeout_seconds: seconds('Time allowed for a service to initialize').default(10),
    shutdown_timeout_seconds: seconds('Time allowed for a service to shut down').default(10),
    supervision: SupervisionConfigSchema.prefault({}),
    services: z
      .array(z.enum(['data_fetching', 'indicator_calculation', 'strategy_evaluation', 'trade_execution']))
      .optional()
      .describe('Run only these services in this process (default: every enabled one)'),
    http: z
      .strictObject({
        enabled: z.boolean().default(false).describe('Serve /metrics, /healthz, /readyz, /status'),
        host: z.string().default('127.0.0.1').describe('Bind address (loopback by default)'),
        port: z.number().int().min(0).max(65535).default(9464).describe('Port'),
        allow_remote: z
          .boolean()
          .default(false)
          .describe('Allow a non-loopback host (then token or user and password are required)'),
        allowed_hosts: z
          .array(z.string().min(1))
          .default([])
          .describe('Names accepted in the Host header besides the bound address (e.g. ops.example.com)'),
        token: z.string().min(1).optional().describe('Secret: bearer token every request must carry'),
        user: z
          .string()
          .min(1)
          .optional()
          .describe('Basic-auth user; its password comes from ORCHESTRATOR_HTTP_PASSWORD'),
        password: z.string().min(1).optional().describe('Secret: basic-auth password of user'),
      })
      .describe('HTTP endpoints for metrics and health')
      .prefault({}),
    inspect: z
      .strictObject({
        host: z.string().default('127.0.0.1').describe('Inspector bind address'),
        port: z.number().int().min(0).max(65535).default(4242).describe('Inspector server port'),
      })
      .describe('Stately inspector server')
      .prefault({}),
  })
  .describe('TradingOrchestrator');
