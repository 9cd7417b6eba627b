import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { auditFindingsOf, registerAuditCommand, type AuditCliDeps } from '../../src/cli/commands/audit.js';
import { verifyAuditLog } from '../../src/audit/verify.js';
import { scenarioLog } from './helpers/scenario.js';
import { memoryLog } from './helpers/log-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'hkguard-audit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function harness(files: Record<string, string | Uint8Array>, declared?: { read: string[]; write: string[]; source: string } | Error) {
  const out: string[] = [];
  const err: string[] = [];
  const written: Record<string, string> = {};
  const asked: string[] = [];
  let exitCode: number | undefined;
  const deps: AuditCliDeps = {
    async loadDeclaredHealthTypes(appPath) {
      asked.push(appPath);
      if (declared instanceof Error) throw declared;
      return declared ?? { read: [], write: [], source: 'none' };
    },
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    setExitCode: (c) => { exitCode = c; },
    async readFile(path) {
      const f = files[path];
      if (f === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
      return typeof f === 'string' ? new TextEncoder().encode(f) : f;
    },
    async writeFile(path, data) { written[path] = data; },
  };
  const run = async (...argv: string[]) => {
    const program = new Command().exitOverride().configureOutput({ writeErr: (t) => err.push(t), writeOut: (t) => out.push(t) });
    registerAuditCommand(program, deps);
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  };
  return { run, out, err, written, asked, get stdout() { return out.join(''); }, get stderr() { return err.join(''); } };
}

async function keyedLog(key: string) {
  const { log, store } = memoryLog({ hmacKey: key });
  for (let i = 0; i < 4; i++) log.record({ type: 'write', hkType: 'HKQuantityTypeIdentifierHeartRate', value: 60 + i, metadataKeys: ['HKWasUserEntered'] });
  await log.close();
  return store.text();
}

describe('hkguard audit verify', () => {
  it('exit 0 and a summary for an intact log, with the key', async () => {
    const h = harness({ 'a.jsonl': await keyedLog('s3cret'), 'key.txt': 's3cret\n' });
    expect(await h.run('audit', 'verify', 'a.jsonl', '--key', 'key.txt')).toBe(0);
    expect(h.stdout).toContain('a.jsonl: chain intact: 6 verified entries of 6 lines, intact through seq 5 (line 6); HMAC verified; 1 session, closed cleanly');
    expect(h.stderr).toBe('');
  });

  it('exit 1 naming the first bad entry', async () => {
    const lines = (await keyedLog('k')).split('\n');
    [lines[2], lines[3]] = [lines[3]!, lines[2]!];
    const h = harness({ 'a.jsonl': lines.join('\n') });
    expect(await h.run('audit', 'verify', 'a.jsonl')).toBe(1);
    expect(h.stdout).toMatch(/^a\.jsonl\n  3:1  error    entry seq 3 \(line 3\) comes before seq 2 \(line 4\): entries were reordered  audit-chain-broken\n/);
  });

  it('exit 1 for a wrong key and for a truncated tail', async () => {
    const text = await keyedLog('right');
    const h = harness({ 'a.jsonl': text, 'cut.jsonl': text.slice(0, -30), 'key': 'wrong' });
    expect(await h.run('audit', 'verify', 'a.jsonl', '--key', 'key')).toBe(1);
    expect(h.stdout).toMatch(/wrong key: the log was written with key id/);
    expect(await h.run('audit', 'verify', 'cut.jsonl')).toBe(1);
    expect(h.stdout).toMatch(/6:1  warning  line 6 is a partial entry .* audit-log-truncated/);
  });

  it('exit 2 with a clear message for a missing file, a missing key file, an empty file and binary garbage', async () => {
    const h = harness({ 'a.jsonl': await keyedLog('k'), 'empty.jsonl': '', 'bin.dat': Uint8Array.from({ length: 64 }, (_, i) => (i * 37) % 256) });
    expect(await h.run('audit', 'verify', 'nope.jsonl')).toBe(2);
    expect(h.stderr).toContain('hkguard audit: cannot read audit log nope.jsonl: no such file');
    expect(await h.run('audit', 'verify', 'a.jsonl', '--key', 'nokey')).toBe(2);
    expect(h.stderr).toContain('cannot read key file nokey: no such file');
    expect(await h.run('audit', 'verify', 'empty.jsonl')).toBe(2);
    expect(h.stderr).toContain('empty.jsonl is not an hkguard audit log: it is empty');
    expect(await h.run('audit', 'verify', 'bin.dat')).toBe(2);
    expect(h.stderr).toContain('bin.dat is not an hkguard audit log: it holds binary data, not JSON Lines');
    expect(h.stdout).toBe('');
  });

  it('reads real files by default', async () => {
    const path = join(dir, 'real.jsonl');
    writeFileSync(path, await keyedLog('k'));
    const out: string[] = [];
    let code: number | undefined;
    const program = new Command().exitOverride();
    registerAuditCommand(program, { loadDeclaredHealthTypes: async () => ({ read: [], write: [], source: '' }), stdout: (t) => out.push(t), stderr: (t) => out.push(t), setExitCode: (c) => { code = c; } });
    await program.parseAsync(['audit', 'verify', path], { from: 'user' });
    expect(code).toBe(0);
    expect(out.join('')).toContain('chain intact');
  });
});

describe('hkguard audit report', () => {
  const declared = { read: [], write: ['HKQuantityTypeIdentifierHeartRate', 'HKQuantityTypeIdentifierOxygenSaturation'], source: 'src/health.ts requestAuthorization' };

  it('json with --against: exit 1, the declared types are asked for that path, undeclared types found', async () => {
    const h = harness({ 'a.jsonl': await scenarioLog() }, declared);
    expect(await h.run('audit', 'report', 'a.jsonl', '--format', 'json', '--against', 'apps/mobile')).toBe(1);
    expect(h.asked).toEqual(['apps/mobile']);
    const report = JSON.parse(h.stdout);
    expect(report.findings.filter((f: { ruleId: string }) => f.ruleId === 'audit-type-undeclared').map((f: { message: string }) => f.message.split(' ')[3])).toEqual([
      'HKQuantityTypeIdentifierBloodGlucose', 'HKQuantityTypeIdentifierBodyMass', 'HKQuantityTypeIdentifierBodyTemperature',
    ]);
    expect(report.declared).toEqual({ source: 'src/health.ts requestAuthorization', write: declared.write });
  });

  it('exit 0 for a clean log; stylish by default', async () => {
    const h = harness({ 'a.jsonl': await keyedLog('k') });
    expect(await h.run('audit', 'report', 'a.jsonl')).toBe(0);
    expect(h.stdout).toContain('\u2714 no problems');
  });

  it('--output writes the rendered report instead of printing it', async () => {
    const h = harness({ 'a.jsonl': await scenarioLog() });
    expect(await h.run('audit', 'report', 'a.jsonl', '--format', 'html', '--output', 'out/report.html')).toBe(1);
    expect(h.stdout).toBe('');
    expect(h.written['out/report.html']).toMatch(/^<!doctype html>/);
    expect(await h.run('audit', 'report', 'a.jsonl', '--format', 'markdown')).toBe(1);
    expect(h.stdout).toMatch(/^# HealthKit write audit: `a\.jsonl`/);
  });

  it('exit 2 for an unknown format, a failing declared-types lookup, and a file that is not a log', async () => {
    const h = harness({ 'a.jsonl': await keyedLog('k'), 'x.txt': 'hello\n' }, new Error('no app found at apps/none'));
    expect(await h.run('audit', 'report', 'a.jsonl', '--format', 'sarif')).toBe(2);
    expect(h.stderr).toContain('unknown --format sarif: use one of stylish, json, markdown, html');
    expect(await h.run('audit', 'report', 'a.jsonl', '--against', 'apps/none')).toBe(2);
    expect(h.stderr).toContain('cannot read the declared HealthKit types of apps/none: no app found at apps/none');
    expect(await h.run('audit', 'report', 'x.txt')).toBe(2);
    expect(h.stderr).toContain('x.txt is not an hkguard audit log');
  });

  it('a missing argument is a commander usage error', async () => {
    const h = harness({});
    await expect(h.run('audit', 'verify')).rejects.toMatchObject({ code: 'commander.missingArgument' });
  });
});

describe('auditFindingsOf', () => {
  it('turns a verify result into findings with line and entry seq', async () => {
    const lines = (await keyedLog('k')).split('\n');
    lines.splice(2, 1);
    expect(auditFindingsOf(verifyAuditLog(lines.join('\n')))).toEqual([
      { ruleId: 'audit-chain-broken', severity: 'error', line: 3, entrySeq: 2, message: 'entry seq 2 is missing before line 3 (seq 3): it was deleted' },
    ]);
  });
});
