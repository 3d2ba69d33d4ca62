import type { CheckpointStore } from '../services/checkpointStore.js';
import type { TradingStore } from './tradingStore.js';

interface Entry {
  service: string;
  key: string;
  /** Already serialized (a `save`), or a value read from a registered source, serialized when written. */
  text?: string | undefined;
  value?: unknown;
}

/** A registered source and the entry its reads are captured into (reused cycle after cycle). */
interface Source {
  id: string;
  read: () => unknown;
  version: (() => number) | undefined;
  /** The version of the value in `entry`; NaN before the first read. */
  seen: number;
  entry: Entry;
}

/**
 * The services' {@link CheckpointStore} over the {@link TradingStore}. A `save` is kept in memory; at the
 * end of each cycle {@link capture} takes the cycle's saves and reads every registered source, and
 * {@link write} (inside the checkpoint's transaction) puts the last captured cycle on disk. The checkpoints
 * on disk then always describe one cycle boundary (the entry manager never runs ahead of the data
 * service's last candle), and the durable run decides how often that boundary is written.
 *
 * @example
 * ```ts
 * const checkpoints = new StoreCheckpointStore(store);
 * checkpoints.save('strategy_evaluation', 'entry_manager', snapshot);
 * store.transaction(() => checkpoints.flush());
 * ```
 */
export class StoreCheckpointStore implements CheckpointStore {
  /** Saves of the cycle in progress. */
  private unsaved = new Map<string, Entry>();
  /** Saves at the last cycle boundary not yet written. */
  private readonly captured = new Map<string, Entry>();
  /** The sources read at that boundary (a `sourceList`, which is replaced, never changed), until written. */
  private capturedSources: Source[] = [];
  /** Registered sources, by id. */
  private readonly sources = new Map<string, Source>();
  /** The same, as a list: read at every cycle's end, without an iterator. */
  private sourceList: Source[] = [];

  constructor(private readonly store: TradingStore) {}

  save(service: string, key: string, value: unknown): void {
    const id = `${service}\u0000${key}`;
    // A registered source is read at the cycle's end and replaces this save there, so the save only answers
    // a `load` within the cycle: kept as it is (a snapshot its caller does not change, as the
    // CheckpointStore contract asks) and serialized only if loaded. The entry manager saves ~10 KB on every
    // order. Other saves are serialized now, as they are what the checkpoint writes.
    if (this.sources.has(id)) this.unsaved.set(id, { service, key, value });
    else this.unsaved.set(id, { service, key, text: JSON.stringify(value) });
  }

  /** The freshest value: this cycle's save, else the last cycle boundary (captured or on disk). */
  load<T>(service: string, key: string): T | undefined {
    const id = `${service}\u0000${key}`;
    // A source read at the boundary is newer than a save of the same id captured before it registered.
    const entry =
      this.unsaved.get(id) ??
      this.capturedSources.find((source) => source.id === id)?.entry ??
      this.captured.get(id);
    if (entry !== undefined) return JSON.parse(entry.text ?? JSON.stringify(entry.value)) as T | undefined;
    return this.store.loadCheckpoint<T>(service, key);
  }

  register(service: string, key: string, read: () => unknown, version?: () => number): () => void {
    const id = `${service}\u0000${key}`;
    const source: Source = { id, read, version, seen: Number.NaN, entry: { service, key } };
    this.sources.set(id, source);
    this.sourceList = [...this.sources.values()];
    return () => {
      if (this.sources.get(id) !== source) return;
      this.sources.delete(id);
      this.sourceList = [...this.sources.values()];
    };
  }

  /**
   * Takes the state of a cycle boundary: the cycle's saves and a read of every registered source (a
   * snapshot, or one object its `read` updates; it is serialized only when written). A source whose
   * version has not moved since its last read keeps that value, and the JSON written of it.
   */
  capture(): void {
    if (this.unsaved.size > 0) {
      for (const [id, entry] of this.unsaved) if (!this.sources.has(id)) this.captured.set(id, entry);
      this.unsaved = new Map();
    }
    // A source's entry is reused; it keeps its last value (one snapshot per source) after being written.
    const sources = this.sourceList;
    for (let index = 0; index < sources.length; index++) {
      const source = sources[index]!;
      const { entry } = source;
      if (source.version === undefined) {
        entry.value = source.read();
        entry.text = undefined;
      } else {
        const version = source.version();
        if (version !== source.seen) {
          entry.value = source.read();
          entry.text = undefined;
          source.seen = version;
        }
      }
    }
    this.capturedSources = sources;
  }

  /** Writes the last captured boundary; call inside the checkpoint's transaction. */
  write(): void {
    for (const entry of this.captured.values()) this.writeEntry(entry);
    for (const source of this.capturedSources) this.writeEntry(source.entry);
    this.captured.clear();
    this.capturedSources = [];
  }

  private writeEntry(entry: Entry): void {
    // Kept on the entry: a source that has not changed by the next write writes the same JSON.
    entry.text ??= JSON.stringify(entry.value);
    this.store.saveCheckpointJson(entry.service, entry.key, entry.text);
  }

  /** {@link capture} and {@link write} at once: the current state, written now. */
  flush(): void {
    this.capture();
    this.write();
  }
}
