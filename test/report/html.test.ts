import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html/index.js';
import { AUDIT_SUMMARY, FIXED_DATE, buildFixtureResult, fixtureReadSource, loc } from './fixture-result.js';

function between(html: string, id: string): string {
  const start = html.indexOf(`<section class="card" id="${id}"`);
  expect(start, `section #${id}`).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</section>', start)).replace(/<wbr>/g, '');
}

describe('renderHtml (structure)', () => {
  const result = buildFixtureResult();
  const html = renderHtml(result, { generatedAt: FIXED_DATE, readSource: fixtureReadSource, auditSummary: AUDIT_SUMMARY });

  it('is one self-contained document: no external stylesheet, script, image or font', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<(script|img|iframe|source|video|audio)\b[^>]*\ssrc=/i);
    expect(html).not.toMatch(/@import|url\(\s*['"]?(https?:)?\/\//i);
    // The only absolute URLs are links the reader may follow (guidelines); none is loaded.
    for (const m of html.matchAll(/(?:src|href|action)="([^"#][^"]*)"/g)) expect(m[0]).toMatch(/^href="https:\/\/developer\.apple\.com\//);
  });

  it('forbids every fetch with a CSP that allows exactly its own inline script', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(csp).toContain("default-src 'none'");
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(csp).toContain(`'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it('is deterministic for a fixed generatedAt', () => {
    expect(renderHtml(result, { generatedAt: FIXED_DATE, readSource: fixtureReadSource, auditSummary: AUDIT_SUMMARY })).toBe(html);
    expect(html).toContain(`<time datetime="${FIXED_DATE}">`);
  });

  it('has the sections in order, with landmarks and a heading per section', () => {
    const ids = [...html.matchAll(/<section class="card" id="([^"]+)" aria-labelledby="\1-h">\n<h2 id="\1-h">/g)].map((m) => m[1]);
    expect(ids).toEqual(['summary', 'apps', 'map', 'inventory', 'findings', 'configuration', 'sdks', 'risks', 'audit', 'diagnostics']);
    expect(html).toMatch(/<header class="report-header">[\s\S]*<h1>/);
    expect(html).toMatch(/<nav class="toc" aria-label="Report sections">/);
    expect(html).toMatch(/<main id="main">/);
    expect(html.match(/<h1>/g)).toHaveLength(1);
  });

  it('gives the verdict and counts of open findings by severity', () => {
    const summary = between(html, 'summary');
    const openErrors = result.findings.filter((f) => f.status === 'open' && f.severity === 'error').length;
    expect(summary).toContain(`Not ready for submission: ${openErrors} open errors`);
    expect(summary).toMatch(new RegExp(`<dt>Open errors</dt><dd>${openErrors}<`));
    const passing = buildFixtureResult();
    passing.findings = passing.findings.filter((f) => f.status !== 'open');
    expect(renderHtml(passing, { generatedAt: FIXED_DATE })).toContain('No open errors or warnings');
  });

  it('lists the apps with shape, version, hkguard version, date and configuration', () => {
    const apps = between(html, 'apps');
    expect(apps).toContain('React Native');
    expect(apps).toContain('Native iOS (Swift)');
    expect(apps).toContain('3.4.1');
    expect(apps).toContain('/repo/pulse/.hkguard.yaml');
    expect(apps).toContain('<code>hasResearchConsent</code>');
    expect(apps).toContain('<dt>hkguard version</dt><dd>0.1.0</dd>');
  });

  it('renders one article per finding, grouped by rule, with guideline clause, excerpt and numbered flow', () => {
    const findings = between(html, 'findings');
    expect(findings.match(/<article class="finding"/g)).toHaveLength(result.findings.length);
    for (const f of result.findings) {
      expect(findings).toContain(`data-rule="${f.ruleId}" data-severity="${f.severity}" data-status="${f.status}" data-fingerprint="${f.fingerprint}"`);
    }
    const group = findings.slice(findings.indexOf('id="rule-health-data-to-ai-service"'));
    expect(group).toMatch(/App Store Review Guideline 5\.1\.2\(i\)<\/a>/);
    const ai = result.findings.find((f) => f.ruleId === 'health-data-to-ai-service')!;
    const article = group.slice(0, group.indexOf('</article>'));
    expect(article.match(/<li>/g)).toHaveLength(ai.flow!.length);
    expect(article).toContain(`<span class="l hl"><span class="ln">${ai.location.line}</span>`);
    // Groups are ordered by their worst severity: errors first.
    const order = [...findings.matchAll(/<div class="rule-group" id="rule-[^"]+" data-rule="([^"]+)"/g)].map((m) => m[1]!);
    const sev = order.map((id) => result.rules.get(id)!.severity);
    expect(sev.indexOf('info')).toBeGreaterThan(sev.lastIndexOf('error'));
  });

  it('escapes scanned code and every message', () => {
    const log = loc('apps/pulse/src/health/heart.ts', 'console.log');
    expect(html).toContain(`<span class="ln">${log.line}</span>    console.log(&#39;&lt;hr&gt;&#39;, bpm, &quot;&amp;&quot;);`);
    expect(html).not.toContain("'<hr>'");
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)');
  });

  it('keeps the filter form hidden until the script shows it, so the page reads without JavaScript', () => {
    expect(html).toMatch(/<form id="filters" class="filters" hidden/);
    expect(html).toMatch(/<label for="filter-severity">/);
    expect(html).not.toMatch(/<article class="finding"[^>]*hidden/);
  });

  it('builds the data inventory from the code usage', () => {
    const inv = between(html, 'inventory');
    expect(inv).toContain('HKQuantityTypeIdentifierBodyMass');
    expect(inv).toMatch(/Body mass[\s\S]*?Requested, not used/);
    expect(inv).toMatch(/Heart rate[\s\S]*?Written/);
  });

  it('sets configuration against what the code does, including the privacy manifest', () => {
    const cfg = between(html, 'configuration');
    expect(cfg).toMatch(/NSHealthUpdateUsageDescription[\s\S]*?See <a href="#rule-usage-description-placeholder">/);
    expect(cfg).toContain('Declared without Bluetooth use (Guideline 2.5.4)');
    expect(cfg).toMatch(/NSPrivacyCollectedDataTypeHealth<\/code><\/td><td><span class="muted">not declared<\/span>/);
    expect(cfg).toContain('No privacy manifest</span>; it belongs at <code class="path">native/Glucose/Glucose/PrivacyInfo.xcprivacy</code>');
    expect(cfg).toContain('not used to track the user');
  });

  it('lists SDKs and whether health data reaches them', () => {
    const sdks = between(html, 'sdks');
    expect(sdks.match(/<tr>/g)!.length - 1).toBe(result.apps.reduce((n, a) => n + a.facts.sdks.length, 0));
    expect(sdks).toMatch(/Meta<\/strong><br>Facebook SDK \(App Events\)[\s\S]*?Yes: 1 finding \(1 open\)/);
  });

  it('lists accepted risks with their reasons', () => {
    const risks = between(html, 'risks');
    for (const f of result.findings.filter((x) => x.status === 'suppressed' || x.status === 'baselined')) {
      expect(risks).toContain(f.suppression!.reason.replace(/'/g, '&#39;'));
    }
    expect(risks).toContain('<code>hasResearchConsent</code>');
    expect(risks).toContain('<code>toHeartRateZone</code>');
  });

  it('renders a loosely typed audit summary generically, and omits the section without one', () => {
    const audit = between(html, 'audit');
    expect(audit).toContain('<dt>Log entries</dt><dd>1284</dd>');
    expect(audit).toContain('Polar H10');
    expect(audit).toContain('<code>audit-type-undeclared</code>');
    expect(audit).toContain('2026-11-20');
    expect(renderHtml(result, { generatedAt: FIXED_DATE })).not.toContain('id="audit"');
    const odd = between(renderHtml(result, { generatedAt: FIXED_DATE, auditSummary: { entries: 0, surprise: { deepValue: [1, 2] }, note: 'x<y' } }), 'audit');
    expect(odd).toContain('<caption>Surprise</caption>');
    expect(odd).toContain('<td>Deep value</td><td>1<br>2</td>');
    expect(odd).toContain('<td>Note</td><td>x&lt;y</td>');
  });

  it('renders the shape `hkguard audit report` produces (chain, totals, nested lists)', () => {
    const report = {
      schemaVersion: 1, file: 'logs/audit.jsonl',
      chain: { status: 'intact', entries: 42, lines: 42, hmac: 'verified', sessions: 2, closed: true },
      span: { first: '2026-11-19T08:00:00.000Z', last: '2026-11-20T21:00:00.000Z' },
      totals: { readings: 40, writes: 38, failedWrites: 2, withoutProvenance: 1 },
      devices: [{ peripheral: 'sha256:ab12', characteristics: ['2A37'], readings: 40, decodeErrors: 0, linkedWrites: 37, first: '2026-11-19T08:00:00.000Z', last: '2026-11-20T21:00:00.000Z', gaps: [] }],
      types: [{ hkType: 'HKQuantityTypeIdentifierHeartRate', writes: 38, failed: 2, unit: 'count/min', min: 48, max: 171, hashedValues: 0, withoutProvenance: 1, mismatches: 0, implausible: 0, first: 'a', last: 'b', gaps: [{ from: 'x', to: 'y', minutes: 95, afterSeq: 3, beforeSeq: 4 }] }],
      days: [{ day: '2026-11-19', readings: 20, writes: 19, failed: 1, types: [{ hkType: 'HKQuantityTypeIdentifierHeartRate', writes: 19 }] }],
      findings: [{ ruleId: 'audit-write-without-provenance', severity: 'warning', message: 'A heart-rate write has no Bluetooth reading before it.', line: 17, entrySeq: 16 }],
    };
    const audit = between(renderHtml(result, { generatedAt: FIXED_DATE, auditSummary: report }), 'audit');
    expect(audit).toContain('<dt>Log entries</dt><dd>42</dd>');
    expect(audit).toContain('<caption>Chain</caption>');
    expect(audit).toContain('<td>Failed writes</td><td>2</td>');
    expect(audit).toMatch(/<th scope="col">Log line<\/th>[\s\S]*<td>17<\/td>/);
    expect(audit).toContain('<th scope="col">Health type</th>');
    expect(audit).toContain('minutes 95');
    expect(audit).toContain('<td>File</td><td>logs/audit.jsonl</td>');
  });

  it('reads each source file once however many findings it holds', () => {
    const calls: string[] = [];
    renderHtml(result, { generatedAt: FIXED_DATE, readSource: (f) => { calls.push(f); return fixtureReadSource(f); } });
    expect(calls.length).toBe(new Set(calls).size);
    expect(calls.length).toBe(new Set(result.findings.map((f) => f.location.file)).size);
  });

  it('survives a readSource that throws or returns nothing, and an empty scan', () => {
    const noSource = renderHtml(result, { generatedAt: FIXED_DATE, readSource: () => { throw new Error('EACCES'); } });
    expect(noSource).not.toContain('<pre class="code"');
    const empty = buildFixtureResult();
    empty.findings = [];
    empty.apps = [];
    empty.diagnostics = [];
    const out = renderHtml(empty, { generatedAt: FIXED_DATE });
    expect(out).toContain('No findings.');
    expect(out).toContain('No flow of health data to any destination was found.');
  });
});
