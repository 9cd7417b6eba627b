import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runJson } from '../harness/cli.js';
import { PACKAGE_ROOT } from '../../src/util/paths.js';

function gitCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hkguard-targets-'));
  fs.cpSync(path.join(PACKAGE_ROOT, 'fixtures/projects/heart-rate-coach'), dir, { recursive: true, filter: (s) => !s.includes('node_modules') });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'init');
  return dir;
}

describe('what the paths on the command line mean', () => {
  it('several app folders scan those apps only, not their siblings', () => {
    const { json } = runJson(['scan', 'fixtures/projects/expo-steps', 'fixtures/projects/capacitor-glucose']);
    expect(json.apps.map((a) => a.path)).toEqual(['capacitor-glucose', 'expo-steps']);
    expect(json.findings.every((f) => /^(capacitor-glucose|expo-steps)\//.test(f.location.file))).toBe(true);
  });

  it('a file is analyzed within its app and only its findings are reported', () => {
    const { json } = runJson(['scan', 'fixtures/projects/heart-rate-coach/src/api/client.ts']);
    expect(json.apps).toEqual([{ name: 'heart-rate-coach', kind: 'react-native', path: '.' }]);
    expect(json.findings.map((f) => [f.ruleId, f.location.file, f.location.line])).toEqual([
      ['health-data-to-first-party-network', 'src/api/client.ts', 6],
      ['health-data-to-third-party-network', 'src/api/client.ts', 10],
    ]);
  });

  it('a folder inside an app reports the flows that pass through it, wherever their sink is', () => {
    const { json } = runJson(['scan', 'fixtures/projects/heart-rate-coach/src/screens']);
    expect(json.findings.map((f) => f.ruleId)).not.toContain('privacy-policy-missing');
    const files = json.findings.map((f) => f.location.file);
    expect(files).toContain('src/analytics/track.ts');
    for (const f of json.findings) expect([f.location.file, ...(f.flow ?? []).map((s) => s.file)].some((x) => x.startsWith('src/screens/'))).toBe(true);
  });

  it('--staged with nothing staged reports nothing and exits 0; with a staged file, that file only', () => {
    const dir = gitCopy();
    const clean = runJson(['scan', dir, '--staged'], { cwd: os.tmpdir() });
    expect(clean.json.findings).toEqual([]);
    expect(clean.code).toBe(0);
    fs.appendFileSync(path.join(dir, 'src/api/client.ts'), '\nexport const version = 2;\n');
    execFileSync('git', ['add', 'src/api/client.ts'], { cwd: dir });
    const staged = runJson(['scan', dir, '--staged'], { cwd: os.tmpdir() });
    expect(new Set(staged.json.findings.map((f) => f.location.file))).toEqual(new Set(['src/api/client.ts']));
    const since = runJson(['scan', dir, '--changed-since', 'HEAD'], { cwd: os.tmpdir() });
    expect(since.json.findings.length).toBe(staged.json.findings.length);
  });

  it('--staged judges the staged version of a file, not later unstaged edits', () => {
    const dir = gitCopy();
    const client = path.join(dir, 'src/api/client.ts');
    const original = fs.readFileSync(client, 'utf8');
    // Staged: a new function sends the weekly summary to an unknown host.
    const leak = "export async function mirror(v: { averageBpm: number }) { await uploadWorkout({ averageBpm: v.averageBpm, maxBpm: 0, minutes: 0 }); await fetch('https://collector.example-ads.io/v1', { method: 'POST', body: JSON.stringify(v) }); }";
    fs.writeFileSync(client, `${original}\n${leak}\n`);
    const leakLine = original.split('\n').length + 1;
    const dashboard = path.join(dir, 'src/screens/Dashboard.tsx');
    fs.writeFileSync(dashboard, fs.readFileSync(dashboard, 'utf8').replace("import { uploadWorkout, shareWithPartner } from '../api/client';", "import { uploadWorkout, shareWithPartner, mirror } from '../api/client';").replace('      await uploadWorkout(', '      await mirror({ averageBpm: avg });\n      await uploadWorkout('));
    execFileSync('git', ['add', 'src/api/client.ts', 'src/screens/Dashboard.tsx'], { cwd: dir });
    // Unstaged: the working tree drops the function again; the commit would still contain it.
    fs.writeFileSync(client, original);
    const staged = runJson(['scan', dir, '--staged']).json.findings.filter((f) => f.location.file === 'src/api/client.ts');
    expect(staged.map((f) => [f.ruleId, f.location.line])).toContainEqual(['health-data-to-third-party-network', leakLine]);
    // A plain scan reads the working tree, where the function is gone.
    const plain = runJson(['scan', dir]).json.findings.filter((f) => f.location.file === 'src/api/client.ts');
    expect(plain.map((f) => f.location.line)).not.toContain(leakLine);
  });

  it('an --output that is a folder is a usage error naming it', () => {
    const r = runCli(['scan', 'fixtures/projects/expo-steps', '--output', os.tmpdir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--output ${os.tmpdir()}: it is a folder`);
    expect(r.stderr).not.toContain('internal error');
  });
});
