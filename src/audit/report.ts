import type { AuditEntry, EntryField } from './types.js';
import { convertHealthKit, convertSensorToHealthKit, HEALTH_TYPES, toTypeUnit } from './units.js';
import type { VerifyResult } from './verify.js';

/** One problem found in a log, in the shape the HTML report and the CLI share. */
export interface AuditFinding {
  ruleId: 'audit-chain-broken' | 'audit-log-truncated' | 'audit-write-without-provenance' | 'audit-value-mismatch' | 'audit-type-undeclared' | 'audit-value-implausible';
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** 1-based line of the log file. */
  line: number;
  entrySeq?: number;
}

/** A stretch with no entries longer than the report's gap threshold. */
export interface AuditGap {
  from: string;
  to: string;
  minutes: number;
  afterSeq: number;
  beforeSeq: number;
}

export interface AuditDeviceSummary {
  /** The peripheral id as logged (hashed unless the app kept ids). */
  peripheral: string;
  characteristics: string[];
  readings: number;
  decodeErrors: number;
  /** Writes whose provenance is a reading of this device. */
  linkedWrites: number;
  /** Range of each numeric decoded field, in the sensor's unit (hashed values have none). */
  fields: Array<{ name: string; unit?: string; min: number; max: number; count: number }>;
  first: string;
  last: string;
  gaps: AuditGap[];
}

export interface AuditTypeSummary {
  hkType: string;
  writes: number;
  failed: number;
  /** Unit of min / max: the type's check unit when every value converts, else the unit written. */
  unit?: string;
  min?: number;
  max?: number;
  /** Values that were hashed by the redaction policy and so have no range. */
  hashedValues: number;
  withoutProvenance: number;
  mismatches: number;
  implausible: number;
  first: string;
  last: string;
  gaps: AuditGap[];
}

export interface AuditDaySummary {
  /** UTC calendar day, YYYY-MM-DD. */
  day: string;
  readings: number;
  writes: number;
  failed: number;
  /** Writes per type that day, with the range of their values in the type's check unit when known. */
  types: Array<{ hkType: string; writes: number; unit?: string; min?: number; max?: number }>;
}

/** The summary `hkguard audit report` prints, per device, per HealthKit type and per day. */
export interface AuditReport {
  schemaVersion: 1;
  file?: string;
  chain: {
    status: VerifyResult['status'];
    entries: number;
    lines: number;
    hmac: VerifyResult['hmac'];
    sessions: number;
    closed: boolean;
    intactThrough?: { seq: number; line: number };
  };
  span?: { first: string; last: string };
  totals: { readings: number; writes: number; failedWrites: number; withoutProvenance: number };
  devices: AuditDeviceSummary[];
  types: AuditTypeSummary[];
  days: AuditDaySummary[];
  declared?: { source: string; write: string[] };
  findings: AuditFinding[];
}

export interface AuditReportOptions {
  file?: string;
  /** Types the app declares, from the static scan (`--against`). */
  declared?: { read: string[]; write: string[]; source: string };
  /** Silences longer than this become gaps. Default 15 minutes. */
  gapMs?: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const short = (t: string) => t.replace('HKQuantityTypeIdentifier', '');
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(6))));

/** Turns verification problems into findings (the chain part of {@link toAuditFindings}). */
export function verifyFindings(result: VerifyResult): AuditFinding[] {
  return result.problems.map((p) => ({ ruleId: p.ruleId, severity: p.severity, message: p.message, line: p.line, ...(p.seq !== undefined ? { entrySeq: p.seq } : {}) }));
}

/** The findings of a verify result or a report, sorted by line then rule. Pure. */
export function toAuditFindings(source: VerifyResult | AuditReport): AuditFinding[] {
  const list = 'findings' in source ? [...source.findings] : verifyFindings(source);
  return list.sort((a, b) => a.line - b.line || a.ruleId.localeCompare(b.ruleId) || (a.entrySeq ?? -1) - (b.entrySeq ?? -1));
}

function gapsOf(times: Array<{ ts: number; seq: number }>, gapMs: number): AuditGap[] {
  const gaps: AuditGap[] = [];
  for (let i = 1; i < times.length; i++) {
    const d = times[i]!.ts - times[i - 1]!.ts;
    if (d > gapMs) gaps.push({ from: iso(times[i - 1]!.ts), to: iso(times[i]!.ts), minutes: Math.round(d / 60000), afterSeq: times[i - 1]!.seq, beforeSeq: times[i]!.seq });
  }
  return gaps;
}

function withinTolerance(hkType: string, written: number, expected: number, unit: string): boolean {
  const info = HEALTH_TYPES[hkType];
  let step = 0;
  if (info) {
    const a = convertHealthKit(info.step, info.unit, unit);
    const b = convertHealthKit(0, info.unit, unit);
    step = a !== undefined && b !== undefined ? Math.abs(a - b) : info.step;
  }
  return Math.abs(written - expected) <= Math.max(step, Math.abs(expected) * 0.01, 1e-9);
}

/**
 * Builds the report from a verify result: per-device, per-type and per-day counts, ranges and gaps, and the
 * findings (chain problems, writes without provenance, value mismatches, implausible values, and with
 * `declared` the types written but never declared). Only verified entries are summarized, so the verify result
 * must carry them (the default of `verifyAuditLog`). Pure.
 */
export function buildAuditReport(verified: VerifyResult, options: AuditReportOptions = {}): AuditReport {
  if (verified.count > verified.entries.length) {
    throw new TypeError('buildAuditReport needs the parsed entries: call verifyAuditLog without { entries: false }');
  }
  const gapMs = options.gapMs ?? 15 * 60_000;
  const findings: AuditFinding[] = verifyFindings(verified);
  type Range = { unit?: string; min: number; max: number; count: number };
  const widen = (map: Map<string, Range>, key: string, v: number, unit?: string) => {
    const r = map.get(key);
    if (!r) map.set(key, { ...(unit ? { unit } : {}), min: v, max: v, count: 1 });
    else { r.min = Math.min(r.min, v); r.max = Math.max(r.max, v); r.count++; }
  };
  const devices = new Map<string, { chars: Set<string>; readings: number; decodeErrors: number; linked: number; times: Array<{ ts: number; seq: number }>; fields: Map<string, Range> }>();
  const types = new Map<string, { writes: number; failed: number; units: Set<string>; values: Array<{ v: number; unit?: string }>; hashed: number; noProv: number; mismatches: number; implausible: number; times: Array<{ ts: number; seq: number }>; firstLine: number; firstSeq: number }>();
  const days = new Map<string, { readings: number; writes: number; failed: number; types: Map<string, number>; ranges: Map<string, Range> }>();
  const readingsBySeq = new Map<number, AuditEntry>();
  const writesByCall = new Map<string, AuditEntry[]>();
  let session = 0;
  let readings = 0;
  let writes = 0;
  let failedWrites = 0;
  let withoutProvenance = 0;
  let firstTs: number | undefined;
  let lastTs: number | undefined;

  const day = (ts: number) => {
    const key = iso(ts).slice(0, 10);
    let d = days.get(key);
    if (!d) days.set(key, (d = { readings: 0, writes: 0, failed: 0, types: new Map(), ranges: new Map() }));
    return d;
  };

  verified.entries.forEach((e, idx) => {
    const line = verified.entryLines[idx] ?? idx + 1;
    const ts = typeof e.ts === 'number' ? e.ts : 0;
    if (e.kind === 'open') {
      session++;
      writesByCall.clear();
      return;
    }
    if (e.kind === 'close') return;
    firstTs = firstTs === undefined ? ts : Math.min(firstTs, ts);
    lastTs = lastTs === undefined ? ts : Math.max(lastTs, ts);
    if (e.kind === 'reading') {
      readings++;
      readingsBySeq.set(e.seq, e);
      const id = String(e.peripheral ?? '');
      let d = devices.get(id);
      if (!d) devices.set(id, (d = { chars: new Set(), readings: 0, decodeErrors: 0, linked: 0, times: [], fields: new Map() }));
      d.readings++;
      for (const f of (e.fields as EntryField[] | undefined) ?? []) {
        if (typeof f.value === 'number') widen(d.fields, `${f.name}\u0000${f.unit ?? ''}`, f.value, f.unit);
      }
      d.chars.add(typeof e.name === 'string' ? `${e.name} (${String(e.characteristic)})` : String(e.characteristic));
      if (e.decodeError) d.decodeErrors++;
      d.times.push({ ts, seq: e.seq });
      day(ts).readings++;
      return;
    }
    if (e.kind === 'result') {
      if (e.ok === false) {
        for (const w of writesByCall.get(String(e.call)) ?? []) {
          failedWrites++;
          const t = types.get(String(w.hkType));
          if (t) t.failed++;
          day(typeof w.ts === 'number' ? w.ts : ts).failed++;
        }
      }
      return;
    }
    if (e.kind !== 'write') return;
    writes++;
    const hkType = String(e.hkType);
    const call = String(e.call);
    writesByCall.set(call, [...(writesByCall.get(call) ?? []), e]);
    let t = types.get(hkType);
    if (!t) types.set(hkType, (t = { writes: 0, failed: 0, units: new Set(), values: [], hashed: 0, noProv: 0, mismatches: 0, implausible: 0, times: [], firstLine: line, firstSeq: e.seq }));
    t.writes++;
    t.times.push({ ts, seq: e.seq });
    const d = day(ts);
    d.writes++;
    d.types.set(hkType, (d.types.get(hkType) ?? 0) + 1);
    const unit = typeof e.unit === 'string' ? e.unit : undefined;
    if (unit) t.units.add(unit);
    const value = typeof e.value === 'number' ? e.value : undefined;
    if (typeof e.value === 'string') t.hashed++;
    if (value !== undefined) {
      t.values.push({ v: value, ...(unit ? { unit } : {}) });
      const inTypeUnit = toTypeUnit(hkType, value, unit);
      if (inTypeUnit !== undefined) widen(d.ranges, hkType, inTypeUnit, HEALTH_TYPES[hkType]!.unit);
    }
    const check = (e.check ?? {}) as { match?: boolean | null; plausible?: boolean | null; ratio?: number };
    const metadataKeys = Array.isArray(e.metadataKeys) ? (e.metadataKeys as string[]) : [];
    const prov = e.provenance as { seq?: number; field?: string; token?: string; external?: boolean } | undefined;

    if (!prov && !metadataKeys.includes('HKWasUserEntered')) {
      t.noProv++;
      withoutProvenance++;
      findings.push({
        ruleId: 'audit-write-without-provenance', severity: 'warning', line, entrySeq: e.seq,
        message: `HealthKit write of ${hkType} (seq ${e.seq}) has no sensor provenance: no matching reading in the correlation window and no provenance token. An auditor cannot tell which device produced it; record readings through an instrumented Bluetooth library or pass the reading's token with withProvenance().`,
      });
    } else if (prov?.seq !== undefined) {
      const dev = [...devices.entries()].find(([id]) => id === String((readingsBySeq.get(prov.seq!)?.peripheral) ?? ''));
      if (dev) dev[1].linked++;
    }

    // Recompute from the logged values when they are numbers; fall back to the shim's own check when hashed.
    let mismatch: { expected: number; sensor?: string } | undefined;
    let decided = false;
    const reading = prov?.seq !== undefined ? readingsBySeq.get(prov.seq) : undefined;
    if (reading && value !== undefined && unit) {
      const field = (reading.fields as EntryField[] | undefined)?.find((f) => f.name === prov!.field);
      if (field && typeof field.value === 'number' && field.unit) {
        const expected = convertSensorToHealthKit(field.value, field.unit, unit);
        if (expected !== undefined) {
          decided = true;
          if (!withinTolerance(hkType, value, expected, unit)) {
            mismatch = { expected, sensor: `${String(reading.name ?? reading.characteristic)} ${field.name} ${fmt(field.value)} ${field.unit}` };
          }
        }
      }
    }
    if (!decided && check.match === false) mismatch = { expected: typeof e.expected === 'number' ? e.expected : NaN };
    if (mismatch) {
      t.mismatches++;
      const ratio = value !== undefined && Number.isFinite(mismatch.expected) && mismatch.expected !== 0 ? value / mismatch.expected : check.ratio;
      const hint = ratio !== undefined && Math.abs(Math.log10(Math.abs(ratio)) - 2) < 0.01
        ? ` The written value is 100x the measured one: HealthKit's percent unit is a 0-1 fraction; divide by 100 before saving.`
        : ratio !== undefined && Number.isFinite(ratio) ? ` The written value is ${fmt(Number(ratio.toPrecision(3)))}x the measured one; check the unit conversion.` : '';
      findings.push({
        ruleId: 'audit-value-mismatch', severity: 'error', line, entrySeq: e.seq,
        message: `HealthKit write of ${hkType} (seq ${e.seq}) is ${value !== undefined ? fmt(value) : '(hashed)'} ${unit ?? ''}`.trimEnd() +
          `, but its sensor reading (seq ${prov?.seq ?? '?'}${mismatch.sensor ? `, ${mismatch.sensor}` : ''}) converts to ${Number.isFinite(mismatch.expected) ? fmt(mismatch.expected) : 'a different value'} ${unitWords(unit)}.`.replace(' .', '.') + hint,
      });
    }

    let implausible = false;
    const info = HEALTH_TYPES[hkType];
    if (info && value !== undefined) {
      const v = toTypeUnit(hkType, value, unit);
      if (v !== undefined && (v < info.min || v > info.max)) implausible = true;
      else if (v === undefined && check.plausible === false) implausible = true;
    } else if (check.plausible === false) implausible = true;
    if (implausible && info) {
      t.implausible++;
      findings.push({
        ruleId: 'audit-value-implausible', severity: 'warning', line, entrySeq: e.seq,
        message: `HealthKit write of ${hkType} (seq ${e.seq}) is ${value !== undefined ? `${fmt(value)} ${unit ?? info.unit}` : 'a hashed value'}, outside the plausible range ${fmt(info.min)}-${fmt(info.max)} ${info.unit === '%' ? '(HealthKit\'s % is a 0-1 fraction)' : info.unit} for ${short(hkType)}: most likely a unit or decoding error or a faulty sensor, and it is now in the user's health record.`,
      });
    }
  });

  if (options.declared) {
    const declared = new Set(options.declared.write);
    for (const [hkType, t] of [...types.entries()].sort((a, b) => a[1].firstLine - b[1].firstLine)) {
      if (declared.has(hkType)) continue;
      findings.push({
        ruleId: 'audit-type-undeclared', severity: 'error', line: t.firstLine, entrySeq: t.firstSeq,
        message: `The app wrote ${hkType} (${t.writes} write${t.writes === 1 ? '' : 's'}, first at seq ${t.firstSeq}) but ${options.declared.source} never declares it for writing: the authorization request and the app's configuration must name every type it shares to HealthKit.`,
      });
    }
  }

  const typeSummaries: AuditTypeSummary[] = [...types.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([hkType, t]) => {
    const info = HEALTH_TYPES[hkType];
    let unit: string | undefined;
    let values: number[] = [];
    const converted = info ? t.values.map((x) => toTypeUnit(hkType, x.v, x.unit)) : [];
    if (info && converted.every((v) => v !== undefined)) {
      unit = info.unit;
      values = converted as number[];
    } else if (t.units.size <= 1) {
      unit = [...t.units][0];
      values = t.values.map((x) => x.v);
    }
    const s: AuditTypeSummary = {
      hkType, writes: t.writes, failed: t.failed, hashedValues: t.hashed, withoutProvenance: t.noProv, mismatches: t.mismatches,
      implausible: t.implausible, first: iso(t.times[0]!.ts), last: iso(t.times[t.times.length - 1]!.ts), gaps: gapsOf(t.times, gapMs),
    };
    if (unit) s.unit = unit;
    if (values.length) {
      s.min = Number(Math.min(...values).toPrecision(6));
      s.max = Number(Math.max(...values).toPrecision(6));
    }
    return s;
  });

  const report: AuditReport = {
    schemaVersion: 1,
    ...(options.file !== undefined ? { file: options.file } : {}),
    chain: {
      status: verified.status, entries: verified.entries.length, lines: verified.lines, hmac: verified.hmac,
      sessions: verified.sessions, closed: verified.closed, ...(verified.intactThrough ? { intactThrough: verified.intactThrough } : {}),
    },
    ...(firstTs !== undefined && lastTs !== undefined ? { span: { first: iso(firstTs), last: iso(lastTs) } } : {}),
    totals: { readings, writes, failedWrites, withoutProvenance },
    devices: [...devices.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([peripheral, d]) => ({
      peripheral, characteristics: [...d.chars].sort(), readings: d.readings, decodeErrors: d.decodeErrors, linkedWrites: d.linked,
      fields: [...d.fields.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, r]) => ({ name: k.split('\u0000')[0]!, ...(r.unit ? { unit: r.unit } : {}), min: r.min, max: r.max, count: r.count })),
      first: iso(d.times[0]!.ts), last: iso(d.times[d.times.length - 1]!.ts), gaps: gapsOf(d.times, gapMs),
    })),
    types: typeSummaries,
    days: [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([dayKey, d]) => ({
      day: dayKey, readings: d.readings, writes: d.writes, failed: d.failed,
      types: [...d.types.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([hkType, n]) => {
        const r = d.ranges.get(hkType);
        return { hkType, writes: n, ...(r ? { ...(r.unit ? { unit: r.unit } : {}), min: Number(r.min.toPrecision(6)), max: Number(r.max.toPrecision(6)) } : {}) };
      }),
    })),
    ...(options.declared ? { declared: { source: options.declared.source, write: [...options.declared.write].sort() } } : {}),
    findings: [],
  };
  report.findings = toAuditFindings({ ...report, findings });
  return report;
}

/** HealthKit's "%" unit is a 0-1 fraction: "0.98 %" would read as under one percent. */
function unitWords(unit: string | undefined): string {
  if (unit === undefined) return '';
  return unit === '%' ? '(a 0-1 fraction in HealthKit\'s % unit)' : unit;
}
