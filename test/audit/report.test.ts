import { describe, expect, it } from 'vitest';
import { renderAuditReport, renderReportHtml, renderReportHtmlFragment, renderReportJson, renderReportMarkdown, renderReportStylish } from '../../src/audit/render.js';
import { buildAuditReport, toAuditFindings } from '../../src/audit/report.js';
import { verifyAuditLog } from '../../src/audit/verify.js';
import { scenarioLog } from './helpers/scenario.js';

const declared = {
  read: ['HKQuantityTypeIdentifierHeartRate'],
  write: ['HKQuantityTypeIdentifierHeartRate', 'HKQuantityTypeIdentifierOxygenSaturation', 'HKQuantityTypeIdentifierBodyMass', 'HKQuantityTypeIdentifierBodyTemperature'],
  source: 'App.tsx requestAuthorization',
};

describe('buildAuditReport', () => {
  it('finds the mismatch, the implausible value, the write without provenance and the undeclared type', async () => {
    const v = verifyAuditLog(await scenarioLog());
    expect(v.status).toBe('intact');
    const report = buildAuditReport(v, { file: 'audit.jsonl', declared });
    const lineOf = (seq: number) => v.entryLines[v.entries.findIndex((e) => e.seq === seq)];
    const spo2Write = v.entries.find((e) => e.kind === 'write' && e.hkType === 'HKQuantityTypeIdentifierOxygenSaturation')!;
    const glucose = v.entries.find((e) => e.kind === 'write' && e.hkType === 'HKQuantityTypeIdentifierBloodGlucose')!;
    expect(report.findings.map((f) => [f.ruleId, f.severity, f.entrySeq, f.line])).toEqual([
      ['audit-value-implausible', 'warning', spo2Write.seq, lineOf(spo2Write.seq)],
      ['audit-value-mismatch', 'error', spo2Write.seq, lineOf(spo2Write.seq)],
      ['audit-type-undeclared', 'error', glucose.seq, lineOf(glucose.seq)],
      ['audit-write-without-provenance', 'warning', glucose.seq, lineOf(glucose.seq)],
    ]);
    const mismatch = report.findings.find((f) => f.ruleId === 'audit-value-mismatch')!;
    expect(mismatch.message).toMatch(/is 98 %, but its sensor reading \(seq \d+, PLX Continuous Measurement spo2 98 %\) converts to 0\.98 \(a 0-1 fraction in HealthKit.s % unit\)\. The written value is 100x the measured one/);
    expect(toAuditFindings(report)).toEqual(report.findings);
  });

  it('summarizes per device, per type and per day, with ranges and gaps', async () => {
    const report = buildAuditReport(verifyAuditLog(await scenarioLog()), { declared });
    expect(report.totals).toEqual({ readings: 7, writes: 10, failedWrites: 1, withoutProvenance: 1 });
    expect(report.devices).toHaveLength(2);
    const strap = report.devices.find((d) => d.readings === 6)!;
    expect(strap).toMatchObject({ characteristics: ['Heart Rate Measurement (2a37)'], linkedWrites: 6, gaps: [{ minutes: 61 }] });
    expect(strap.fields).toEqual([{ name: 'heartRate', unit: 'count/min', min: 62, max: 88, count: 6 }]);
    expect(report.devices.find((d) => d.readings === 1)!.fields.map((f) => [f.name, f.min, f.unit])).toEqual([['pulseRate', 64, 'count/min'], ['spo2', 98, '%']]);
    expect(strap.peripheral).toMatch(/^[0-9a-f]{16}$/);
    const hr = report.types.find((t) => t.hkType === 'HKQuantityTypeIdentifierHeartRate')!;
    expect(hr).toMatchObject({ writes: 6, failed: 0, unit: 'count/min', min: 62, max: 88, withoutProvenance: 0, mismatches: 0, gaps: [{ minutes: 61 }] });
    expect(report.types.find((t) => t.hkType === 'HKQuantityTypeIdentifierBodyTemperature')).toMatchObject({ writes: 1, failed: 1 });
    expect(report.days.map((d) => [d.day, d.readings, d.writes, d.failed])).toEqual([['2026-11-20', 7, 7, 0], ['2026-11-21', 0, 3, 1]]);
    expect(report.days[0]!.types).toEqual([
      { hkType: 'HKQuantityTypeIdentifierHeartRate', writes: 6, unit: 'count/min', min: 62, max: 88 },
      { hkType: 'HKQuantityTypeIdentifierOxygenSaturation', writes: 1, unit: '%', min: 98, max: 98 },
    ]);
    expect(report.chain).toMatchObject({ status: 'intact', sessions: 1, closed: true, hmac: 'not-present' });
  });

  it('uses the shim\'s own checks when values are hashed', async () => {
    const report = buildAuditReport(verifyAuditLog(await scenarioLog({ redact: 'hash' })));
    expect(report.findings.map((f) => f.ruleId).sort()).toEqual(['audit-value-implausible', 'audit-value-mismatch', 'audit-write-without-provenance']);
    expect(report.types.find((t) => t.hkType === 'HKQuantityTypeIdentifierHeartRate')).toMatchObject({ hashedValues: 6 });
  });

  it('refuses a chain-only verify result, which has no entries to summarize', async () => {
    const chainOnly = verifyAuditLog(Buffer.from(await scenarioLog()), { entries: false });
    expect(() => buildAuditReport(chainOnly)).toThrow(/needs the parsed entries/);
  });

  it('includes the chain finding and summarizes only the verified prefix of a tampered log', async () => {
    const lines = (await scenarioLog()).split('\n');
    lines.splice(4, 1);
    const report = buildAuditReport(verifyAuditLog(lines.join('\n')));
    expect(report.findings[0]).toMatchObject({ ruleId: 'audit-chain-broken', line: 5, entrySeq: 4 });
    expect(report.chain.entries).toBe(4);
  });
});

describe('renderers', () => {
  it('json is the report object and is deterministic', async () => {
    const text = await scenarioLog();
    const a = buildAuditReport(verifyAuditLog(text), { file: 'a.jsonl', declared });
    expect(JSON.parse(renderReportJson(a))).toEqual(JSON.parse(JSON.stringify(a)));
    expect(renderAuditReport(a, 'json')).toBe(renderReportJson(buildAuditReport(verifyAuditLog(text), { file: 'a.jsonl', declared })));
  });

  it('stylish names file, line, severity, message and rule; colour only on request', async () => {
    const report = buildAuditReport(verifyAuditLog(await scenarioLog()), { file: 'a.jsonl', declared });
    const plain = renderReportStylish(report);
    expect(plain).not.toMatch(/\u001b\[/);
    expect(plain).toMatch(/^a\.jsonl\n/);
    expect(plain).toMatch(/\n\s+\d+:1  error  +HealthKit write of HKQuantityTypeIdentifierOxygenSaturation .* audit-value-mismatch\n/);
    expect(plain).toContain('\u2716 4 problems (2 errors, 2 warnings)');
    expect(renderReportStylish(report, { color: true })).toMatch(/\u001b\[31m/);
  });

  it('markdown has the findings, devices, types and days tables', async () => {
    const md = renderReportMarkdown(buildAuditReport(verifyAuditLog(await scenarioLog()), { declared }));
    for (const h of ['## Findings (2 errors, 2 warnings, 0 info)', '## Devices', '## HealthKit types', '## Days (UTC)']) expect(md).toContain(h);
    expect(md).toContain('| `HKQuantityTypeIdentifierHeartRate` | 6 | 0 | 62-88 count/min | 0 | 0 | 0 |');
    expect(md).toContain('| heartRate 62-88 count/min | 6 |');
    expect(md).toContain('| 2026-11-20 | 7 | 7 | 0 | HeartRate 6 (62-88 count/min), OxygenSaturation 1 (98-98 %) |');
  });

  it('html is self-contained, escapes everything and has balanced markup', async () => {
    const report = buildAuditReport(verifyAuditLog(await scenarioLog()), { file: '<img src=x onerror=alert(1)>.jsonl', declared });
    const html = renderReportHtml(report);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    // No tag may load anything: no scripts, links, images, frames, and no src / href attributes or CSS imports.
    const tags = html.match(/<[^>]+>/g)!;
    expect(tags.filter((t) => /^<(script|link|img|iframe|object|embed)\b|\s(src|href)=/i.test(t))).toEqual([]);
    expect(html).not.toMatch(/url\(|@import/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;.jsonl');
    const stack: string[] = [];
    for (const m of html.replace(/<style>[\s\S]*?<\/style>/g, '').matchAll(/<(\/?)([a-z][a-z0-9]*)[^>]*>/g)) {
      const [, close, tag] = m;
      if (['meta', '!doctype', 'br'].includes(tag!)) continue;
      if (close) expect(stack.pop(), `closing ${tag}`).toBe(tag);
      else stack.push(tag!);
    }
    expect(stack).toEqual([]);
    expect(renderReportHtmlFragment(report)).toMatch(/^<section class="hkg-audit" data-status="intact">/);
    expect(html.match(/<tr data-rule=/g)).toHaveLength(4);
  });
});
