import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'plist';
import { Command, CommanderError } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerManifestCommand } from '../../src/cli/commands/manifest.js';
import { UsageError } from '../../src/errors/index.js';
import type { ScanOptions, ScanResult } from '../../src/scan/types.js';
import { buildFixtureResult } from '../report/fixture-result.js';

const FIXTURES = path.resolve('fixtures/manifest');
const PULSE_MANIFEST = 'apps/pulse/ios/Pulse/PrivacyInfo.xcprivacy';
const GLUCOSE_MANIFEST = 'native/Glucose/Glucose/PrivacyInfo.xcprivacy';

describe('hkguard manifest', () => {
  let root: string;
  let stdout: string;
  let stderr: string;
  let scanCalls: ScanOptions[];
  let scanImpl: (o: ScanOptions) => Promise<ScanResult>;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'hkguard-manifest-'));
    fs.mkdirSync(path.join(root, path.dirname(PULSE_MANIFEST)), { recursive: true });
    fs.copyFileSync(path.join(FIXTURES, 'tabs.xcprivacy'), path.join(root, PULSE_MANIFEST));
    stdout = '';
    stderr = '';
    scanCalls = [];
    scanImpl = async () => buildFixtureResult({ root });
    process.exitCode = undefined;
  });

  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
    process.exitCode = undefined;
  });

  async function run(...args: string[]): Promise<number> {
    const program = new Command('hkguard').exitOverride().configureOutput({ writeOut: (s) => { stdout += s; }, writeErr: (s) => { stderr += s; } });
    registerManifestCommand(program, {
      scan: (o) => { scanCalls.push(o); return scanImpl(o); },
      stdout: (s) => { stdout += s; },
      stderr: (s) => { stderr += s; },
      cwd: root,
    });
    stdout = '';
    stderr = '';
    await program.parseAsync(['manifest', ...args], { from: 'user' });
    return Number(process.exitCode ?? 0);
  }

  it('prints the entries and the privacy label without touching any file', async () => {
    const before = fs.readFileSync(path.join(root, PULSE_MANIFEST), 'utf8');
    expect(await run('apps/pulse')).toBe(0);
    expect(scanCalls[0]).toMatchObject({ paths: ['apps/pulse'], cwd: root });
    expect(stdout).toContain(`Pulse (apps/pulse): ${PULSE_MANIFEST}`);
    expect(stdout).toContain('<string>NSPrivacyCollectedDataTypeHealth</string>');
    expect(stdout).toContain('`hkguard manifest --write` adds it');
    expect(stdout).toContain('The file does not exist yet');
    expect(stdout).toMatch(/! fitness data reaches Meta \(advertising SDK\)/);
    expect(fs.readFileSync(path.join(root, PULSE_MANIFEST), 'utf8')).toBe(before);
    expect(fs.existsSync(path.join(root, GLUCOSE_MANIFEST))).toBe(false);
  });

  it('round trip: --check fails, --write fixes, --check passes; the files parse and keep their keys and tabs', async () => {
    const before = parse(fs.readFileSync(path.join(root, PULSE_MANIFEST), 'utf8')) as Record<string, unknown>;
    expect(await run('--check')).toBe(1);
    expect(stdout).toContain(`Pulse (apps/pulse): ${PULSE_MANIFEST}: 2 missing`);
    expect(stdout).toContain(`${GLUCOSE_MANIFEST} is missing`);

    expect(await run('--write')).toBe(0);
    expect(stdout).toContain(`Pulse (apps/pulse): ${PULSE_MANIFEST}: updated`);
    expect(stdout).toContain(`Glucose (native/Glucose): ${GLUCOSE_MANIFEST}: created; add it to the app target in Xcode`);

    expect(await run('--check')).toBe(0);
    expect(stdout).toContain('declares what the code does');

    const pulseText = fs.readFileSync(path.join(root, PULSE_MANIFEST), 'utf8');
    const after = parse(pulseText) as Record<string, any>;
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(after.NSPrivacyAccessedAPITypes).toEqual(before.NSPrivacyAccessedAPITypes);
    expect(after.NSPrivacyTrackingDomains).toEqual([]);
    expect(pulseText.split('\n').filter((l) => /^ +</.test(l))).toEqual([]);
    const glucose = parse(fs.readFileSync(path.join(root, GLUCOSE_MANIFEST), 'utf8')) as Record<string, any>;
    expect(glucose.NSPrivacyCollectedDataTypes).toEqual([{
      NSPrivacyCollectedDataType: 'NSPrivacyCollectedDataTypeHealth', NSPrivacyCollectedDataTypeLinked: true,
      NSPrivacyCollectedDataTypeTracking: false, NSPrivacyCollectedDataTypePurposes: ['NSPrivacyCollectedDataTypePurposeAppFunctionality'],
    }]);

    expect(await run('--write')).toBe(0);
    expect(stdout).toContain(`${PULSE_MANIFEST}: already up to date`);
    expect(fs.readFileSync(path.join(root, PULSE_MANIFEST), 'utf8')).toBe(pulseText);
  });

  it('keeps a space-indented CRLF manifest in its style through --write', async () => {
    fs.copyFileSync(path.join(FIXTURES, 'spaces-crlf.xcprivacy'), path.join(root, PULSE_MANIFEST));
    expect(await run('--write')).toBe(0);
    const text = fs.readFileSync(path.join(root, PULSE_MANIFEST), 'utf8');
    expect(text).not.toMatch(/\t/);
    expect(text).not.toMatch(/[^\r]\n/);
    expect(await run('--check')).toBe(0);
  });

  it('exits 2 for --write with --check, a scan error or a binary manifest', async () => {
    expect(await run('--write', '--check')).toBe(2);
    expect(stderr).toContain('cannot be used together');
    expect(scanCalls).toHaveLength(0);

    scanImpl = async () => { throw new UsageError('no such folder: nowhere'); };
    expect(await run('nowhere')).toBe(2);
    expect(stderr).toBe('hkguard: no such folder: nowhere\n');

    scanImpl = async () => buildFixtureResult({ root });
    fs.writeFileSync(path.join(root, PULSE_MANIFEST), Buffer.from('bplist00\u0000\u0001\u0002binary'));
    expect(await run('--check')).toBe(2);
    expect(stderr).toContain(`${PULSE_MANIFEST}: not an XML property list`);
    expect(await run('--write')).toBe(2);
  });

  it('rejects unknown options through commander', async () => {
    await expect(run('--frobnicate')).rejects.toBeInstanceOf(CommanderError);
  });

  it('prints the app.json form for an app whose manifest lives in its Expo config, and fails --write', async () => {
    scanImpl = async () => {
      const r = buildFixtureResult({ root });
      r.apps = [r.apps[1]!];
      r.apps[0]!.facts.privacyManifestHome = 'native/Glucose/app.json';
      return r;
    };
    expect(await run('--write')).toBe(1);
    expect(stdout).toContain('add this under expo.ios.privacyManifests');
    expect(JSON.parse(stdout.slice(stdout.indexOf('{'), stdout.lastIndexOf('}') + 1))).toEqual({
      NSPrivacyCollectedDataTypes: [expect.objectContaining({ NSPrivacyCollectedDataType: 'NSPrivacyCollectedDataTypeHealth', NSPrivacyCollectedDataTypeTracking: false })],
    });
  });
});
