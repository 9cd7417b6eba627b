/**
 * The reports and the manifest command on real scans of the example apps (fixtures/projects): invariants that
 * hold whatever the rules find, so that the hand-built fixture cannot drift away from what the pipeline emits.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/scan/scan.js';
import type { ScanResult } from '../../src/scan/types.js';
import { renderHtml } from '../../src/report/html/index.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { buildDataflowMap } from '../../src/report/dataflow-map.js';
import { registerManifestCommand } from '../../src/cli/commands/manifest.js';

const PROJECTS = path.resolve('fixtures/projects');

describe('reports on a real scan of the example apps', () => {
  let result: ScanResult;
  beforeAll(async () => {
    result = await scan({ paths: [PROJECTS], cwd: PROJECTS, cacheDir: false });
  });

  it('renders every finding, and a map edge for every flow finding', () => {
    expect(result.apps.length).toBeGreaterThan(0);
    const html = renderHtml(result, { generatedAt: '2026-01-01T00:00:00.000Z', readSource: (f) => fs.readFileSync(path.join(result.root, f), 'utf8') });
    expect(html.match(/<article class="finding"/g)?.length ?? 0).toBe(result.findings.length);
    const map = buildDataflowMap(result.findings);
    expect(html.match(/<g class="edge" /g)?.length ?? 0).toBe(map.edges.length);
    const flowFindings = result.findings.filter((f) => f.recipient && f.flow?.length);
    expect(map.edges.reduce((n, e) => n + e.count, 0)).toBe(flowFindings.reduce((n, f) => n + Math.max(1, f.healthTypes.length), 0));
    for (const app of result.apps) expect(html).toContain(`<strong>${app.name}</strong>`);
  });

  it('says which SDKs receive health data by SDK, not by vendor (Google ships analytics and ads)', () => {
    const html = renderHtml(result, { generatedAt: '2026-01-01T00:00:00.000Z' });
    const sdks = html.slice(html.indexOf('id="sdks"'), html.indexOf('id="risks"'));
    const rows = sdks.split('<tr>').filter((r) => r.includes('heart-rate-coach'));
    const row = (product: string) => rows.find((r) => r.includes(product)) ?? '';
    expect(row('Mobile Ads')).toContain('yes-ok');
    expect(row('Mobile Ads')).not.toContain('yes-bad');
    expect(row('Firebase')).toContain('yes-bad');
  });

  it('renders Markdown with one block per finding', () => {
    const md = renderMarkdown(result);
    expect(md.length).toBeLessThanOrEqual(65_000);
    // Every finding is either shown in its own block or counted in the truncation note.
    const omitted = Number(/(\d+) more findings? not shown/.exec(md)?.[1] ?? 0);
    expect(md.split('<details>').length - 1 + omitted).toBe(result.findings.length);
  });
});

describe('hkguard manifest on a copy of an example app', () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'hkguard-manifest-e2e-'));
    fs.cpSync(path.join(PROJECTS, 'heart-rate-coach'), path.join(root, 'heart-rate-coach'), { recursive: true });
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  async function run(...args: string[]): Promise<{ code: number; stdout: string }> {
    let stdout = '';
    const program = new Command('hkguard').exitOverride();
    registerManifestCommand(program, { scan: (o) => scan({ ...o, cacheDir: false }), stdout: (s) => { stdout += s; }, stderr: (s) => { stdout += s; }, cwd: root });
    process.exitCode = undefined;
    await program.parseAsync(['manifest', 'heart-rate-coach', ...args], { from: 'user' });
    const code = Number(process.exitCode ?? 0);
    process.exitCode = undefined;
    return { code, stdout };
  }

  it('--check fails, --write creates the manifest beside the Info.plist, then --check passes on a fresh scan', async () => {
    const first = await run('--check');
    expect(first.code).toBe(1);
    const written = await run('--write');
    expect(written.code).toBe(0);
    const file = path.join(root, 'heart-rate-coach/ios/HeartRateCoach/PrivacyInfo.xcprivacy');
    expect(fs.existsSync(file)).toBe(true);
    expect(written.stdout).toContain('created');
    const again = await run('--check');
    expect(again).toMatchObject({ code: 0 });
    expect(again.stdout).toContain('declares what the code does');
  });
});
