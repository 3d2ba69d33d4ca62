import { JetStreamApiError, type JetStreamManager, StorageType, type StreamInfo } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

/** JetStream's error code for "stream not found". */
const STREAM_NOT_FOUND = 10059;

export interface NatsStreamSettings {
  stream: string;
  subject_prefix: string;
  duplicate_window_seconds: number;
  /** 0 keeps events forever. */
  max_age_seconds: number;
}

/**
 * Creates the stream that holds every event (`<prefix>.>`, file storage, a duplicate window for
 * `eventId` dedup), or brings an existing one up to date: adds the subject if missing and applies the
 * configured windows. Safe to run from every process at start-up.
 *
 * @example
 * ```ts
 * const jsm = await jetstreamManager(connection);
 * await ensureNatsStream(jsm, { stream: 'TRADESTATE', subject_prefix: 'tradestate', duplicate_window_seconds: 120, max_age_seconds: 0 });
 * ```
 */
export async function ensureNatsStream(
  jsm: JetStreamManager,
  settings: NatsStreamSettings,
): Promise<StreamInfo> {
  const subject = `${settings.subject_prefix}.>`;
  const duplicateWindow = nanos(settings.duplicate_window_seconds * 1000);
  const maxAge = nanos(settings.max_age_seconds * 1000);
  let existing: StreamInfo | undefined;
  try {
    existing = await jsm.streams.info(settings.stream);
  } catch (error) {
    if (!(error instanceof JetStreamApiError && error.code === STREAM_NOT_FOUND)) throw error;
  }
  if (existing === undefined) {
    try {
      return await jsm.streams.add({
        name: settings.stream,
        subjects: [subject],
        storage: StorageType.File,
        duplicate_window: duplicateWindow,
        max_age: maxAge,
      });
    } catch (error) {
      // Another process created it between our lookup and our add: fall through to the update path.
      if (!(error instanceof JetStreamApiError)) throw error;
      existing = await jsm.streams.info(settings.stream);
    }
  }
  const subjects = existing.config.subjects ?? [];
  const upToDate =
    subjects.includes(subject) &&
    existing.config.duplicate_window === duplicateWindow &&
    existing.config.max_age === maxAge;
  if (upToDate) return existing;
  return jsm.streams.update(settings.stream, {
    subjects: subjects.includes(subject) ? subjects : [...subjects, subject],
    duplicate_window: duplicateWindow,
    max_age: maxAge,
  });
}
