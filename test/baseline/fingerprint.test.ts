import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assignFingerprints, normalizeCode } from '../../src/findings/fingerprint.js';
import type { FlowStep, RawFinding, SourceLocation } from '../../src/findings/types.js';
import type { FileReader } from '../../src/workspace/types.js';

const DIR = path.resolve('fixtures/suppressions/fingerprint');
const text = (name: string) => fs.readFileSync(path.join(DIR, name), 'utf8');

/** The span of the nth occurrence of `needle` in `src` (a regex, so a test can span reformatted code). */
function locate(file: string, src: string, needle: RegExp, nth = 0): SourceLocation {
  const re = new RegExp(needle.source, 'g');
  let m: RegExpExecArray | null = null;
  for (let i = 0; i <= nth; i++) m = re.exec(src);
  if (!m) throw new Error(`${needle} not found in ${file}`);
  const pos = (offset: number) => {
    const before = src.slice(0, offset).split('\n');
    return { line: before.length, column: before[before.length - 1]!.length + 1 };
  };
  const a = pos(m.index);
  const b = pos(m.index + m[0].length);
  return { file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
}

const step = (l: SourceLocation, note: string): FlowStep => ({ file: l.file, line: l.line, column: l.column, endLine: l.endLine, endColumn: l.endColumn, note });

/** The findings a front end would report on this version of the file, located by their code. */
function tsFindings(name: string, sourceCall: RegExp, logEvent: RegExp): { raw: RawFinding[]; read: FileReader } {
  const src = text(name);
  const file = 'src/health/report.ts';
  const source = locate(file, src, sourceCall);
  const sink = locate(file, src, logEvent);
  const logs = [0, 1].map((n) => locate(file, src, /console\.log\(\s*["']bpm["'],\s*bpm\s*\)/, n));
  const raw: RawFinding[] = [
    { ruleId: 'health-data-to-analytics', message: 'm', location: sink, flow: [step(source, 'read'), step(sink, 'sink')], fingerprintHint: 'firebase logEvent|react-native-health getHeartRateSamples' },
    ...logs.map((l): RawFinding => ({ ruleId: 'health-data-to-log', message: 'm', location: l, flow: [step(source, 'read'), step(l, 'sink')], fingerprintHint: 'console.log|react-native-health getHeartRateSamples' })),
    { ruleId: 'healthkit-permission-undeclared', message: 'm', location: source, fingerprintHint: 'HKQuantityTypeIdentifierHeartRate' },
  ];
  return { raw, read: { readText: (f) => (f === file ? src : undefined), readBytes: () => undefined } };
}

const SOURCE_CALL = /read(HeartRate|BloodGlucose)\(\{[\s\S]*?\}\)/;
const LOG_EVENT = /analytics\(\)\.logEvent\([\s\S]*?\}[\s,]*\)/;

function prints(name: string): string[] {
  const { raw, read } = tsFindings(name, SOURCE_CALL, LOG_EVENT);
  return assignFingerprints(raw, read);
}

describe('fingerprints on real before/after pairs', () => {
  const before = prints('before.ts');

  it('are distinct for distinct findings, including two identical log calls', () => {
    expect(new Set(before).size).toBe(before.length);
  });

  it('survive line shifts and unrelated edits (new imports, a new function, a comment between lines)', () => {
    expect(prints('after-shift.ts')).toEqual(before);
  });

  it('survive reformatting (Prettier: double quotes, wrapped arguments, trailing commas) and renamed intermediates', () => {
    expect(prints('after-reformat.ts')).toEqual(before);
  });

  it('change when the flow changes: another source, other data sent to the sink', () => {
    const after = prints('after-flow-change.ts');
    expect(after[0]).not.toBe(before[0]); // analytics: new source and a new payload
    expect(after[1]).not.toBe(before[1]); // logs: same line, new source
    expect(after[2]).not.toBe(before[2]);
    expect(after[3]).not.toBe(before[3]); // the permission finding sits on the source call, which changed
  });

  it('change when the same code moves to another file or another rule fires', () => {
    const { raw, read } = tsFindings('before.ts', SOURCE_CALL, LOG_EVENT);
    const moved = raw.map((f) => ({ ...f, location: { ...f.location, file: 'src/other.ts' } }));
    const movedRead: FileReader = { readText: (f) => read.readText(f === 'src/other.ts' ? 'src/health/report.ts' : f), readBytes: () => undefined };
    expect(assignFingerprints(moved, movedRead)[0]).not.toBe(before[0]);
    const otherRule = raw.map((f) => ({ ...f, ruleId: 'health-data-to-diagnostics' }));
    expect(assignFingerprints(otherRule, read)[0]).not.toBe(before[0]);
  });

  it('survive reformatting and line shifts in Swift (swift-format wrapping, a new property and import)', () => {
    const swift = (name: string) => {
      const src = text(name);
      const file = 'ios/App/HeartReporter.swift';
      const source = locate(file, src, /sample\.quantity\.doubleValue\([\s\S]*?\)\s*\)/);
      const sink = locate(file, src, /Analytics\.logEvent\([\s\S]*?\]\s*\)/);
      const raw: RawFinding[] = [{ ruleId: 'health-data-to-analytics', message: 'm', location: sink, flow: [step(source, 'read'), step(sink, 'sink')], fingerprintHint: 'Analytics.logEvent|HKQuantitySample' }];
      return assignFingerprints(raw, { readText: () => src, readBytes: () => undefined });
    };
    expect(swift('after.swift')).toEqual(swift('before.swift'));
  });
});

describe('normalizeCode', () => {
  it('drops whitespace, quote style, semicolons and trailing commas only', () => {
    expect(normalizeCode('f("a", {\n  b,\n});')).toBe(normalizeCode("f('a', { b })"));
    expect(normalizeCode('f(a, b)')).not.toBe(normalizeCode('f(a)'));
  });
});
