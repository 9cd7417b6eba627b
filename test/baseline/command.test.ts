import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { beforeEach, describe, expect, it } from 'vitest';
import { registerBaselineCommand } from '../../src/cli/commands/baseline.js';
import { BaselineError, applyBaseline, readBaselineFile } from '../../src/findings/baseline.js';
import { defaultConfig } from '../../src/config/types.js';
import type { Finding } from '../../src/findings/types.js';
import type { ScanOptions, ScanResult } from '../../src/scan/types.js';
import { fakeRegistry, finding } from '../suppressions/helpers.js';

let root: string;
let findings: Finding[];
let scans: ScanOptions[];
let out: string[];
let err: string[];
let configBaseline: string | undefined;

function fakeScan(opts: ScanOptions): Promise<ScanResult> {
  scans.push(opts);
  return Promise.resolve({
    tool: { name: 'hkguard', version: '0.1.0' }, root, startedAt: '2026-11-21T04:00:00Z', apps: [], findings,
    diagnostics: [], config: { ...defaultConfig(), baseline: configBaseline }, rules: fakeRegistry([]), files: 1, durationMs: 1,
  });
}

async function run(...args: string[]): Promise<void> {
  const program = new Command('hkguard').exitOverride().configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  registerBaselineCommand(program, {
    scan: fakeScan, stdout: (s) => out.push(s), stderr: (s) => err.push(s), cwd: root,
    author: async () => 'Ada <ada@example.app>', today: () => '2026-11-21',
  });
  await program.parseAsync(['baseline', ...args], { from: 'user' });
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'hkg-blcmd-'));
  findings = [finding('health-data-to-log', 'src/a.ts', 3), finding('health-data-to-analytics', 'src/b.ts', 9)];
  scans = [];
  out = [];
  err = [];
  configBaseline = undefined;
});

describe('hkguard baseline', () => {
  it('create writes every open finding with author, date and reason, from a full scan', async () => {
    await run('create', '--reason', 'pre-existing; tracked in PRIV-7');
    expect(scans).toEqual([{ paths: [], cwd: root }]);
    const b = await readBaselineFile(path.join(root, '.hkguard-baseline.json'));
    expect(b.entries.map((e) => [e.ruleId, e.file, e.line, e.reason, e.author, e.date])).toEqual([
      ['health-data-to-log', 'src/a.ts', 3, 'pre-existing; tracked in PRIV-7', 'Ada <ada@example.app>', '2026-11-21'],
      ['health-data-to-analytics', 'src/b.ts', 9, 'pre-existing; tracked in PRIV-7', 'Ada <ada@example.app>', '2026-11-21'],
    ]);
    expect(out.join('')).toContain('.hkguard-baseline.json: 2 entries (2 added, 0 removed, 0 kept)');
    expect(err.join('')).toMatch(/add `baseline: \.hkguard-baseline\.json` to \.hkguard\.yaml/);
  });

  it('update keeps old reasons and adds new findings; prune drops what is gone; scan then reports only new findings', async () => {
    await run('create', '--reason', 'old');
    const file = path.join(root, '.hkguard-baseline.json');
    findings = [...findings, finding('health-data-to-icloud', 'src/c.ts', 1)];
    await run('update', '--reason', 'accepted in review #12');
    let b = await readBaselineFile(file);
    expect(b.entries.map((e) => [e.fingerprint, e.reason])).toEqual([
      ['health-data-to-log:src/a.ts:3', 'old'],
      ['health-data-to-analytics:src/b.ts:9', 'old'],
      ['health-data-to-icloud:src/c.ts:1', 'accepted in review #12'],
    ]);
    expect(out.at(-1)).toContain('3 entries (1 added, 0 removed, 2 kept)');

    findings = findings.slice(1);
    await run('prune');
    b = await readBaselineFile(file);
    expect(b.entries.map((e) => e.fingerprint)).toEqual(['health-data-to-analytics:src/b.ts:9', 'health-data-to-icloud:src/c.ts:1']);
    expect(out.at(-1)).toContain('2 entries (0 added, 1 removed, 2 kept)');

    const next = [...findings, finding('health-data-to-log', 'src/d.ts', 4)];
    expect(applyBaseline(next, b).map((f) => f.status)).toEqual(['baselined', 'baselined', 'open']);
  });

  it('uses --file, else the configured baseline path, and passes path and --config to the scan', async () => {
    await run('create', 'apps/ios', '--file', 'ci/accepted.json', '--config', 'ci/hkguard.yaml');
    expect(scans[0]).toEqual({ paths: ['apps/ios'], cwd: root, configFile: 'ci/hkguard.yaml' });
    expect(fs.existsSync(path.join(root, 'ci/accepted.json'))).toBe(true);
    configBaseline = path.join(root, 'compliance/baseline.json');
    await run('create');
    expect(fs.existsSync(configBaseline)).toBe(true);
    expect(err.join('')).toContain('new entries have the default reason');
  });

  it('update and prune need an existing baseline', async () => {
    await expect(run('update')).rejects.toBeInstanceOf(BaselineError);
    await expect(run('prune')).rejects.toThrow(/no such baseline file/);
  });
});
