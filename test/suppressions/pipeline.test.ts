// The suppression and baseline functions wired into the real scan pipeline through its hooks, the way the
// CLI wires them: comments in a real plist, meta findings fingerprinted and sorted with the rest, and a
// baseline written from one scan accepting the findings of the next.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan, type ScanHooks } from '../../src/scan/scan.js';
import { applySuppressions } from '../../src/findings/suppressions.js';
import { applyBaseline, createBaseline, readBaselineFileSync, writeBaselineFile } from '../../src/findings/baseline.js';

const hooks: ScanHooks = {
  suppress: (findings, ctx) => applySuppressions(findings, ctx.read, ctx.rules, ctx.config),
  baseline: (findings, file) => applyBaseline(findings, readBaselineFileSync(file)),
};

function tinyApp(plistFirstLine: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hkg-pipe-'));
  fs.mkdirSync(path.join(dir, 'ios/Tiny'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'tiny', dependencies: { 'react-native': '0.76.0', 'react-native-health': '1.19.0' } }));
  fs.writeFileSync(path.join(dir, 'ios/Tiny/Info.plist'), `${plistFirstLine}\n<plist version="1.0">\n<dict>\n  <key>CFBundleName</key>\n  <string>Tiny</string>\n</dict>\n</plist>\n`);
  return dir;
}

const view = (fs_: Array<{ ruleId: string; status: string; suppression?: { reason: string } }>) =>
  fs_.map((f) => [f.ruleId, f.status, f.suppression?.reason]);

describe('suppressions and baseline in the scan pipeline', () => {
  it('suppresses a configuration finding with an XML comment in Info.plist and reports an unused one', async () => {
    const app = tinyApp('<?xml version="1.0" encoding="UTF-8"?> <!-- hkguard-ignore privacy-policy-missing, health-data-to-log - the policy URL is set in App Store Connect -->');
    const result = await scan({ paths: [app], cacheDir: false }, hooks);
    expect(view(result.findings)).toEqual([
      ['privacy-manifest-missing', 'open', undefined],
      ['privacy-policy-missing', 'suppressed', 'the policy URL is set in App Store Connect'],
      ['unused-suppression', 'open', undefined],
    ]);
    const meta = result.findings.find((f) => f.ruleId === 'unused-suppression')!;
    expect(meta.location).toMatchObject({ file: 'ios/Tiny/Info.plist', line: 1 });
    expect(meta.fingerprint).toMatch(/^[0-9a-f]{32}/);
  });

  it('a baseline written from one scan accepts those findings in the next, which reports only new ones', async () => {
    const app = tinyApp('<?xml version="1.0" encoding="UTF-8"?>');
    const first = await scan({ paths: [app], cacheDir: false }, hooks);
    const file = path.join(app, '.hkguard-baseline.json');
    await writeBaselineFile(file, createBaseline(first.findings, { reason: 'adopted hkguard', date: '2026-11-21' }));
    // An unrelated edit that shifts lines must not turn the accepted findings into new ones.
    const plist = path.join(app, 'ios/Tiny/Info.plist');
    fs.writeFileSync(plist, fs.readFileSync(plist, 'utf8').replace('<dict>', '<dict>\n  <key>CFBundleVersion</key>\n  <string>2</string>'));
    const second = await scan({ paths: [app], cacheDir: false, baselineFile: file }, hooks);
    expect(view(second.findings)).toEqual([
      ['privacy-manifest-missing', 'baselined', 'adopted hkguard'],
      ['privacy-policy-missing', 'baselined', 'adopted hkguard'],
    ]);
  });
});
