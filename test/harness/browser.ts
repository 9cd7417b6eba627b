/**
 * A local HTML file in Debian's chromium, driven by playwright-core (no browser download): records console
 * errors and every request, and lets through only the file itself. A missing browser fails each test with the
 * fix (a failing beforeAll would make vitest report the tests as skipped, which hides the gap).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface OpenedPage {
  page: Page;
  url: string;
  consoleErrors: string[];
  requests: string[];
}

export interface BrowserSession {
  /** Opens `file` (after the caller wrote it); undefined when the browser is missing. */
  open(file: string, viewport?: { width: number; height: number }): Promise<OpenedPage | undefined>;
  close(): Promise<void>;
  /** `it`, failing with the install hint when chromium is missing. */
  it(name: string, fn: () => Promise<void>): void;
}

export function browserSession(): BrowserSession {
  let context: BrowserContext | undefined;
  let userDataDir: string | undefined;
  const missing = fs.existsSync(CHROMIUM) ? undefined
    : new Error(`${CHROMIUM} is missing: the browser test needs Debian's chromium. Install it with \`apt-get install -y chromium\`.`);
  return {
    async open(file, viewport = { width: 1400, height: 900 }) {
      if (missing) return undefined;
      const url = pathToFileURL(file).href;
      const consoleErrors: string[] = [];
      const requests: string[] = [];
      userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hkguard-chromium-'));
      context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport });
      context.on('request', (r) => requests.push(r.url()));
      await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
      const page = context.pages()[0] ?? (await context.newPage());
      page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
      page.on('pageerror', (e) => consoleErrors.push(String(e)));
      await page.goto(url, { waitUntil: 'load' });
      return { page, url, consoleErrors, requests };
    },
    async close() {
      await context?.close();
      if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
    },
    it(name, fn) {
      it(name, async () => {
        if (missing) throw missing;
        await fn();
      });
    },
  };
}
