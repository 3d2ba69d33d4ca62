import type { SupervisionSummary } from '../../src/system/supervisionRecorder.js';

/** The supervision summary of a run in which no service failed. */
export const quietSupervision: SupervisionSummary = {
  status: 'ok',
  exit_code: 0,
  failures: 0,
  restarts: 0,
  services: {},
  escalation: null,
  affected_period: null,
  incidents: [],
  incidents_omitted: 0,
};
