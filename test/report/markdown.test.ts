import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/types.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { buildFixtureResult } from './fixture-result.js';

describe('renderMarkdown', () => {
  const result = buildFixtureResult();
  const md = renderMarkdown(result);

  it('opens with the verdict and a summary table by severity and status', () => {
    const openErrors = result.findings.filter((f) => f.status === 'open' && f.severity === 'error').length;
    expect(md.split('\n')[0]).toBe(`## hkguard: ❌ **${openErrors} open errors**`);
    expect(md).toContain('| Severity | Open | Consented | Sanitized | Baselined | Suppressed |');
    const errRow = md.split('\n').find((l) => l.startsWith('| 🔴 Error |'))!;
    const n = (st: string) => result.findings.filter((f) => f.severity === 'error' && f.status === st).length;
    expect(errRow).toBe(`| 🔴 Error | ${n('open')} | ${n('consented')} | ${n('sanitized')} | ${n('baselined')} | ${n('suppressed')} |`);
  });

  it('has one collapsible block per finding, open findings first, with the numbered flow path', () => {
    const blocks = md.split('<details>').slice(1);
    expect(blocks).toHaveLength(result.findings.length);
    const summaries = blocks.map((b) => /<summary>(.*)<\/summary>/.exec(b)![1]!);
    const statuses = summaries.map((s) => (/<\/b> \((behind a consent gate|sanitized|baselined|suppressed)\)/.test(s) ? 'guarded' : 'open'));
    expect(statuses.filter((s) => s === 'guarded')).toHaveLength(result.findings.filter((f) => f.status !== 'open').length);
    expect(statuses.indexOf('guarded')).toBe(statuses.filter((s) => s === 'open').length);
    const ai = result.findings.find((f) => f.ruleId === 'health-data-to-ai-service')!;
    const block = blocks.find((b) => b.includes('<b>health-data-to-ai-service</b>'))!;
    ai.flow!.forEach((s, i) => expect(block).toContain(`${i + 1}. \`${s.file}:${s.line}:${s.column}\``));
    expect(block).toContain('[5.1.2(i)](https://developer.apple.com/app-store/review/guidelines/#data-use-and-sharing)');
    for (const b of blocks) expect(b.trimEnd().endsWith('</details>') || b.includes('</details>')).toBe(true);
  });

  it('shows the reason of accepted findings and lists where health data goes', () => {
    expect(md).toContain('**Baselined:** Accepted 2026-10-01: migration to encrypted MMKV tracked in PT-412');
    expect(md).toContain('| Health data | Destination | Findings | Worst status |');
    expect(md).toContain('| Heart rate | Google (analytics SDK) | 1 | Open |');
  });

  it('escapes HTML and table-breaking characters from messages', () => {
    const r = buildFixtureResult();
    r.findings[0] = { ...r.findings[0]!, message: 'x <img src=x onerror=alert(1)> | y @octocat', ruleId: 'health-data-to-log' };
    const out = renderMarkdown(r);
    expect(out).toContain('x &lt;img src=x onerror=alert(1)&gt; | y @\u200boctocat');
    expect(out).not.toContain('<img');
  });

  it('stays under the limit and says how many findings it left out', () => {
    const big = buildFixtureResult();
    const base = big.findings.find((f) => f.flow)!;
    big.findings = Array.from({ length: 600 }, (_, i): Finding => ({ ...base, fingerprint: `fp-${i}`, location: { ...base.location, line: i + 1 } }));
    const out = renderMarkdown(big);
    expect(out.length).toBeLessThanOrEqual(65_000);
    const shown = out.split('<details>').length - 1;
    expect(shown).toBeGreaterThan(10);
    expect(shown).toBeLessThan(600);
    expect(out).toContain(`> ${600 - shown} more findings not shown: this comment would exceed 65,000 characters.`);
    expect(out.trimEnd().endsWith('</sub>')).toBe(true);

    const small = renderMarkdown(big, { maxLength: 5000 });
    expect(small.length).toBeLessThanOrEqual(5000);
    expect(small).toMatch(/> \d+ more findings not shown/);
    const tiny = renderMarkdown(big, { maxLength: 300 });
    expect(tiny.length).toBeLessThanOrEqual(300);
    expect(tiny).toContain('findings not shown');
  });

  it('is deterministic and says so when there is nothing to report', () => {
    expect(renderMarkdown(result)).toBe(md);
    const clean = buildFixtureResult();
    clean.findings = [];
    const out = renderMarkdown(clean);
    expect(out).toContain('✅ **No open errors or warnings**');
    expect(out).not.toContain('<details>');
  });
});
