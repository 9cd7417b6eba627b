import type { ByteInput } from './bytes.js';

/**
 * Where the log's lines go. Implement it to keep the log in your app's own storage (react-native-fs,
 * MMKV, a SQLite table). Lines are handed over in order; each chunk holds one or more complete lines,
 * each ending in '\n'. The log never calls `append` again before the previous call settled.
 */
export interface AuditStore {
  /**
   * Called once, before the first append. Return the last complete line already stored (so a new session
   * continues the same chain) and, when the store ends in a partial line left by a crash, its line number and
   * length. Return undefined for an empty store.
   */
  open?(): AuditStoreTail | undefined | Promise<AuditStoreTail | undefined>;
  /** Appends a chunk of complete lines. */
  append(chunk: string): void | Promise<void>;
  /** Resolves once everything appended so far is durable (fsync or the storage's equivalent). */
  sync(): void | Promise<void>;
  close?(): void | Promise<void>;
}

export interface AuditStoreTail {
  lastLine?: string;
  /** 1-based line number of a partial line that the store terminated with '\n' on open. */
  tornLine?: number;
  tornBytes?: number;
}

/** `keep` stores values as measured; `round` to the precision the type needs; `hash` stores salted hashes. */
export type ValuePolicy = 'keep' | 'round' | 'hash';

export interface RedactionPolicy {
  values: ValuePolicy;
  /** Peripheral identifiers (MAC addresses, CoreBluetooth UUIDs) are hashed unless this is 'keep'. */
  peripheralIds?: 'hash' | 'keep';
}

/** A sensor value as it arrived from a Bluetooth library. */
export interface ReadingEvent {
  type: 'reading';
  peripheralId: string;
  service?: string;
  characteristic: string;
  value: ByteInput;
  /** Which call produced it, e.g. 'ble-plx.monitorCharacteristicForDevice'. */
  source?: string;
  /** Event time in ms since the epoch; defaults to now. */
  at?: number;
}

/** A HealthKit write as the app requested it. */
export interface WriteEvent {
  type: 'write';
  hkType: string;
  value: number | null;
  unit?: string;
  start?: Date | string | number;
  end?: Date | string | number;
  metadataKeys?: string[];
  /** A token returned by `record()` for a reading, or the app's own id for the source of this value. */
  provenance?: string;
  source?: string;
  /** Groups the samples of one call (a correlation) and links the call's result. */
  call?: string;
  correlationType?: string;
  at?: number;
}

/** The outcome of a HealthKit call recorded earlier with `call` set. */
export interface WriteResultEvent {
  type: 'result';
  call: string;
  ok: boolean;
  error?: unknown;
  at?: number;
}

export type AuditEvent = ReadingEvent | WriteEvent | WriteResultEvent;

/** A parsed log line. Every entry has these; the rest depends on `kind`. */
export interface AuditEntry {
  v: 1;
  seq: number;
  ts: number;
  kind: 'open' | 'reading' | 'write' | 'result' | 'close';
  prev: string;
  hash: string;
  hmac?: string;
  [key: string]: unknown;
}

export interface EntryField {
  name: string;
  value: number | number[] | string | string[] | null;
  unit?: string;
  special?: string;
  hkType?: string;
}
