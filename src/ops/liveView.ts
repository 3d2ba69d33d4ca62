import type { AnyActorRef, AnyStateMachine, InspectionEvent } from 'xstate';

/** What the view reads of an actor: public fields of XState's `Actor`. */
type InspectedActor = { sessionId: string; id?: string; systemId?: string; logic?: unknown };

import type { EventBusPort } from '../bus/busTypes.js';
import type { TradingEvent } from '../events/tradingEvents.js';
import { activeStateIds, machineToStateTree, type StateTreeNode } from '../machines/machineToStateTree.js';

/**
 * One actor as the live view shows it.
 *
 * @example
 * ```ts
 * const failed = view.state().actors.filter((actor: LiveActor) => actor.state === 'FAILED');
 * ```
 */
export interface LiveActor {
  /** systemId (`orchestrator`, `data_fetching`), else the actor id. */
  name: string;
  sessionId: string;
  /** The parent's name (`orchestrator` for the services). */
  parent?: string;
  /** The machine's id (`lifecycle`, `orchestrator`): the key of its diagram in `machines`. */
  machine: string;
  /** The state value as text (`RUNNING`, or JSON for nested states). */
  state: string;
  /** Ids of the active states, to light up in the diagram. */
  active: string[];
  status: string;
  error?: string;
  /** Fresh instances started after the first (restarts by the supervisor). */
  restarts: number;
  failures: number;
}

/**
 * What the live page receives: the actors, their machines' diagrams, restarts and failures, the last events.
 *
 * @example
 * ```ts
 * const state: LiveViewState = view.state();
 * console.log(state.actors.map((actor) => `${actor.name}: ${actor.state}`));
 * ```
 */
export interface LiveViewState {
  actors: LiveActor[];
  machines: Record<string, StateTreeNode>;
  /** Restarts and failures, newest last. */
  timeline: Array<{ at: number; actor: string; kind: 'failed' | 'restarted' | 'stopped'; text: string }>;
  /** The last bus events, newest last, with their correlation ids. */
  busEvents: Array<{ at: number; type: string; correlationId: string; eventId: string; detail?: string }>;
  /** The last events sent to actors (`STOP`, `SERVICE_RUNNING`, ...), newest last. */
  actorEvents: Array<{ at: number; actor: string; type: string; from?: string }>;
}

const keep = 50;

function isMachine(logic: unknown): logic is AnyStateMachine {
  return typeof logic === 'object' && logic !== null && 'root' in logic && 'config' in logic;
}

function push<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > keep) list.shift();
}

function errorText(error: unknown): string | undefined {
  if (error === undefined || error === null) return undefined;
  if (typeof error === 'string') return error;
  return error instanceof Error ? error.message : JSON.stringify(error);
}

/**
 * The model behind the live inspector page: fed with XState inspection events (every actor of the system)
 * and the bus's events, it keeps the actor tree, each machine's current states, restarts and failures,
 * and the last events; `onChange` tells the relay when to push. Reads only public snapshot data.
 *
 * @example
 * ```ts
 * const view = new LiveView();
 * const actor = createActor(machine, { inspect: (event) => view.record(event) }).start();
 * view.watchBus(bus);
 * console.log(view.state().actors);
 * ```
 */
export class LiveView {
  private readonly actors = new Map<string, LiveActor>();
  private readonly sessions = new Map<string, string>();
  private readonly parents = new Map<string, string>();
  private readonly machines: Record<string, StateTreeNode> = {};
  private readonly timeline: LiveViewState['timeline'] = [];
  private readonly busEvents: LiveViewState['busEvents'] = [];
  private readonly actorEvents: LiveViewState['actorEvents'] = [];
  private readonly listeners = new Set<() => void>();
  private machinesVersion = 0;

  /** Counts changes to the machine diagrams (new machine seen), so the relay resends them only then. */
  get machineVersion(): number {
    return this.machinesVersion;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Takes one XState inspection event (pass `view.record` as, or inside, an actor's `inspect`). */
  record(event: InspectionEvent): void {
    if (event.type === '@xstate.actor') this.register(event.actorRef as InspectedActor);
    else if (event.type === '@xstate.snapshot') this.update(event.actorRef as InspectedActor, event.snapshot);
    else if (event.type === '@xstate.event') {
      const actor = this.sessions.get((event.actorRef as InspectedActor).sessionId);
      if (!actor || event.event.type.startsWith('xstate.')) return;
      const from = event.sourceRef
        ? this.sessions.get((event.sourceRef as InspectedActor).sessionId)
        : undefined;
      push(this.actorEvents, { at: Date.now(), actor, type: event.event.type, ...(from ? { from } : {}) });
      this.changed();
    }
  }

  /** Shows the bus's events (type, correlation id) as they are published. Returns the unsubscribe. */
  watchBus(bus: EventBusPort): () => void {
    const id = bus.subscribe('*', (event: TradingEvent) => {
      const detail =
        'service' in event
          ? `${String(event.service)}`
          : 'symbol' in event
            ? String(event.symbol)
            : undefined;
      push(this.busEvents, {
        at: Date.now(),
        type: event.type,
        correlationId: event.correlationId,
        eventId: event.eventId,
        ...(detail ? { detail } : {}),
      });
      this.changed();
    });
    return () => {
      bus.unsubscribe(id);
    };
  }

  state(): LiveViewState {
    return {
      actors: [...this.actors.values()].map((actor) => ({ ...actor })),
      machines: this.machines,
      timeline: [...this.timeline],
      busEvents: [...this.busEvents],
      actorEvents: [...this.actorEvents],
    };
  }

  private register(actorRef: InspectedActor): void {
    const logic = actorRef.logic;
    if (!isMachine(logic)) return; // promises and callbacks (initialize, worker, drainBus) are steps, not actors here
    const name = actorRef.systemId ?? actorRef.id ?? actorRef.sessionId;
    if (!this.machines[logic.id]) {
      this.machines[logic.id] = machineToStateTree(logic);
      this.machinesVersion += 1;
    }
    const parent = this.parents.get(actorRef.sessionId);
    this.place({
      name,
      sessionId: actorRef.sessionId,
      ...(parent ? { parent } : {}),
      machine: logic.id,
      state: '',
      active: [],
      status: 'active',
      restarts: 0,
      failures: 0,
    });
    this.changed();
  }

  /**
   * Puts an actor under its name. A different instance already there means the supervisor started a fresh
   * one: the restart is counted and the failures carried over.
   */
  private place(actor: LiveActor): LiveActor {
    const previous = this.actors.get(actor.name);
    const placed = { ...actor };
    if (previous && previous.sessionId !== actor.sessionId) {
      placed.restarts = previous.restarts + 1;
      placed.failures = previous.failures + actor.failures;
      push(this.timeline, {
        at: Date.now(),
        actor: actor.name,
        kind: 'restarted',
        text: `${actor.name} restarted (fresh instance #${placed.restarts + 1})`,
      });
    }
    this.actors.set(actor.name, placed);
    this.sessions.set(actor.sessionId, actor.name);
    return placed;
  }

  private update(actorRef: InspectedActor, snapshot: unknown): void {
    const name = this.sessions.get(actorRef.sessionId);
    let actor = name ? this.actors.get(name) : undefined;
    if (!actor || actor.sessionId !== actorRef.sessionId) return; // a replaced instance's last words
    // XState announces an actor before it sets its systemId: the first snapshot brings the final name.
    if (actorRef.systemId && actorRef.systemId !== actor.name) actor = this.rename(actor, actorRef.systemId);
    const { value, status, context, children, error } = snapshot as {
      value?: unknown;
      status?: string;
      context?: { error?: unknown };
      children?: Record<string, AnyActorRef | undefined>;
      error?: unknown;
    };
    for (const child of Object.values(children ?? {})) {
      if (!child) continue;
      this.parents.set(child.sessionId, actor.name);
      const known = this.sessions.get(child.sessionId);
      const childActor = known ? this.actors.get(known) : undefined;
      if (childActor) childActor.parent = actor.name;
    }
    const state = typeof value === 'string' ? value : JSON.stringify(value);
    const failedNow =
      (state === 'FAILED' || status === 'error') && actor.state !== 'FAILED' && actor.status !== 'error';
    actor.state = state;
    actor.active = activeStateIds(actor.machine, value);
    actor.status = status ?? actor.status;
    const reason = errorText(context?.error) ?? errorText(error);
    if (reason) actor.error = reason;
    else delete actor.error;
    if (failedNow) {
      actor.failures += 1;
      push(this.timeline, {
        at: Date.now(),
        actor: actor.name,
        kind: 'failed',
        text: `${actor.name} failed: ${reason ?? 'unknown error'}`,
      });
    }
    this.changed();
  }

  private rename(actor: LiveActor, name: string): LiveActor {
    const previous = actor.name;
    this.actors.delete(previous);
    const renamed = this.place({ ...actor, name });
    for (const other of this.actors.values()) if (other.parent === previous) other.parent = name;
    for (const [session, parent] of this.parents) if (parent === previous) this.parents.set(session, name);
    return renamed;
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
