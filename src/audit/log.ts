import { bytesToHex, toBytes, utf8 } from './bytes.js';
import { canonicalJson } from './canonical.js';
import { defaultCrypto, type AuditCrypto } from './crypto.js';
import { decodeGattCharacteristic, normalizeUuid } from './gatt.js';
import type { AuditEvent, AuditStore, AuditStoreTail, EntryField, ReadingEvent, RedactionPolicy, ValuePolicy, WriteEvent } from './types.js';
import { convertHealthKit, convertSensorToHealthKit, HEALTH_TYPES, roundForType, toTypeUnit } from './units.js';

/** Options of {@link createAuditLog}. */
export interface AuditLogOptions {
  store: AuditStore;
  /** 'keep' | 'round' | 'hash', or a policy object. Default: round values, hash peripheral ids. */
  redact?: ValuePolicy | RedactionPolicy;
  /** With a key every entry also carries an HMAC, so rewriting the whole file is detected. */
  hmacKey?: string | Uint8Array;
  /** Recorded in the session's first entry. */
  app?: string | { name?: string; version?: string; build?: string };
  /** A write is linked to the latest matching reading at most this old (ms). Default 10000. */
  correlationWindowMs?: number;
  /** Receives every failure inside the shim (store, decode, bad input); the app's call is never affected. */
  onError?: (error: Error, context: string) => void;
  /** Hash primitives; default node:crypto on Node, pure JS elsewhere. */
  crypto?: AuditCrypto;
  /**
   * Salt for hashed values and peripheral ids. Without it peripheral ids are hashed with a key-derived or
   * fixed salt (stable across sessions) and values with a random per-log salt (not stored, so low-entropy
   * values cannot be brute-forced from the log).
   */
  hashSalt?: string;
  /** Clock, ms since the epoch. */
  now?: () => number;
}

/** The log returned by {@link createAuditLog}. */
export interface AuditLog {
  /** Random id of this session, also in its first entry. */
  readonly logId: string;
  /**
   * Records an event. Synchronous, cheap, never throws. Returns a provenance token for a reading (pass it to
   * `withProvenance` or a write's `provenance`) and the call id for a write.
   */
  record(event: AuditEvent): string | undefined;
  /** Runs `fn` so that HealthKit writes made synchronously inside it carry `token` as their provenance. */
  withProvenance<T>(token: string, fn: () => T): T;
  /**
   * Resolves once every entry recorded so far is durable (the store's sync resolved). Rejects if the store
   * failed; after a lost batch every later flush of this log rejects too, since those entries are gone.
   */
  flush(): Promise<void>;
  /** Writes a closing entry, flushes and closes the store. Later records are dropped (reported to onError). */
  close(): Promise<void>;
  /** Routes a failure found by a wrapper to `onError`; used by the instrument* functions. */
  reportError(error: unknown, context: string): void;
  /** Counters for diagnostics. */
  readonly stats: { recorded: number; written: number; errors: number };
}

interface Pending {
  body: Record<string, unknown>;
  seq?: number;
  /** For a write: the reading it came from, whose seq is known only once that reading is serialized. */
  link?: Pending;
}

interface LatestReading {
  item: Pending;
  token: string;
  ts: number;
  peripheral: string;
  characteristic: string;
  field: string;
  hkType: string;
  value: number;
  unit: string;
}

const GENESIS = '0'.repeat(64);
const SHIM = 'hkguard/audit@1';
const TOKEN_CAP = 4096;

function toMs(d: Date | string | number | undefined): number | undefined {
  if (d === undefined || d === null) return undefined;
  const t = d instanceof Date ? d.getTime() : typeof d === 'number' ? d : Date.parse(d);
  return Number.isFinite(t) ? t : undefined;
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  if (err && typeof err === 'object' && typeof (err as { message?: unknown }).message === 'string') return (err as { message: string }).message;
  try { return JSON.stringify(err) ?? String(err); } catch { return String(err); }
}

/**
 * Creates an audit log. Entries form a SHA-256 hash chain (each carries the hash of the previous one); with
 * `hmacKey` each also carries an HMAC. Recording is synchronous and cheap: hashing and storage happen in a
 * batch on a later tick, so the app's Bluetooth and HealthKit calls are never delayed.
 */
export function createAuditLog(options: AuditLogOptions): AuditLog {
  const crypto = options.crypto ?? defaultCrypto();
  const now = options.now ?? Date.now;
  const store = options.store;
  const policy: Required<RedactionPolicy> =
    typeof options.redact === 'string'
      ? { values: options.redact, peripheralIds: 'hash' }
      : { values: options.redact?.values ?? 'round', peripheralIds: options.redact?.peripheralIds ?? 'hash' };
  const windowMs = options.correlationWindowMs ?? 10_000;
  const key = options.hmacKey === undefined ? undefined : typeof options.hmacKey === 'string' ? utf8(options.hmacKey) : options.hmacKey;
  const logId = bytesToHex(crypto.randomBytes(8));
  const idSalt = utf8(options.hashSalt ?? (key ? crypto.hmacSha256Hex(key, 'hkguard-audit-id-salt') : 'hkguard-audit-v1'));
  const valueSalt = options.hashSalt ? utf8(options.hashSalt) : crypto.randomBytes(32);
  const stats = { recorded: 0, written: 0, errors: 0 };

  const report = (err: unknown, context: string): void => {
    stats.errors++;
    try {
      options.onError?.(err instanceof Error ? err : new Error(errorMessage(err)), context);
    } catch {
      // An onError that throws must not reach the app either.
    }
  };

  let pending: Pending[] = [];
  let seq = 0;
  let prev = GENESIS;
  let chain: Promise<void> = Promise.resolve();
  // The first lost batch: once entries are lost, "everything recorded so far is durable" can never be true
  // again for this session, so every later flush() rejects with it (a new session resumes the stored chain).
  let failure: Error | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let counter = 0;
  let scopedProvenance: string | undefined;
  let resumed: Record<string, unknown> | undefined;
  const tokens = new Map<string, Pending>();
  const latestByType = new Map<string, LatestReading>();
  const latestByToken = new Map<string, LatestReading[]>();

  const ready: Promise<void> = (async () => {
    let tail: AuditStoreTail | undefined;
    try {
      tail = await store.open?.();
    } catch (err) {
      report(err, 'store.open');
      return;
    }
    if (!tail) return;
    if (tail.tornLine !== undefined) resumed = { tornLine: tail.tornLine, tornBytes: tail.tornBytes ?? 0 };
    if (!tail.lastLine) return;
    try {
      const last = JSON.parse(tail.lastLine) as { seq?: unknown; hash?: unknown };
      if (typeof last.seq === 'number' && typeof last.hash === 'string') {
        seq = last.seq + 1;
        prev = last.hash;
        resumed = { ...resumed, afterSeq: last.seq };
      }
    } catch (err) {
      report(err, 'store.open: last line is not an audit entry; starting a new chain');
    }
  })();

  // An app talks to a handful of peripherals; their pseudonyms are computed once, not per notification.
  const pseudonyms = new Map<string, string>();
  const hashId = (id: string): string => {
    if (policy.peripheralIds === 'keep') return id;
    let p = pseudonyms.get(id);
    if (p === undefined) {
      p = crypto.hmacSha256Hex(idSalt, id).slice(0, 16);
      if (pseudonyms.size < 256) pseudonyms.set(id, p);
    }
    return p;
  };
  const hashValue = (v: unknown): string => '#' + crypto.hmacSha256Hex(valueSalt, canonicalJson(v)).slice(0, 16);

  const redactNumber = (v: number | null, hkType: string | undefined, unit: string | undefined, sensorSide: boolean): number | string | null => {
    if (v === null) return null;
    if (policy.values === 'keep') return v;
    if (policy.values === 'hash') return hashValue(v);
    return roundForType(hkType, v, unit, sensorSide);
  };

  function schedule(): void {
    if (timer !== undefined) return;
    timer = setTimeout(drain, 0);
    // A pending audit batch must not keep a Node process alive; flush() is how callers wait for it.
    (timer as { unref?: () => void }).unref?.();
  }

  function serialize(batch: Pending[]): string {
    let out = '';
    for (const item of batch) {
      const body = item.body;
      if (body.kind === 'open' && resumed) body.resumed = resumed;
      body.v = 1;
      body.seq = seq;
      body.prev = prev;
      if (item.link && body.provenance && typeof body.provenance === 'object') {
        (body.provenance as Record<string, unknown>).seq = item.link.seq;
      }
      const text = canonicalJson(body);
      const hash = crypto.sha256Hex(text);
      let line = text.slice(0, -1) + ',"hash":"' + hash + '"';
      if (key) line += ',"hmac":"' + crypto.hmacSha256Hex(key, text) + '"';
      out += line + '}\n';
      item.seq = seq;
      seq++;
      prev = hash;
      // The body is not needed any more except as a link target (seq is kept).
      item.body = {};
    }
    return out;
  }

  function drain(): void {
    timer = undefined;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    chain = chain.then(async () => {
      await ready;
      let text: string;
      try {
        text = serialize(batch);
      } catch (err) {
        report(err, 'serialize');
        failure ??= err instanceof Error ? err : new Error(errorMessage(err));
        return;
      }
      try {
        await store.append(text);
        stats.written += batch.length;
      } catch (err) {
        failure ??= err instanceof Error ? err : new Error(errorMessage(err));
        report(err, 'store.append');
      }
    });
  }

  function push(body: Record<string, unknown>, link?: Pending): Pending {
    const item: Pending = link ? { body, link } : { body };
    pending.push(item);
    stats.recorded++;
    schedule();
    return item;
  }

  function recordReading(ev: ReadingEvent): string {
    const ts = ev.at ?? now();
    const characteristic = normalizeUuid(ev.characteristic);
    let bytes: Uint8Array;
    let badValue: string | undefined;
    try {
      bytes = toBytes(ev.value);
    } catch (err) {
      // Still recorded: that a value arrived and could not be read is itself worth auditing.
      bytes = new Uint8Array(0);
      badValue = `value could not be read: ${errorMessage(err)}`;
      report(err, 'decode');
    }
    const decoded = badValue
      ? ({ ok: false, characteristic, reason: 'malformed', message: badValue } as const)
      : decodeGattCharacteristic(characteristic, bytes);
    const peripheral = hashId(String(ev.peripheralId));
    const body: Record<string, unknown> = {
      kind: 'reading',
      ts,
      peripheral,
      characteristic,
      source: ev.source,
    };
    if (ev.service !== undefined) body.service = normalizeUuid(ev.service);
    // Raw bytes reveal the exact value, so they are kept only under 'keep'.
    if (policy.values === 'keep') body.raw = bytesToHex(bytes);
    else if (policy.values === 'hash') body.raw = hashValue(bytesToHex(bytes));
    else body.rawLength = bytes.length;
    if (decoded.ok) {
      body.name = decoded.name;
      body.fields = decoded.fields.map((f): EntryField => {
        const out: EntryField = { name: f.name, value: null };
        if (Array.isArray(f.value)) {
          out.value = policy.values === 'keep' ? f.value : policy.values === 'hash' ? f.value.map((x) => hashValue(x)) : f.value.map((x) => Number(x.toFixed(3)));
        } else {
          out.value = redactNumber(f.value, f.hkType, f.unit, true);
        }
        if (f.unit) out.unit = f.unit;
        if (f.special) out.special = f.special;
        if (f.hkType) out.hkType = f.hkType;
        return out;
      });
      if (policy.values !== 'hash' && Object.keys(decoded.info).length > 0) body.info = decoded.info;
    } else {
      if ('name' in decoded && decoded.name) body.name = decoded.name;
      body.decodeError = decoded.reason === 'unknown' ? 'unknown characteristic' : decoded.message;
      if (decoded.reason === 'malformed' && !badValue) report(new Error(decoded.message), 'decode');
    }
    const item = push(body);
    const token = 'r' + ++counter;
    tokens.set(token, item);
    if (tokens.size > TOKEN_CAP) tokens.delete(tokens.keys().next().value as string);
    if (decoded.ok) {
      const byToken: LatestReading[] = [];
      for (const f of decoded.fields) {
        if (!f.hkType || typeof f.value !== 'number') continue;
        const latest: LatestReading = { item, token, ts, peripheral, characteristic, field: f.name, hkType: f.hkType, value: f.value, unit: f.unit ?? '' };
        latestByType.set(f.hkType, latest);
        byToken.push(latest);
      }
      if (byToken.length) {
        latestByToken.set(token, byToken);
        if (latestByToken.size > TOKEN_CAP) latestByToken.delete(latestByToken.keys().next().value as string);
      }
    }
    return token;
  }

  function recordWrite(ev: WriteEvent): string {
    const ts = ev.at ?? now();
    const call = ev.call ?? 'c' + ++counter;
    const info = HEALTH_TYPES[ev.hkType];
    const unit = ev.unit ?? info?.unit;
    const body: Record<string, unknown> = {
      kind: 'write',
      ts,
      call,
      hkType: ev.hkType,
      unit,
      source: ev.source,
      start: toMs(ev.start),
      end: toMs(ev.end),
      correlationType: ev.correlationType,
    };
    if (ev.metadataKeys && ev.metadataKeys.length) body.metadataKeys = [...ev.metadataKeys].sort();
    const value = typeof ev.value === 'number' && Number.isFinite(ev.value) ? ev.value : null;
    body.value = redactNumber(value, ev.hkType, unit, false);

    const token = ev.provenance ?? scopedProvenance;
    let source: LatestReading | undefined;
    if (token !== undefined) {
      source = latestByToken.get(token)?.find((r) => r.hkType === ev.hkType);
    } else {
      const latest = latestByType.get(ev.hkType);
      // A reading stamped up to 1 s after the write (an `at` from another clock) still counts.
      if (latest && ts - latest.ts <= windowMs && ts - latest.ts >= -1000) source = latest;
    }
    let link: Pending | undefined;
    if (source) {
      link = source.item;
      body.provenance = {
        token: source.token,
        peripheral: source.peripheral,
        characteristic: source.characteristic,
        field: source.field,
        ageMs: Math.max(0, ts - source.ts),
        ...(token !== undefined ? { explicit: true } : {}),
      };
    } else if (token !== undefined) {
      const item = tokens.get(token);
      if (item) {
        link = item;
        body.provenance = { token, explicit: true };
      } else {
        body.provenance = { token, explicit: true, external: true };
      }
    }

    const check: Record<string, unknown> = {};
    if (value !== null && info) {
      const inTypeUnit = toTypeUnit(ev.hkType, value, unit);
      check.plausible = inTypeUnit === undefined ? null : inTypeUnit >= info.min && inTypeUnit <= info.max;
    }
    if (source && value !== null && unit !== undefined) {
      const expected = convertSensorToHealthKit(source.value, source.unit, unit);
      if (expected !== undefined) {
        body.expected = redactNumber(expected, ev.hkType, unit, false);
        check.match = valuesMatch(ev.hkType, value, expected, unit);
        if (!check.match && expected !== 0) check.ratio = Number((value / expected).toPrecision(4));
      } else {
        check.match = null;
        check.unitMismatch = `${source.unit} -> ${unit}`;
      }
    }
    if (Object.keys(check).length) body.check = check;
    push(body, link);
    return call;
  }

  function recordResult(ev: { call: string; ok: boolean; error?: unknown; at?: number }): string {
    const body: Record<string, unknown> = { kind: 'result', ts: ev.at ?? now(), call: ev.call, ok: ev.ok };
    if (!ev.ok) body.error = errorMessage(ev.error).slice(0, 300);
    push(body);
    return ev.call;
  }

  push({ kind: 'open', ts: now(), logId, shim: SHIM, app: options.app, policy, hmacEnabled: key !== undefined, keyId: key ? crypto.hmacSha256Hex(key, 'hkguard-audit-key-id').slice(0, 16) : undefined });

  const log: AuditLog = {
    logId,
    stats,
    reportError: report,
    record(event) {
      if (closed) {
        report(new Error('record() after close(); event dropped'), 'record');
        return undefined;
      }
      try {
        switch (event?.type) {
          case 'reading': return recordReading(event);
          case 'write': return recordWrite(event);
          case 'result': return recordResult(event);
          default:
            report(new Error(`unknown event type ${String((event as { type?: unknown })?.type)}`), 'record');
            return undefined;
        }
      } catch (err) {
        report(err, 'record');
        return undefined;
      }
    },
    withProvenance(token, fn) {
      const saved = scopedProvenance;
      scopedProvenance = token;
      try {
        return fn();
      } finally {
        scopedProvenance = saved;
      }
    },
    async flush() {
      if (timer !== undefined) clearTimeout(timer);
      drain();
      const upTo = chain;
      await upTo;
      if (failure) throw failure;
      try {
        await store.sync();
      } catch (err) {
        report(err, 'store.sync');
        throw err instanceof Error ? err : new Error(errorMessage(err));
      }
    },
    async close() {
      if (closed) return;
      push({ kind: 'close', ts: now(), logId, recorded: stats.recorded + 1 });
      closed = true;
      try {
        await log.flush();
      } finally {
        await store.close?.();
      }
    },
  };
  return log;

  function valuesMatch(hkType: string, written: number, expected: number, unit: string): boolean {
    const info = HEALTH_TYPES[hkType];
    let stepInUnit = 0;
    if (info) {
      const a = convertHealthKit(info.step, info.unit, unit);
      const b = convertHealthKit(0, info.unit, unit);
      stepInUnit = a !== undefined && b !== undefined ? Math.abs(a - b) : info.step;
    }
    // Apps legitimately round before writing; allow one precision step or 1%, whichever is larger.
    const tolerance = Math.max(stepInUnit, Math.abs(expected) * 0.01, 1e-9);
    return Math.abs(written - expected) <= tolerance;
  }
}
