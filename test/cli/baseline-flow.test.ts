import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runJson } from '../harness/cli.js';
import { PACKAGE_ROOT } from '../../src/util/paths.js';

describe('baseline and flows through a wrapper', () => {
  it('a new leak through an in-house track() wrapper is a new finding, not covered by the baseline', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hkguard-baseline-flow-'));
    fs.cpSync(path.join(PACKAGE_ROOT, 'fixtures/projects/heart-rate-coach'), dir, { recursive: true, filter: (src) => !src.includes('node_modules') });
    const baseline = path.join(dir, '.hkguard-baseline.json');
    expect(runCli(['baseline', 'create', dir, '--file', baseline, '--reason', 'adoption']).code).toBe(0);
    // A second create would replace every reason: it needs --force, and says to use update instead.
    const again = runCli(['baseline', 'create', dir, '--file', baseline]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('baseline update');
    expect(JSON.parse(fs.readFileSync(baseline, 'utf8')).entries[0].reason).toBe('adoption');
    const before = runJson(['scan', dir, '--baseline', baseline]);
    expect(before.code).toBe(0);
    expect(before.json.findings.filter((f) => f.status === 'open')).toEqual([]);

    // Another use of the same wrapper with health data: same sink (track.ts), same source, new call site.
    const dashboard = path.join(dir, 'src/screens/Dashboard.tsx');
    const text = fs.readFileSync(dashboard, 'utf8');
    fs.writeFileSync(dashboard, text.replace("      track('zone',", "      track('peak', { bpm: Math.max(...values) });\n      track('zone',"));
    const after = runJson(['scan', dir, '--baseline', baseline]);
    const open = after.json.findings.filter((f) => f.status === 'open');
    expect(open.map((f) => [f.ruleId, f.location.file])).toEqual([['health-data-to-analytics', 'src/analytics/track.ts']]);
    expect(open[0]!.flow!.some((s) => s.file === 'src/screens/Dashboard.tsx' && s.line === 30)).toBe(true);
    expect(after.code).toBe(1);
    // The lines shifted by the insertion: every old finding is still recognised as baselined.
    expect(after.json.findings.filter((f) => f.status === 'baselined').length).toBe(before.json.findings.filter((f) => f.status === 'baselined').length);
  });
});
