/**
 * The HTML report in a real browser: Debian's chromium driven by playwright-core. The page must load from
 * disk with no console error and no request but itself, its map must match the JSON findings, the filters
 * must work from the keyboard, and the run leaves a screenshot in test-results/report.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSession } from '../harness/browser.js';
import { renderHtml } from '../../src/report/html/index.js';
import { renderJson } from '../../src/report/json.js';
import { AUDIT_SUMMARY, FIXED_DATE, buildFixtureResult, fixtureReadSource } from './fixture-result.js';

// Callbacks passed to page.evaluate run in the page; the project compiles without the DOM lib, so the few
// browser globals they touch are declared here, scoped to this module.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const window: any;
declare function getComputedStyle(el: any): any;

const OUT_DIR = path.resolve('test-results');

interface JsonFinding {
  ruleId: string;
  severity: string;
  status: string;
  healthTypes: string[];
  recipient?: { kind: string; vendor?: string; category?: string; host?: string };
  flow?: unknown[];
}

const URGENCY = ['open', 'consented', 'sanitized', 'baselined', 'suppressed'];

describe('HTML report in headless chromium', () => {
  const result = buildFixtureResult();
  const html = renderHtml(result, { generatedAt: FIXED_DATE, readSource: fixtureReadSource, auditSummary: AUDIT_SUMMARY });
  // The map is checked against what other tools read: the findings of `--format json`.
  const jsonFindings = (JSON.parse(renderJson(result)) as { findings: JsonFinding[] }).findings;
  const reportFile = path.join(OUT_DIR, 'report.html');
  const browser = browserSession();
  const browserIt = browser.it;
  let page: Page;
  let reportUrl = '';
  let consoleErrors: string[] = [];
  let requests: string[] = [];

  beforeAll(async () => {
    fs.mkdirSync(OUT_DIR, { recursive: true });
    fs.writeFileSync(reportFile, html);
    const opened = await browser.open(reportFile);
    if (opened) ({ page, url: reportUrl, consoleErrors, requests } = opened);
  });

  afterAll(() => browser.close());

  browserIt('loads from file:// with no console error and no request but the file itself', async () => {
    await page.waitForSelector('#filters:not([hidden])');
    expect(consoleErrors).toEqual([]);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((u) => u === reportUrl)).toBe(true);
    expect(await page.title()).toContain('Pulse');
  });

  browserIt('draws one edge per (health type, destination) with the counts and status of the JSON findings', async () => {
    const expected = new Map<string, { count: number; status: string }>();
    // Flow findings only: an inventory finding names an SDK as recipient but carries no flow.
    for (const f of jsonFindings) {
      if (!f.recipient || !f.flow?.length) continue;
      const r = f.recipient;
      const dest = `${r.kind}:${r.category ?? ''}:${r.vendor ?? r.host ?? ''}`;
      for (const t of f.healthTypes.length ? f.healthTypes : ['(unspecified)']) {
        const key = `${t} -> ${dest}`;
        const cur = expected.get(key) ?? { count: 0, status: 'suppressed' };
        cur.count++;
        if (URGENCY.indexOf(f.status) < URGENCY.indexOf(cur.status)) cur.status = f.status;
        expected.set(key, cur);
      }
    }
    const edges = await page.$$eval('svg.dataflow-map g.edge', (els) => els.map((e) => ({
      key: `${e.getAttribute('data-type')} -> ${e.getAttribute('data-destination')}`,
      count: Number(e.getAttribute('data-count')),
      status: e.getAttribute('data-status'),
      label: e.querySelector('text')?.textContent,
      visible: (e as any).getBBox().width > 0,
    })));
    const actual = new Map(edges.map((e) => [e.key, { count: e.count, status: e.status }]));
    expect(actual).toEqual(expected);
    for (const e of edges) {
      expect(e.label).toBe(String(e.count));
      expect(e.visible).toBe(true);
    }
    // Every status appears in the fixture, so every colour of the legend is exercised.
    expect(new Set(edges.map((e) => e.status))).toEqual(new Set(URGENCY));
    const svg = await page.$eval('svg.dataflow-map', (s) => ({
      title: s.querySelector('title')?.textContent, desc: s.querySelector('desc')?.textContent, labelledby: s.getAttribute('aria-labelledby'), role: s.getAttribute('role'),
    }));
    expect(svg.role).toBe('img');
    expect(svg.title).toMatch(/data-flow map/i);
    expect(svg.desc).toMatch(/Heart rate to Google/);
    expect(svg.labelledby?.split(' ')).toHaveLength(2);
  });

  async function tabTo(id: string): Promise<void> {
    for (let i = 0; i < 300; i++) {
      if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`#${id} is not reachable with Tab`);
  }

  const visibleFindings = () => page.$$eval('article.finding', (els) => els.filter((e) => (e as any).offsetParent !== null).map((e) => ({
    rule: e.getAttribute('data-rule'), severity: e.getAttribute('data-severity'), status: e.getAttribute('data-status'),
  })));

  browserIt('filters findings by severity, rule and status from the keyboard', async () => {
    expect(await visibleFindings()).toHaveLength(jsonFindings.length);
    await page.evaluate(() => (document.activeElement as any)?.blur());
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip');

    await tabTo('filter-severity');
    await page.keyboard.press('ArrowDown'); // "Error"
    expect(await page.inputValue('#filter-severity')).toBe('error');
    let shown = await visibleFindings();
    expect(shown.length).toBe(jsonFindings.filter((f) => f.severity === 'error').length);
    expect(shown.every((f) => f.severity === 'error')).toBe(true);
    expect(await page.textContent('#filter-count')).toBe(`Showing ${shown.length} of ${jsonFindings.length} findings`);
    // Edges without an error finding are dimmed; those with one stay.
    const dimmed = await page.$$eval('g.edge', (els) => els.map((e) => ({ sev: e.getAttribute('data-severities'), dim: e.classList.contains('dim') })));
    for (const e of dimmed) expect(e.dim).toBe(!e.sev!.split(' ').includes('error'));

    await tabTo('filter-rule');
    const ruleOptions = await page.$$eval('#filter-rule option', (os) => os.map((o) => (o as any).value));
    const target = 'health-data-to-analytics';
    for (let i = 0; i < ruleOptions.indexOf(target); i++) await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('#filter-rule')).toBe(target);
    shown = await visibleFindings();
    expect(shown.length).toBe(jsonFindings.filter((f) => f.severity === 'error' && f.ruleId === target).length);
    const groupsShown = await page.$$eval('.rule-group', (gs) => gs.filter((g) => (g as any).offsetParent !== null).map((g) => g.getAttribute('data-rule')));
    expect(groupsShown).toEqual([target]);

    await tabTo('filter-status');
    const statusOptions = await page.$$eval('#filter-status option', (os) => os.map((o) => (o as any).value));
    for (let i = 0; i < statusOptions.indexOf('consented'); i++) await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('#filter-status')).toBe('consented');
    shown = await visibleFindings();
    expect(shown).toEqual([{ rule: target, severity: 'error', status: 'consented' }]);

    await page.keyboard.press('Tab'); // the reset button
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Clear filters');
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('article.finding:not([hidden])').length === n, jsonFindings.length);
    expect(await visibleFindings()).toHaveLength(jsonFindings.length);
    expect(await page.$$eval('g.edge.dim', (e) => e.length)).toBe(0);
  });

  browserIt('has landmarks, one h1, no skipped heading level and readable contrast', async () => {
    const a11y = await page.evaluate(() => {
      const levels = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName[1]));
      const skips = levels.filter((l, i) => i > 0 && l > levels[i - 1]! + 1);
      const parse = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
      const lum = ([r, g, b]: number[]) => {
        const f = (v: number) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
        return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
      };
      const bgOf = (el: any): number[] => {
        for (let e = el; e; e = e.parentElement) {
          const c = parse(getComputedStyle(e).backgroundColor);
          if (c.length === 3 || (c.length === 4 && c[3]! > 0.5)) return c.slice(0, 3);
        }
        return [255, 255, 255];
      };
      const low: string[] = [];
      for (const el of document.querySelectorAll('p, td, th, dt, dd, li, .badge, h1, h2, h3, h4, label, output, code, a')) {
        if (!(el as any).offsetParent || !el.textContent?.trim()) continue;
        const fg = parse(getComputedStyle(el).color).slice(0, 3);
        const l1 = lum(fg);
        const l2 = lum(bgOf(el));
        const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
        if (ratio < 4.5) low.push(`${el.tagName}.${el.className}: ${ratio.toFixed(2)} "${el.textContent.trim().slice(0, 30)}"`);
      }
      return {
        h1: document.querySelectorAll('h1').length, skips, low,
        landmarks: ['header', 'nav', 'main', 'footer'].filter((s) => document.querySelector(s)),
        lang: document.documentElement.lang,
        unlabelledSelects: [...document.querySelectorAll('select')].filter((s) => !(s as any).labels?.length).length,
      };
    });
    expect(a11y.h1).toBe(1);
    expect(a11y.skips).toEqual([]);
    expect(a11y.landmarks).toEqual(['header', 'nav', 'main', 'footer']);
    expect(a11y.lang).toBe('en');
    expect(a11y.unlabelledSelects).toBe(0);
    expect(a11y.low).toEqual([]);
  });

  browserIt('prints without navigation or filters and wraps code instead of clipping it', async () => {
    await page.emulateMedia({ media: 'print' });
    const print = await page.evaluate(() => ({
      nav: getComputedStyle(document.querySelector('nav.toc')!).display,
      filters: getComputedStyle(document.querySelector('#filters')!).display,
      pre: getComputedStyle(document.querySelector('pre.code')!).whiteSpace,
      breaks: [...document.querySelectorAll('section.card')].slice(1).map((s) => getComputedStyle(s).breakBefore),
    }));
    await page.emulateMedia({ media: 'screen' });
    expect(print.nav).toBe('none');
    expect(print.filters).toBe('none');
    expect(print.pre).toBe('pre-wrap');
    expect(new Set(print.breaks)).toEqual(new Set(['page']));
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    fs.writeFileSync(path.join(OUT_DIR, 'report.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });

  browserIt('writes a screenshot to test-results/report.png', async () => {
    const file = path.join(OUT_DIR, 'report.png');
    fs.rmSync(file, { force: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: file, fullPage: true });
    const png = fs.readFileSync(file);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(20_000);
    expect(consoleErrors).toEqual([]);
    expect(requests.every((u) => u === reportUrl)).toBe(true);
  });
});
