/**
 * The baseline: findings a team accepted so that they no longer block new work (`hkguard baseline ...`,
 * `hkguard scan --baseline FILE`). Matching is by fingerprint only, one entry per finding: two identical
 * findings need two entries, so copying an accepted leak somewhere else is still reported.
 */
import fs from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from './types.js';
import { HkguardError } from '../errors/index.js';

export const BASELINE_VERSION = 1;
export const DEFAULT_BASELINE_FILE = '.hkguard-baseline.json';
export const DEFAULT_BASELINE_REASON = 'Existing finding accepted when the baseline was created';

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  /** Root-relative, "/" separators, and the 1-based line when the entry was created (informative only). */
  file: string;
  line: number;
  reason: string;
  /** "Name <email>" from git config, when known. */
  author?: string;
  /** ISO 8601 date (YYYY-MM-DD) the entry was added. */
  date: string;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  entries: BaselineEntry[];
}

/** Who and when, stamped on new entries. */
export interface BaselineStamp {
  reason?: string;
  author?: string;
  /** Defaults to today (UTC). */
  date?: string;
}

/** A missing, unreadable or malformed baseline file (the CLI prints it and exits 2). */
export class BaselineError extends HkguardError {
  constructor(readonly file: string, detail: string) {
    super(`${file}: ${detail}`);
  }
}

/** Findings a baseline records: the ones that would fail the run, and the ones already baselined. */
function isBaselinable(f: Finding): boolean {
  return f.status === 'open' || f.status === 'baselined';
}

function entryFor(f: Finding, stamp: BaselineStamp): BaselineEntry {
  const entry: BaselineEntry = {
    fingerprint: f.fingerprint,
    ruleId: f.ruleId,
    file: f.location.file,
    line: f.location.line,
    reason: stamp.reason?.trim() || DEFAULT_BASELINE_REASON,
    date: stamp.date ?? new Date().toISOString().slice(0, 10),
  };
  if (stamp.author) entry.author = stamp.author;
  return entry;
}

function sortEntries(entries: BaselineEntry[]): BaselineEntry[] {
  return [...entries].sort((a, b) =>
    a.file.localeCompare(b.file) || a.line - b.line || a.ruleId.localeCompare(b.ruleId) ||
    a.fingerprint.localeCompare(b.fingerprint));
}

function countBy<T>(items: T[], key: (t: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
  return m;
}

export function createBaseline(findings: Finding[], stamp: BaselineStamp = {}): Baseline {
  return { version: BASELINE_VERSION, entries: sortEntries(findings.filter(isBaselinable).map((f) => entryFor(f, stamp))) };
}

export interface BaselineChange {
  baseline: Baseline;
  added: number;
  removed: number;
  kept: number;
}

/**
 * Adds entries for findings the baseline does not cover yet; every existing entry is kept with its reason,
 * author and date (use pruneBaseline to drop entries whose finding is gone).
 */
export function updateBaseline(baseline: Baseline, findings: Finding[], stamp: BaselineStamp = {}): BaselineChange {
  const available = countBy(baseline.entries, (e) => e.fingerprint);
  const added: BaselineEntry[] = [];
  for (const f of findings.filter(isBaselinable)) {
    const n = available.get(f.fingerprint) ?? 0;
    if (n > 0) available.set(f.fingerprint, n - 1);
    else added.push(entryFor(f, stamp));
  }
  return {
    baseline: { version: BASELINE_VERSION, entries: sortEntries([...baseline.entries, ...added]) },
    added: added.length, removed: 0, kept: baseline.entries.length,
  };
}

/** Drops entries no finding matches any more. Run it on a full scan: a partial scan would drop the rest. */
export function pruneBaseline(baseline: Baseline, findings: Finding[]): BaselineChange {
  const present = countBy(findings.filter(isBaselinable), (f) => f.fingerprint);
  const kept: BaselineEntry[] = [];
  for (const e of baseline.entries) {
    const n = present.get(e.fingerprint) ?? 0;
    if (n > 0) {
      present.set(e.fingerprint, n - 1);
      kept.push(e);
    }
  }
  return {
    baseline: { version: BASELINE_VERSION, entries: sortEntries(kept) },
    added: 0, removed: baseline.entries.length - kept.length, kept: kept.length,
  };
}

/**
 * Marks open findings the baseline covers as `baselined` with the entry's reason. Each entry covers one
 * finding; order and other findings are untouched.
 */
export function applyBaseline(findings: Finding[], baseline: Baseline): Finding[] {
  const byFingerprint = new Map<string, BaselineEntry[]>();
  for (const e of baseline.entries) {
    const list = byFingerprint.get(e.fingerprint);
    if (list) list.push(e);
    else byFingerprint.set(e.fingerprint, [e]);
  }
  return findings.map((f) => {
    if (f.status !== 'open') return f;
    const entry = byFingerprint.get(f.fingerprint)?.shift();
    if (!entry) return f;
    return { ...f, status: 'baselined' as const, suppression: { kind: 'baseline' as const, reason: entry.reason } };
  });
}

/** Parses and validates a baseline file's text; throws BaselineError naming the file and the problem. */
export function parseBaseline(text: string, file: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new BaselineError(file, `not valid JSON (${(e as Error).message}). Recreate it with \`hkguard baseline create\`.`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new BaselineError(file, 'expected a JSON object with "version" and "entries".');
  const obj = raw as { version?: unknown; entries?: unknown };
  if (obj.version !== BASELINE_VERSION) {
    throw new BaselineError(file, `unsupported baseline version ${JSON.stringify(obj.version)} (this hkguard reads version ${BASELINE_VERSION}).`);
  }
  if (!Array.isArray(obj.entries)) throw new BaselineError(file, '"entries" must be an array.');
  const entries = obj.entries.map((e: unknown, i: number): BaselineEntry => {
    const x = e as Partial<BaselineEntry> | null;
    const bad = (field: string) => new BaselineError(file, `entries[${i}].${field} is missing or has the wrong type.`);
    if (typeof x !== 'object' || x === null) throw new BaselineError(file, `entries[${i}] must be an object.`);
    if (typeof x.fingerprint !== 'string' || x.fingerprint === '') throw bad('fingerprint');
    if (typeof x.ruleId !== 'string') throw bad('ruleId');
    if (typeof x.file !== 'string') throw bad('file');
    if (typeof x.line !== 'number') throw bad('line');
    if (typeof x.reason !== 'string') throw bad('reason');
    if (typeof x.date !== 'string') throw bad('date');
    if (x.author !== undefined && typeof x.author !== 'string') throw bad('author');
    const entry: BaselineEntry = { fingerprint: x.fingerprint, ruleId: x.ruleId, file: x.file, line: x.line, reason: x.reason, date: x.date };
    if (x.author !== undefined) entry.author = x.author;
    return entry;
  });
  return { version: BASELINE_VERSION, entries };
}

/** Stable text: sorted entries, two-space indent, trailing newline (small diffs in code review). */
export function serializeBaseline(baseline: Baseline): string {
  const entries = sortEntries(baseline.entries).map((e) => {
    const { fingerprint, ruleId, file, line, reason, author, date } = e;
    return author === undefined ? { fingerprint, ruleId, file, line, reason, date } : { fingerprint, ruleId, file, line, reason, author, date };
  });
  return `${JSON.stringify({ version: BASELINE_VERSION, entries }, null, 2)}\n`;
}

export async function readBaselineFile(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw readError(file, e);
  }
  return parseBaseline(text, file);
}

/** The synchronous reader, for the scan pipeline's baseline hook. */
export function readBaselineFileSync(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw readError(file, e);
  }
  return parseBaseline(text, file);
}

function readError(file: string, e: unknown): BaselineError {
  const code = (e as NodeJS.ErrnoException).code;
  return new BaselineError(file, code === 'ENOENT' ? 'no such baseline file. Create one with `hkguard baseline create`.' : `cannot be read (${code ?? (e as Error).message}).`);
}

/** Writes through a temporary file and a rename, so an interrupted write never leaves half a baseline. */
export async function writeBaselineFile(file: string, baseline: Baseline): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await fs.writeFile(tmp, serializeBaseline(baseline), 'utf8');
  await fs.rename(tmp, file);
}
