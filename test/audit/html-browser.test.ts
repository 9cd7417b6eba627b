/**
 * The audit report's HTML in a real browser (Debian's chromium via playwright-core, as test/report does): it
 * loads from disk with no console error and no request but itself, Chromium builds the DOM we wrote (its
 * parser silently moves misplaced table content, which would show as a different cell count), and escaped
 * names render as the literal text.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { browserSession } from '../harness/browser.js';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { renderReportHtml } from '../../src/audit/render.js';
import { buildAuditReport } from '../../src/audit/report.js';
import { verifyAuditLog } from '../../src/audit/verify.js';
import { scenarioLog } from './helpers/scenario.js';

const FILE_NAME = 'logs/<b>audit</b>&"x".jsonl';

describe('audit report HTML in headless chromium', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hkguard-audit-html-'));
  const reportFile = path.join(dir, 'audit.html');
  const reportUrl = pathToFileURL(reportFile).href;
  const browser = browserSession();
  const browserIt = browser.it;
  let page: Page;
  let html = '';
  let findings = 0;
  let consoleErrors: string[] = [];
  let requests: string[] = [];

  beforeAll(async () => {
    const report = buildAuditReport(verifyAuditLog(await scenarioLog()), { file: FILE_NAME, declared: { read: [], write: ['HKQuantityTypeIdentifierHeartRate'], source: 'App.tsx' } });
    findings = report.findings.length;
    html = renderReportHtml(report);
    fs.writeFileSync(reportFile, html);
    const opened = await browser.open(reportFile);
    if (opened) ({ page, consoleErrors, requests } = opened);
  });

  afterAll(async () => {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  browserIt('loads from file:// with no console error and no request but the file itself', async () => {
    expect(consoleErrors).toEqual([]);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((u) => u === reportUrl)).toBe(true);
    expect(await page.title()).toBe(`HealthKit write audit - ${FILE_NAME}`);
  });

  browserIt('builds the DOM that was written: every row and cell in its table', async () => {
    const tables = await page.$$eval('section.hkg-audit table', (els) => els.map((t) => ({
      cls: t.getAttribute('class'),
      headers: t.querySelectorAll('thead th').length,
      rows: [...t.querySelectorAll('tbody tr')].map((r) => r.querySelectorAll('td').length),
    })));
    expect(tables.map((t) => t.cls)).toEqual(['findings', 'devices', 'types', 'days']);
    for (const t of tables) for (const cells of t.rows) expect(cells).toBe(t.headers);
    expect(await page.$$eval('tr[data-rule]', (rows) => rows.length)).toBe(findings);
    expect(await page.$$eval('td', (cells) => cells.length)).toBe((html.match(/<td[ >]/g) ?? []).length);
  });

  browserIt('renders names as literal text, never as markup', async () => {
    expect(await page.$$eval('b', (els) => els.length)).toBe(0);
    expect(await page.$eval('h1 code', (el) => el.textContent)).toBe(FILE_NAME);
    expect(await page.$eval('section.hkg-audit', (el) => el.getAttribute('data-status'))).toBe('intact');
  });
});
