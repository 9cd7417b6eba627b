import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../src/audit/render.js';
import { buildAuditReport } from '../../src/audit/report.js';
import { verifyAuditLog } from '../../src/audit/verify.js';
import { scenarioLog } from './helpers/scenario.js';

// STYLE.md: rendered HTML is checked in a real headless browser. Chromium's parser fixes up broken markup
// silently (moving stray content out of tables, closing tags), so the DOM it builds is compared with ours.
const browser = process.env.CHROME_PATH ?? 'chromium';
const dir = mkdtempSync(join(tmpdir(), 'hkguard-audit-html-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('audit report HTML in headless Chromium', () => {
  it('parses to the DOM we wrote: every table row and cell where we put it, names escaped', async () => {
    const report = buildAuditReport(verifyAuditLog(await scenarioLog()), {
      file: 'logs/<b>audit</b>&.jsonl',
      declared: { read: [], write: ['HKQuantityTypeIdentifierHeartRate'], source: 'App.tsx' },
    });
    const html = renderReportHtml(report);
    const file = join(dir, 'report.html');
    writeFileSync(file, html);
    const dom = execFileSync(browser, ['--headless', '--no-sandbox', '--disable-gpu', '--dump-dom', pathToFileURL(file).href], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] });
    const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;
    expect(count(dom, /<tr data-rule="/g)).toBe(report.findings.length);
    expect(count(dom, /<td[ >]/g)).toBe(count(html, /<td[ >]/g));
    expect(count(dom, /<table /g)).toBe(4);
    expect(count(dom, /<b>/g)).toBe(0);
    expect(dom).toContain('logs/&lt;b&gt;audit&lt;/b&gt;&amp;.jsonl');
    expect(dom).toMatch(/<section class="hkg-audit" data-status="intact">/);
    // Every table's rows stay inside it: a row's cells count matches its header.
    for (const table of dom.match(/<table[\s\S]*?<\/table>/g)!) {
      const headers = count(table.match(/<thead>[\s\S]*?<\/thead>/)![0], /<th>/g);
      for (const row of table.match(/<tbody>[\s\S]*?<\/tbody>/)![0].match(/<tr[\s\S]*?<\/tr>/g) ?? []) expect(count(row, /<td[ >]/g)).toBe(headers);
    }
  });
});
