import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runJson } from '../harness/cli.js';
import { PACKAGE_ROOT } from '../../src/util/paths.js';

const pkg = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };

function tempApp(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hkguard-cli-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const HEALTH_APP = {
  'package.json': JSON.stringify({ name: 'tiny', dependencies: { 'react-native': '0.76.0', 'react-native-health': '1.19.0' } }),
  'ios/Tiny/Info.plist': '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n  <key>CFBundleName</key>\n  <string>Tiny</string>\n</dict>\n</plist>\n',
};

describe('hkguard CLI', () => {
  it('prints its version and help', () => {
    expect(runCli(['--version'])).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    const help = runCli(['--help']);
    expect(help.code).toBe(0);
    for (const cmd of ['scan', 'rules', 'explain']) expect(help.stdout).toContain(cmd);
    const scanHelp = runCli(['scan', '--help']);
    for (const opt of ['--format', '--output', '--config', '--fail-on', '--max-warnings', '--quiet', '--no-color']) expect(scanHelp.stdout).toContain(opt);
  });

  it('lists rules as a table and as JSON', () => {
    const table = runCli(['rules']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/health-data-to-analytics\s+error\s+flow/);
    const json = JSON.parse(runCli(['rules', '--format', 'json']).stdout) as Array<{ id: string; severity: string; family: string; title: string }>;
    expect(json.find((r) => r.id === 'privacy-policy-missing')).toMatchObject({ severity: 'warning', family: 'configuration' });
    expect(json.every((r) => r.title.length > 0)).toBe(true);
  });

  it('explains a rule with its guideline clause, and rejects an unknown one', () => {
    const r = runCli(['explain', 'health-data-to-advertising']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/5\.1\.\d/);
    expect(r.stdout).toContain('How to fix');
    const bad = runCli(['explain', 'health-data-to-advertizing']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown rule');
  });

  it('exits 1 on errors, 0 with --fail-on never, and honours --fail-on warning and --max-warnings', () => {
    const dir = tempApp({
      ...HEALTH_APP,
      'src/h.ts': "import AppleHealthKit from 'react-native-health';\nAppleHealthKit.initHealthKit({ permissions: { read: [AppleHealthKit.Constants.Permissions.HeartRate], write: [] } }, () => {});\n",
    });
    const r = runJson(['scan', dir]);
    expect(r.code).toBe(1);
    expect(r.json.findings.map((f) => f.ruleId)).toContain('health-share-usage-description-missing');
    expect(runCli(['scan', dir, '--fail-on', 'never']).code).toBe(0);
    const warnOnly = tempApp({ ...HEALTH_APP, 'fastlane/metadata/en-US/privacy_url.txt': 'https://tiny.example/privacy\n' });
    const w = runJson(['scan', warnOnly]);
    expect(w.json.summary.errors).toBe(0);
    expect(w.json.summary.warnings).toBeGreaterThan(0);
    expect(w.code).toBe(0);
    expect(runCli(['scan', warnOnly, '--fail-on', 'warning']).code).toBe(1);
    expect(runCli(['scan', warnOnly, '--max-warnings', '0']).code).toBe(1);
    expect(runCli(['scan', warnOnly, '--max-warnings', '99']).code).toBe(0);
  });

  it('exits 2 with the key and line for a bad configuration, and for usage errors', () => {
    const dir = tempApp({ ...HEALTH_APP, '.hkguard.yaml': 'firstPartyHosts:\n  - api.tiny.app\nrulez:\n  x: off\n' });
    const r = runCli(['scan', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.hkguard\.yaml:3: unknown key "rulez"/);
    const wrongType = tempApp({ ...HEALTH_APP, '.hkguard.yaml': 'rules:\n  health-data-to-log: loud\n' });
    expect(runCli(['scan', wrongType]).stderr).toMatch(/\.hkguard\.yaml:2: "rules\.health-data-to-log" must be one of/);
    expect(runCli(['scan', dir, '--format', 'xml']).code).toBe(2);
    expect(runCli(['scan', path.join(dir, 'missing-folder')]).code).toBe(2);
    expect(runCli(['scan', dir, '--max-warnings', 'many']).code).toBe(2);
  });

  it('writes the report to --output and applies severity overrides from the config', () => {
    const dir = tempApp({ ...HEALTH_APP, '.hkguard.yaml': 'rules:\n  privacy-manifest-missing: off\n  privacy-policy-missing: error\n' });
    const out = path.join(dir, 'out', 'report.json');
    const r = runCli(['scan', dir, '--format', 'json', '--output', out, '--fail-on', 'never']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as { findings: Array<{ ruleId: string; severity: string }> };
    expect(report.findings.map((f) => f.ruleId)).not.toContain('privacy-manifest-missing');
    expect(report.findings.find((f) => f.ruleId === 'privacy-policy-missing')?.severity).toBe('error');
  });

  it('accepts findings from the configuration with their reason: suppressed, in JSON and SARIF, not failing', () => {
    const dir = tempApp({
      ...HEALTH_APP,
      '.hkguard.yaml': 'accept:\n  - rule: privacy-policy-missing\n    reason: the policy URL is set in App Store Connect (PRIV-3)\n',
    });
    const { json } = runJson(['scan', dir, '--fail-on', 'warning']);
    const accepted = json.findings.find((f) => f.ruleId === 'privacy-policy-missing')!;
    expect(accepted).toMatchObject({ status: 'suppressed', suppression: { kind: 'config', reason: 'the policy URL is set in App Store Connect (PRIV-3)' } });
    const sarif = JSON.parse(runCli(['scan', dir, '--format', 'sarif']).stdout) as { runs: Array<{ results: Array<{ ruleId: string; suppressions?: Array<{ kind: string; justification: string }> }> }> };
    expect(sarif.runs[0]!.results.find((r) => r.ruleId === 'privacy-policy-missing')!.suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'the policy URL is set in App Store Connect (PRIV-3)' },
    ]);
  });

  it('prints stylish output with a code frame and help, colour only when asked', () => {
    const dir = tempApp({
      ...HEALTH_APP,
      'ios/Tiny/Info.plist': '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n  <key>NSHealthShareUsageDescription</key>\n  <string>TODO</string>\n</dict>\n</plist>\n',
    });
    const plain = runCli(['scan', dir]);
    expect(plain.stdout).toContain('ios/Tiny/Info.plist');
    expect(plain.stdout).toMatch(/4:\d+\s+warning\s+.*usage-description-placeholder/);
    expect(plain.stdout).toContain('> 4 |');
    expect(plain.stdout).toContain('help:');
    expect(plain.stdout).toMatch(/\d+ errors?, \d+ warnings?/);
    expect(plain.stdout).not.toMatch(/\u001b\[/);
    expect(runCli(['scan', dir], { env: { FORCE_COLOR: '1' } }).stdout).toMatch(/\u001b\[/);
    expect(runCli(['scan', dir, '--no-color'], { env: { FORCE_COLOR: '1' } }).stdout).not.toMatch(/\u001b\[/);
  });
});
