import { defineService, type ServiceDefinition } from '../../src/actors/defineService.js';

/** What a recording service instance holds: its number and the events it handled. */
export interface RecordingState {
  instance: number;
  handled: string[];
}

/**
 * A service that records what happens to it in `journal` (`init:NAME#1`, `handle:NAME#1:TYPE`,
 * `shutdown:NAME#1`): the plain service the model tests hand to the `tradestate/testing` kit, which adds
 * the control (gates, injected failures) itself.
 */
export function recordingService(
  name: string,
  journal: string[] = [],
  extra: Partial<ServiceDefinition<RecordingState>> = {},
): ServiceDefinition<RecordingState> {
  let instances = 0;
  return defineService<RecordingState>({
    name,
    displayName: `${name}Service`,
    initialize() {
      instances += 1;
      journal.push(`init:${name}#${instances}`);
      return { instance: instances, handled: [] };
    },
    subscribe: (state) => ({
      '*': (event) => {
        state.handled.push(event.type);
      },
    }),
    shutdown(state) {
      journal.push(`shutdown:${name}#${state.instance}`);
    },
    health: () => ({ healthy: true }),
    metrics: (state) => ({ handled: state.handled.length }),
    ...extra,
  });
}
