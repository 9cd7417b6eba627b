import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type JsonReport } from '../harness/cli.js';

/** One app holding every kind of bad input the issue names; the scan must finish and name each file. */
function brokenApp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hkguard-broken-'));
  const w = (rel: string, data: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), data);
  };
  w('package.json', JSON.stringify({ name: 'broken', dependencies: { expo: '52.0.0', 'react-native': '0.76.0', 'react-native-health': '1.19.0' } }));
  w('app.json', '{ "expo": { "name": "Broken", "ios": { "infoPlist": { "NSHealthShareUsageDescription": "x" } }, }');
  w('app.config.ts', 'export default ({ config }) => ({ ...config, ios: { infoPlist: { ');
  w('ios/Broken/Info.plist', '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n  <key>CFBundleName</key>\n  <string>Bro');
  // A binary plist (bplist00, written by Python's plistlib) is read, not reported.
  w('ios/Broken/PrivacyInfo.xcprivacy', Buffer.from('62706c6973743030d101025f101b4e5350726976616379436f6c6c6563746564446174615479706573a0080b29000000000000010100000000000000030000000000000000000000000000002a', 'hex'));
  w('ios/Broken/Broken.entitlements', '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\r\n<plist version="1.0">\r\n<dict>\r\n  <key>com.apple.developer.healthkit</key>\r\n  <true/>\r\n</dict>\r\n</plist>\r\n');
  w('src/syntax.ts', "import AppleHealthKit from 'react-native-health';\nexport function f( {\n  AppleHealthKit.getHeartRateSamples({}, (e, r) => console.log(r));\n");
  w('src/crlf.ts', "\uFEFFimport AppleHealthKit from 'react-native-health';\r\nAppleHealthKit.getHeartRateSamples({ startDate: '2026-01-01' }, (err, results) => {\r\n  console.log(results);\r\n});\r\n");
  w('dist-vendor/bundle.min.js', `var a=${'1+'.repeat(2_700_000)}1;`);
  w('src/unreadable.ts', 'export const x = 1;\n');
  fs.chmodSync(path.join(dir, 'src/unreadable.ts'), 0o000);
  fs.symlinkSync(path.join(dir, 'src'), path.join(dir, 'src', 'loop'));
  fs.symlinkSync(path.join(dir, 'nowhere.ts'), path.join(dir, 'src', 'dangling.ts'));
  return dir;
}

describe('bad input', () => {
  it('gives a diagnostic naming each bad file, and the scan goes on', () => {
    const dir = brokenApp();
    const r = runCli(['scan', dir, '--format', 'json', '--no-cache']);
    expect(r.code, r.stderr).not.toBe(2);
    const json = JSON.parse(r.stdout) as JsonReport;
    const parseErrors = json.findings.filter((f) => f.ruleId === 'parse-error').map((f) => f.location.file);
    expect(parseErrors).toEqual(expect.arrayContaining([
      'app.json', 'app.config.ts', 'ios/Broken/Info.plist', 'src/syntax.ts', 'dist-vendor/bundle.min.js', 'src/dangling.ts',
    ]));
    // Root can read a mode-000 file; anyone else gets a diagnostic for it.
    if (process.getuid?.() !== 0) expect(parseErrors).toContain('src/unreadable.ts');
    expect(parseErrors).not.toContain('ios/Broken/Broken.entitlements');
    // Each bad file is named on stderr as well.
    for (const file of ['app.json', 'ios/Broken/Info.plist', 'dist-vendor/bundle.min.js']) expect(r.stderr).toContain(file);
    // The rest of the scan went on: the BOM + CRLF source is analyzed, and its flow found on the right line.
    expect(json.findings.filter((f) => f.ruleId === 'health-data-to-log').map((f) => [f.location.file, f.location.line])).toContainEqual(['src/crlf.ts', 3]);
    // The entitlements file with a BOM and CRLF line endings is read: HealthKit is entitled, so no missing-entitlement finding.
    expect(json.findings.map((f) => f.ruleId)).not.toContain('healthkit-entitlement-missing');
  });
});
