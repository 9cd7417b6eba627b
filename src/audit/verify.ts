import { utf8 } from './bytes.js';
import { defaultCrypto, type AuditCrypto } from './crypto.js';
import type { AuditEntry } from './types.js';

/** Why an entry failed verification. */
export type VerifyProblemKind =
  | 'modified'
  | 'deleted'
  | 'reordered'
  | 'duplicated'
  | 'hmac-mismatch'
  | 'hmac-missing'
  | 'wrong-key'
  | 'truncated'
  | 'torn-recovered';

export interface VerifyProblem {
  kind: VerifyProblemKind;
  ruleId: 'audit-chain-broken' | 'audit-log-truncated';
  severity: 'error' | 'warning' | 'info';
  /** 1-based line of the file. */
  line: number;
  /** The sequence number of the entry concerned, when known. */
  seq?: number;
  message: string;
}

export interface VerifyResult {
  /** `not-a-log`: nothing in the input is an hkguard audit entry (empty, binary, another format). */
  status: 'intact' | 'broken' | 'truncated' | 'not-a-log';
  /** Lines in the input, a partial last line included. */
  lines: number;
  /** How many entries verified. */
  count: number;
  /** The entries that verified, in order: everything before the first problem (a recovered crash line is skipped). */
  entries: AuditEntry[];
  /** The 1-based file line of each entry in `entries`. */
  entryLines: number[];
  /** Line and seq of the last entry that verified. */
  intactThrough?: { seq: number; line: number };
  /** The first chain problem (if any) and a truncated tail; recovered crash lines as info. */
  problems: VerifyProblem[];
  hmac: 'verified' | 'failed' | 'not-checked' | 'not-present';
  /** Sessions (open entries) among the verified entries. */
  sessions: number;
  /** Whether the last verified session ended with a close entry. */
  closed: boolean;
  /** For not-a-log: why. */
  reason?: string;
}

export interface VerifyOptions {
  /** The HMAC key the log was written with; without it HMACs are not checked. */
  key?: string | Uint8Array;
  crypto?: AuditCrypto;
  /**
   * Parse and return every verified entry (needed for a report). With false only the chain fields are read,
   * which is what `hkguard audit verify` needs and about twice as fast; `entries` is then empty.
   */
  entries?: boolean;
}

const GENESIS = '0'.repeat(64);
const HASH_MARK = ',"hash":"';
const HMAC_MARK = ',"hmac":"';

interface Split {
  body: string;
  hash: string;
  hmac?: string;
}

/** Splits a line into the canonical body that was hashed and the hash / HMAC appended to it. */
function splitLine(line: string): Split | undefined {
  if (!line.endsWith('"}')) return undefined;
  const h = line.lastIndexOf(HASH_MARK);
  if (h < 0) return undefined;
  const hash = line.slice(h + HASH_MARK.length, h + HASH_MARK.length + 64);
  const rest = line.slice(h + HASH_MARK.length + 64);
  let hmac: string | undefined;
  if (rest === '"}') {
    // no HMAC
  } else if (rest.startsWith('"' + HMAC_MARK) && rest.length === 1 + HMAC_MARK.length + 64 + 2) {
    hmac = rest.slice(1 + HMAC_MARK.length, 1 + HMAC_MARK.length + 64);
  } else {
    return undefined;
  }
  // No format check of hash / hmac here: they are compared with freshly computed hex digests anyway.
  return { body: line.slice(0, h) + '}', hash, ...(hmac ? { hmac } : {}) };
}

function parseEntry(line: string): AuditEntry | undefined {
  try {
    const e = JSON.parse(line) as AuditEntry;
    if (!e || typeof e !== 'object' || e.v !== 1 || typeof e.seq !== 'number' || typeof e.hash !== 'string' || typeof e.prev !== 'string' || typeof e.kind !== 'string') return undefined;
    return e;
  } catch {
    return undefined;
  }
}

const QUICK_KINDS = new Set(['reading', 'write', 'result']);

/**
 * Reads only the chain fields of a line, by position: the body is canonical (sorted keys), so the last
 * `,"seq":` and `,"prev":"` are the top-level ones. Anything unusual falls back to JSON.parse. Tricking this
 * scan gains nothing: the SHA-256 (and HMAC) still cover every byte of the body.
 */
function quickEntry(split: Split | undefined): AuditEntry | undefined {
  if (!split) return undefined;
  const b = split.body;
  const k = b.lastIndexOf('"kind":"');
  if (k < 0) return undefined;
  const kind = b.slice(k + 8, b.indexOf('"', k + 8));
  if (!QUICK_KINDS.has(kind)) return undefined;
  const s = b.lastIndexOf(',"seq":');
  const p = b.lastIndexOf(',"prev":"');
  if (s < 0 || p < 0 || b.charCodeAt(p + 73) !== 34 /* " */) return undefined;
  let end = s + 7;
  while (end < b.length && b.charCodeAt(end) >= 48 && b.charCodeAt(end) <= 57) end++;
  if (end === s + 7 || (b[end] !== ',' && b[end] !== '}')) return undefined;
  const v = b.lastIndexOf(',"v":1');
  if (v < 0 || (b[v + 6] !== ',' && b[v + 6] !== '}')) return undefined;
  const entry = { v: 1, seq: Number(b.slice(s + 7, end)), prev: b.slice(p + 9, p + 73), hash: split.hash, kind } as AuditEntry;
  if (split.hmac !== undefined) entry.hmac = split.hmac;
  return entry;
}

/** Size of the pieces a byte input is decoded in: V8 strings stop at about 512 MB, logs need not. */
const CHUNK_BYTES = 32 * 1024 * 1024;

/**
 * Splits the input into lines without ever building one string of the whole file: bytes are decoded in
 * pieces cut at a newline. `endsWithNewline` is false when the last line is partial.
 */
export function splitLogLines(input: string | Uint8Array, chunkBytes = CHUNK_BYTES): { lines: string[]; endsWithNewline: boolean; head: string } {
  if (typeof input === 'string') {
    const lines = input.split('\n');
    const endsWithNewline = input.endsWith('\n');
    if (endsWithNewline) lines.pop();
    return { lines, endsWithNewline, head: input.slice(0, 4096) };
  }
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const lines: string[] = [];
  let head = '';
  for (let start = 0; start < input.length;) {
    let end = Math.min(input.length, start + chunkBytes);
    if (end < input.length) {
      const nl = input.lastIndexOf(0x0a, end - 1);
      if (nl >= start) end = nl + 1;
      else {
        // One line longer than a chunk: take it whole.
        const next = input.indexOf(0x0a, end);
        end = next < 0 ? input.length : next + 1;
      }
    }
    const text = decoder.decode(input.subarray(start, end));
    if (start === 0) head = text.slice(0, 4096);
    const parts = text.split('\n');
    if (text.endsWith('\n')) parts.pop();
    for (const p of parts) lines.push(p);
    start = end;
  }
  return { lines, endsWithNewline: input.length > 0 && input[input.length - 1] === 0x0a, head };
}

const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const B_HASH = enc(HASH_MARK);
const B_HMAC_SUFFIX = enc('"' + HMAC_MARK);
const B_SEQ = enc(',"seq":');
const B_PREV = enc(',"prev":"');
const B_KIND = enc('"kind":"');
const B_V1 = enc(',"v":1');
const KIND_BYTES: Array<[string, Uint8Array]> = ['reading', 'write', 'result', 'close', 'open'].map((k) => [k, enc(k + '"')]);

/** Last start of `pat` inside bytes[from, to), or -1. Markers sit near a line's end, so the backward scan is short. */
function lastIndexOfBytes(bytes: Uint8Array, pat: Uint8Array, from: number, to: number): number {
  const first = pat[0];
  for (let i = to - pat.length; i >= from; i--) {
    if (bytes[i] !== first) continue;
    let j = 1;
    while (j < pat.length && bytes[i + j] === pat[j]) j++;
    if (j === pat.length) return i;
  }
  return -1;
}

function equalsAscii(bytes: Uint8Array, at: number, text: string): boolean {
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

function startsWithBytes(bytes: Uint8Array, at: number, pat: Uint8Array): boolean {
  for (let i = 0; i < pat.length; i++) if (bytes[at + i] !== pat[i]) return false;
  return true;
}

/**
 * The common case of `verify` (chain only, byte input): checks an intact log straight from its bytes, without
 * decoding it to text. Returns undefined at the first irregularity of any kind, and the caller then runs the
 * full algorithm, which names the problem; so this path only ever reports "intact".
 */
function fastIntactScan(bytes: Uint8Array, crypto: AuditCrypto, key: Uint8Array | undefined): VerifyResult | undefined {
  const sha = crypto.sha256HexBytes;
  const mac = crypto.hmacSha256HexBytes;
  if (!sha || (key && !mac) || bytes.length === 0 || bytes[bytes.length - 1] !== 0x0a) return undefined;
  let scratch = new Uint8Array(1024);
  let expected = 0;
  let prevHash = GENESIS;
  let line = 0;
  let sessions = 0;
  let closed = false;
  let sawHmac = false;
  for (let start = 0; start < bytes.length;) {
    const end = bytes.indexOf(0x0a, start);
    line++;
    const h = lastIndexOfBytes(bytes, B_HASH, start, end);
    if (h < 0) return undefined;
    const afterHash = h + B_HASH.length + 64;
    let hasHmac = false;
    if (end - afterHash === 2 && bytes[afterHash] === 0x22 && bytes[afterHash + 1] === 0x7d) {
      // no HMAC
    } else if (end - afterHash === B_HMAC_SUFFIX.length + 64 + 2 && startsWithBytes(bytes, afterHash, B_HMAC_SUFFIX)
      && bytes[end - 2] === 0x22 && bytes[end - 1] === 0x7d) {
      hasHmac = true;
    } else return undefined;
    if (key && !hasHmac) return undefined;
    // The hashed body is the line up to the hash marker plus its closing brace, copied so the input is never written.
    const bodyLen = h - start + 1;
    if (scratch.length < bodyLen) scratch = new Uint8Array(bodyLen * 2);
    scratch.set(bytes.subarray(start, h), 0);
    scratch[bodyLen - 1] = 0x7d;
    const body = scratch.subarray(0, bodyLen);
    const digest = sha(body);
    if (!equalsAscii(bytes, h + B_HASH.length, digest)) return undefined;
    if (key && !equalsAscii(bytes, afterHash + B_HMAC_SUFFIX.length, mac!(key, body))) return undefined;
    if (hasHmac) sawHmac = true;
    const k = lastIndexOfBytes(bytes, B_KIND, start, h);
    if (k < 0) return undefined;
    const kind = KIND_BYTES.find(([, b]) => startsWithBytes(bytes, k + B_KIND.length, b))?.[0];
    if (!kind || kind === 'open') {
      // Open entries are rare and carry nested data: the full algorithm reads them.
      if (kind !== 'open') return undefined;
      const entry = parseEntry(new TextDecoder().decode(bytes.subarray(start, end)));
      if (!entry || entry.seq !== expected || entry.prev !== prevHash || entry.hash !== digest) return undefined;
      sessions++;
      closed = false;
    } else {
      const v = lastIndexOfBytes(bytes, B_V1, start, h);
      if (v < 0 || (bytes[v + B_V1.length] !== 0x2c && bytes[v + B_V1.length] !== 0x7d)) return undefined;
      const sq = lastIndexOfBytes(bytes, B_SEQ, start, h);
      if (sq < 0) return undefined;
      let i = sq + B_SEQ.length;
      let seq = 0;
      const digitsFrom = i;
      while (i < h && bytes[i]! >= 48 && bytes[i]! <= 57) seq = seq * 10 + bytes[i++]! - 48;
      if (i === digitsFrom || (bytes[i] !== 0x2c && bytes[i] !== 0x7d) || seq !== expected) return undefined;
      const pv = lastIndexOfBytes(bytes, B_PREV, start, h);
      if (pv < 0 || !equalsAscii(bytes, pv + B_PREV.length, prevHash) || bytes[pv + B_PREV.length + 64] !== 0x22) return undefined;
      if (kind === 'close') closed = true;
    }
    expected++;
    prevHash = digest;
    start = end + 1;
  }
  return {
    status: 'intact', lines: line, count: expected, entries: [], entryLines: [], problems: [],
    hmac: key ? 'verified' : sawHmac ? 'not-checked' : 'not-present', sessions, closed,
    ...(expected > 0 ? { intactThrough: { seq: expected - 1, line } } : {}),
  };
}

/**
 * Verifies an audit log: the hash chain, sequence numbers, HMACs (with `key`) and the tail. Reports the first
 * bad entry and why (modified, deleted, reordered, duplicated, wrong HMAC or key) and a partial last line;
 * everything before the first problem is reported as intact. Pure: takes the file content, does no I/O.
 */
export function verifyAuditLog(input: string | Uint8Array, options: VerifyOptions = {}): VerifyResult {
  const crypto = options.crypto ?? defaultCrypto();
  const key = options.key === undefined ? undefined : typeof options.key === 'string' ? utf8(options.key) : options.key;
  if (options.entries === false && typeof input !== 'string') {
    const fast = fastIntactScan(input, crypto, key);
    if (fast) return fast;
  }
  const result: VerifyResult = { status: 'intact', lines: 0, count: 0, entries: [], entryLines: [], problems: [], hmac: 'not-present', sessions: 0, closed: false };
  const { lines, endsWithNewline, head } = splitLogLines(input);
  if (lines.every((l) => l.trim() === '')) {
    return { ...result, status: 'not-a-log', reason: input.length > 0 ? 'it holds only whitespace' : 'it is empty' };
  }
  result.lines = lines.length;
  const tornIndex = endsWithNewline ? -1 : lines.length - 1;

  const first = parseEntry(lines[0]!);
  if (!first) {
    if (lines.length === 1 && tornIndex === 0 && lines[0]!.startsWith('{"')) {
      result.status = 'truncated';
      result.problems.push({ kind: 'truncated', ruleId: 'audit-log-truncated', severity: 'warning', line: 1, message: `line 1 is a partial entry (${lines[0]!.length} bytes) cut off mid-write; no entry is complete` });
      return result;
    }
    if (!lines.some((l) => parseEntry(l) !== undefined)) {
      const binary = /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(head);
      return { ...result, status: 'not-a-log', reason: binary ? 'it holds binary data, not JSON Lines' : 'no line is an hkguard audit entry (JSON with v, seq, kind, prev and hash)' };
    }
  }

  const full = options.entries ?? true;
  const keyId = key ? crypto.hmacSha256Hex(key, 'hkguard-audit-key-id').slice(0, 16) : undefined;
  let expectedSeq = 0;
  let prevHash = GENESIS;
  let prevLine = 0;
  let sawHmac = false;
  let hmacFailed = false;
  let stopped = false;

  const fail = (p: Omit<VerifyProblem, 'ruleId' | 'severity'>): void => {
    result.problems.push({ ...p, ruleId: 'audit-chain-broken', severity: 'error' });
    stopped = true;
  };

  for (let i = 0; i < lines.length && !stopped; i++) {
    const lineNo = i + 1;
    const line = lines[i]!;
    const isTorn = i === tornIndex;
    const split = splitLine(line);
    let entry = full ? parseEntry(line) : (quickEntry(split) ?? parseEntry(line));
    const hashOk = !!(entry && split && split.hash === entry.hash && crypto.sha256Hex(split.body) === split.hash);
    // On the error path, parse fully so both modes name the problem the same way.
    if (!hashOk && !full) entry = parseEntry(line);

    // A write cut off by a crash leaves a strict prefix of an entry, which is never complete JSON; a complete
    // entry that merely lacks its newline goes through the normal checks (a modified one is named as such).
    if (isTorn && !entry) {
      result.problems.push({
        kind: 'truncated', ruleId: 'audit-log-truncated', severity: 'warning', line: lineNo, seq: expectedSeq,
        message: `line ${lineNo} is a partial entry (${utf8(line).length} bytes, expected seq ${expectedSeq}) cut off mid-write; ` +
          (prevLine ? `entries seq 0-${expectedSeq - 1} (lines 1-${prevLine}) are intact` : 'no entry before it'),
      });
      break;
    }
    if (!entry) {
      const next = i + 1 < lines.length ? parseEntry(lines[i + 1]!) : undefined;
      const resumedInfo = next?.kind === 'open' ? (next.resumed as { tornLine?: number } | undefined) : undefined;
      if (resumedInfo?.tornLine === lineNo) {
        result.problems.push({
          kind: 'torn-recovered', ruleId: 'audit-log-truncated', severity: 'info', line: lineNo,
          message: `line ${lineNo} is a partial entry left by an interrupted session; the session opened at seq ${next!.seq} (line ${lineNo + 1}) recorded it and continues the chain`,
        });
        continue;
      }
      fail({ kind: 'modified', line: lineNo, seq: expectedSeq, message: `line ${lineNo} is not a valid entry (expected seq ${expectedSeq}): it was modified or corrupted` });
      break;
    }
    if (!hashOk) {
      // A CRLF conversion (a Windows checkout, a mail client) changes every line; say so instead of blaming one entry.
      const crlf = line.endsWith('\r') ? ': its line ending was converted to CRLF, so the file was rewritten by a tool' : ': its content no longer matches its SHA-256';
      fail({ kind: 'modified', line: lineNo, seq: entry.seq, message: `entry seq ${entry.seq} (line ${lineNo}) was modified${crlf}` });
      break;
    }
    if (entry.hmac !== undefined) sawHmac = true;
    if (key) {
      if (entry.hmac === undefined) {
        hmacFailed = true;
        fail({ kind: 'hmac-missing', line: lineNo, seq: entry.seq, message: `entry seq ${entry.seq} (line ${lineNo}) has no HMAC although a key was given: it was written without the key or rewritten` });
        break;
      }
      if (crypto.hmacSha256Hex(key, split!.body) !== entry.hmac) {
        hmacFailed = true;
        const recordedKeyId = entry.kind === 'open' && typeof entry.keyId === 'string' ? entry.keyId : undefined;
        if (recordedKeyId && recordedKeyId !== keyId) {
          fail({ kind: 'wrong-key', line: lineNo, seq: entry.seq, message: `wrong key: the log was written with key id ${recordedKeyId}, the given key has id ${keyId} (HMAC of entry seq ${entry.seq}, line ${lineNo}, does not match)` });
        } else {
          fail({ kind: 'hmac-mismatch', line: lineNo, seq: entry.seq, message: `entry seq ${entry.seq} (line ${lineNo}) has a wrong HMAC: it was rewritten by someone without the key` });
        }
        break;
      }
    }
    if (entry.seq !== expectedSeq) {
      if (entry.seq < expectedSeq) {
        // Duplicates are looked for only here, on the error path, to keep the intact path free of a hash index.
        let dupOf: number | undefined;
        for (let j = i - 1; j >= 0 && dupOf === undefined; j--) if (lines[j] === line) dupOf = j + 1;
        if (dupOf === undefined && entry.seq === 0 && entry.prev === GENESIS) {
          fail({ kind: 'reordered', line: lineNo, seq: 0, message: `a second log starts at line ${lineNo} (seq 0 after seq ${expectedSeq - 1}): two logs were concatenated, or a session started a new chain instead of continuing this one` });
        } else if (dupOf !== undefined) {
          fail({ kind: 'duplicated', line: lineNo, seq: entry.seq, message: `entry seq ${entry.seq} at line ${lineNo} duplicates line ${dupOf}` });
        } else {
          fail({ kind: 'reordered', line: lineNo, seq: entry.seq, message: `entry seq ${entry.seq} (line ${lineNo}) appears after seq ${expectedSeq - 1}: entries are out of order` });
        }
      } else {
        let foundAt = -1;
        for (let j = i + 1; j < lines.length; j++) {
          if (parseEntry(lines[j]!)?.seq === expectedSeq) { foundAt = j + 1; break; }
        }
        if (foundAt > 0) {
          fail({ kind: 'reordered', line: lineNo, seq: entry.seq, message: `entry seq ${entry.seq} (line ${lineNo}) comes before seq ${expectedSeq} (line ${foundAt}): entries were reordered` });
        } else {
          const missing = entry.seq - expectedSeq;
          fail({
            kind: 'deleted', line: lineNo, seq: expectedSeq,
            message: missing === 1
              ? `entry seq ${expectedSeq} is missing before line ${lineNo} (seq ${entry.seq}): it was deleted`
              : `entries seq ${expectedSeq}-${entry.seq - 1} (${missing} entries) are missing before line ${lineNo} (seq ${entry.seq}): they were deleted`,
          });
        }
      }
      break;
    }
    if (entry.prev !== prevHash) {
      fail({
        kind: 'modified', line: lineNo, seq: entry.seq,
        message: entry.seq === 0
          ? `entry seq 0 (line ${lineNo}) does not start a chain: the log's beginning was replaced`
          : `entry seq ${entry.seq} (line ${lineNo}) does not link to the entry before it (seq ${entry.seq - 1}, line ${prevLine}): that entry was altered and re-hashed`,
      });
      break;
    }
    result.count++;
    if (full) {
      result.entries.push(entry);
      result.entryLines.push(lineNo);
    }
    result.intactThrough = { seq: entry.seq, line: lineNo };
    if (entry.kind === 'open') { result.sessions++; result.closed = false; }
    if (entry.kind === 'close') result.closed = true;
    expectedSeq = entry.seq + 1;
    prevHash = entry.hash;
    prevLine = lineNo;
  }

  // A partial last line matters even after an earlier problem: say so too.
  if (stopped && tornIndex >= 0 && !result.problems.some((p) => p.kind === 'truncated') && !parseEntry(lines[tornIndex]!)) {
    result.problems.push({ kind: 'truncated', ruleId: 'audit-log-truncated', severity: 'warning', line: tornIndex + 1, message: `line ${tornIndex + 1} (the last) is a partial entry cut off mid-write` });
  }
  result.hmac = key ? (hmacFailed ? 'failed' : sawHmac ? 'verified' : 'failed') : sawHmac ? 'not-checked' : 'not-present';
  const hasError = result.problems.some((p) => p.severity === 'error');
  result.status = hasError ? 'broken' : result.problems.some((p) => p.kind === 'truncated') ? 'truncated' : 'intact';
  return result;
}

/** Short hex fingerprint of a key, as recorded in the log's open entries (`keyId`). */
export function auditKeyId(key: string | Uint8Array, crypto: AuditCrypto = defaultCrypto()): string {
  return crypto.hmacSha256Hex(typeof key === 'string' ? utf8(key) : key, 'hkguard-audit-key-id').slice(0, 16);
}

