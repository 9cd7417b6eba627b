import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { escapeXml, renderJunit } from '../../src/report/junit.js';
import { defaultConfig } from '../../src/config/types.js';
import type { Finding } from '../../src/findings/types.js';
import type { ScanResult } from '../../src/scan/types.js';
import { fakeRegistry, finding } from '../suppressions/helpers.js';

function result(findings: Finding[]): ScanResult {
  return {
    tool: { name: 'hkguard', version: '0.1.0' }, root: '/app', startedAt: '2026-11-21T04:00:00.123Z', apps: [],
    findings, diagnostics: [], config: defaultConfig(),
    rules: fakeRegistry([['health-data-to-log', 'warning'], ['health-data-to-analytics', 'error'], ['privacy-policy-missing', 'warning', true, 'configuration']]),
    files: 3, durationMs: 1234,
  };
}

function parse(xml: string): Document {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, msg) => { if (level !== 'warning') errors.push(msg); } }).parseFromString(xml, 'text/xml');
  expect(errors).toEqual([]);
  return doc;
}

const attrs = (el: Element, ...names: string[]) => names.map((n) => el.getAttribute(n));

describe('renderJunit', () => {
  const nasty = 'Health data reaches "Segment" <track> & more \u0000\u0007 é 😀';
  const findings: Finding[] = [
    finding('health-data-to-analytics', 'src/a&b.tsx', 7, {
      severity: 'error', message: nasty, healthTypes: ['HKQuantityTypeIdentifierHeartRate'],
      flow: [{ file: 'src/a&b.tsx', line: 3, column: 1, note: 'HealthKit read: getHeartRateSamples' }, { file: 'src/a&b.tsx', line: 7, column: 5, note: 'argument of track()' }],
    }),
    finding('health-data-to-log', 'src/b.ts', 2, { severity: 'warning' }),
    finding('health-data-to-log', 'src/b.ts', 9, { severity: 'warning', status: 'suppressed', suppression: { kind: 'inline', reason: 'count only' } }),
    finding('health-data-to-log', 'src/c.ts', 1, { severity: 'info' }),
    finding('health-data-to-first-party-network', 'src/d.ts', 4, { severity: 'info' }),
  ];

  it('is well-formed XML with one suite per rule and correct totals', () => {
    const doc = parse(renderJunit(result(findings)));
    const root = doc.documentElement!;
    expect(root.nodeName).toBe('testsuites');
    expect(attrs(root, 'tests', 'failures', 'skipped', 'time')).toEqual(['6', '2', '1', '1.234']);
    const suites = Array.from(doc.getElementsByTagName('testsuite'));
    expect(suites.map((s) => [s.getAttribute('name'), s.getAttribute('tests'), s.getAttribute('failures'), s.getAttribute('skipped')])).toEqual([
      ['health-data-to-analytics', '1', '1', '0'],
      ['health-data-to-first-party-network', '1', '0', '0'],
      ['health-data-to-log', '3', '1', '1'],
      ['privacy-policy-missing', '1', '0', '0'],
    ]);
  });

  it('puts findings into testcases: failures for open errors and warnings, skipped with the reason, info passes', () => {
    const doc = parse(renderJunit(result(findings)));
    const cases = Array.from(doc.getElementsByTagName('testcase'));
    const view = cases.map((c) => [
      c.getAttribute('classname'), c.getAttribute('name'),
      c.getElementsByTagName('failure')[0]?.getAttribute('type') ?? null,
      c.getElementsByTagName('skipped')[0]?.getAttribute('message') ?? null,
    ]);
    expect(view).toEqual([
      ['health-data-to-analytics', 'src/a&b.tsx:7:5', 'error', null],
      ['health-data-to-first-party-network', 'src/d.ts:4:5', null, null],
      ['health-data-to-log', 'src/b.ts:2:5', 'warning', null],
      ['health-data-to-log', 'src/b.ts:9:5', null, 'suppressed (inline): count only'],
      ['health-data-to-log', 'src/c.ts:1:5', null, null],
      ['privacy-policy-missing', 'no findings', null, null],
    ]);
    const failure = cases[0]!.getElementsByTagName('failure')[0]!;
    expect(failure.getAttribute('message')).toBe('Health data reaches "Segment" <track> & more \uFFFD\uFFFD é 😀');
    expect(failure.textContent).toContain('2. src/a&b.tsx:7:5  argument of track()');
    expect(failure.textContent).toContain('HKQuantityTypeIdentifierHeartRate');
    expect(cases[0]!.getAttribute('file')).toBe('src/a&b.tsx');
  });

  it('is valid and shows every rule as passing when there are no findings', () => {
    const doc = parse(renderJunit(result([])));
    expect(attrs(doc.documentElement!, 'tests', 'failures')).toEqual(['3', '0']);
  });

  it('is deterministic', () => {
    expect(renderJunit(result(findings))).toBe(renderJunit(result(findings)));
  });

  it('escapes markup and drops characters XML cannot hold', () => {
    expect(escapeXml(`<a href="x">'&'</a>\u0001`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;\uFFFD');
  });
});
