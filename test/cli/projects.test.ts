import { describe, expect, it } from 'vitest';
import { runCli, runJson, type JsonFinding } from '../harness/cli.js';

// Each miniature app under fixtures/projects runs through the real CLI; the test pins every finding by rule,
// file, line and status, so a lost or an extra finding fails it.
const rows = (findings: JsonFinding[]) => findings.map((f) => [f.ruleId, f.location.file, f.location.line, f.status]);

describe('example apps through the real CLI', () => {
  it('React Native bare: heart-rate-coach', () => {
    const { code, json } = runJson(['scan', 'fixtures/projects/heart-rate-coach']);
    expect(code).toBe(1);
    expect(json.apps).toEqual([{ name: 'heart-rate-coach', kind: 'react-native', path: '.' }]);
    // Two calls of the in-house track() wrapper reach the same SDK call: one with the weekly average (open), one
    // through the toHeartRateZone sanitizer (sanitized). Each is its own finding; their order is by fingerprint.
    const atTrack = json.findings.filter((f) => f.location.file === 'src/analytics/track.ts' && f.location.line === 9);
    expect(atTrack.map((f) => f.status).sort()).toEqual(['open', 'sanitized']);
    expect(atTrack.find((f) => f.status === 'sanitized')).toMatchObject({ guard: 'toHeartRateZone' });
    const normalized = rows(json.findings).map((r) => (r[1] === 'src/analytics/track.ts' && r[2] === 9 ? [r[0], r[1], r[2], 'OPEN_OR_SANITIZED'] : r));
    expect(normalized).toEqual([
      ['background-delivery-entitlement-missing', 'ios/HeartRateCoach/HeartRateCoach.entitlements', 1, 'open'],
      ['bluetooth-usage-description-missing', 'ios/HeartRateCoach/Info.plist', 1, 'open'],
      ['privacy-manifest-health-undeclared', 'ios/HeartRateCoach/Info.plist', 1, 'open'],
      ['privacy-manifest-missing', 'ios/HeartRateCoach/Info.plist', 1, 'open'],
      ['privacy-policy-missing', 'ios/HeartRateCoach/Info.plist', 1, 'open'],
      ['usage-description-placeholder', 'ios/HeartRateCoach/Info.plist', 11, 'open'],
      ['advertising-sdk-in-health-app', 'package.json', 18, 'open'],
      ['health-data-to-analytics', 'src/analytics/track.ts', 9, 'OPEN_OR_SANITIZED'],
      ['health-data-to-analytics', 'src/analytics/track.ts', 9, 'OPEN_OR_SANITIZED'],
      ['health-data-to-analytics', 'src/analytics/track.ts', 14, 'open'],
      ['health-data-to-first-party-network', 'src/api/client.ts', 6, 'open'],
      ['health-data-to-third-party-network', 'src/api/client.ts', 10, 'consented'],
      ['health-data-to-log', 'src/ble/heartRateStrap.ts', 24, 'open'],
      ['healthkit-permission-unused', 'src/health/healthkit.ts', 13, 'open'],
      ['health-data-to-diagnostics', 'src/screens/Dashboard.tsx', 24, 'open'],
      ['health-data-to-insecure-storage', 'src/screens/Dashboard.tsx', 25, 'open'],
      ['health-data-to-clipboard', 'src/screens/Dashboard.tsx', 45, 'open'],
    ]);
    // The wrapper call is on the path of the analytics finding, which is reported at the SDK call.
    const analytics = json.findings.find((f) => f.ruleId === 'health-data-to-analytics' && f.location.line === 9)!;
    expect(analytics.recipient).toMatchObject({ kind: 'sdk', vendor: 'Google', category: 'analytics' });
    expect(analytics.healthTypes).toEqual(['HKQuantityTypeIdentifierHeartRate']);
    expect(analytics.flow![0]!.file).toBe('src/health/healthkit.ts');
    expect(analytics.flow!.some((s) => s.file === 'src/screens/Dashboard.tsx')).toBe(true);
    expect(analytics.flow!.at(-1)).toMatchObject({ file: 'src/analytics/track.ts', line: 9 });
    const partner = json.findings.find((f) => f.ruleId === 'health-data-to-third-party-network')!;
    expect(partner.recipient).toMatchObject({ kind: 'network', host: 'ingest.partner-insights.io' });
    expect(json.summary).toMatchObject({ errors: 5, warnings: 8, infos: 2 });
    // The strap's Heart Rate Measurement (0x2A37) reaches console.log through a `device: Device` parameter.
    const strap = json.findings.find((f) => f.location.file === 'src/ble/heartRateStrap.ts')!;
    expect(strap.healthTypes).toContain('HKQuantityTypeIdentifierHeartRate');
    expect(strap.flow![0]!.note).toMatch(/monitorCharacteristicForService/);
  });

  it('Expo managed (no ios/ folder): expo-steps', () => {
    const { json } = runJson(['scan', 'fixtures/projects/expo-steps']);
    expect(json.apps).toEqual([{ name: 'expo-steps', kind: 'expo', path: '.' }]);
    // The kingstinct config plugin writes the share string and the entitlement; NSHealthUpdateUsageDescription
    // is off (false) and nothing is written, so neither usage-description rule fires.
    expect(rows(json.findings)).toEqual([
      ['privacy-manifest-health-undeclared', 'app.json', 1, 'open'],
      ['privacy-manifest-missing', 'app.json', 1, 'open'],
      ['privacy-policy-missing', 'app.json', 1, 'open'],
      ['healthkit-permission-unused', 'app/index.tsx', 15, 'open'],
      ['health-data-to-analytics', 'app/index.tsx', 20, 'open'],
      ['health-data-to-log', 'app/index.tsx', 24, 'open'],
    ]);
    expect(json.findings.find((f) => f.ruleId === 'health-data-to-analytics')!.recipient).toMatchObject({ vendor: 'PostHog' });
  });

  it('Capacitor: capacitor-glucose', () => {
    const { json } = runJson(['scan', 'fixtures/projects/capacitor-glucose']);
    expect(json.apps).toEqual([{ name: 'capacitor-glucose', kind: 'capacitor', path: '.' }]);
    expect(rows(json.findings)).toEqual([
      ['privacy-manifest-health-undeclared', 'ios/App/App/Info.plist', 1, 'open'],
      ['privacy-manifest-missing', 'ios/App/App/Info.plist', 1, 'open'],
      ['privacy-policy-missing', 'ios/App/App/Info.plist', 1, 'open'],
      ['health-data-to-analytics', 'src/glucose.ts', 25, 'open'],
      ['health-data-to-insecure-storage', 'src/glucose.ts', 26, 'open'],
      ['health-data-to-log', 'src/glucose.ts', 34, 'open'],
    ]);
    const ble = json.findings.find((f) => f.ruleId === 'health-data-to-log')!;
    expect(ble.healthTypes).toEqual(['HKQuantityTypeIdentifierBloodGlucose']);
  });

  it('Cordova: cordova-steps (sources in www/, the platforms/ copy skipped)', () => {
    const { json } = runJson(['scan', 'fixtures/projects/cordova-steps']);
    expect(json.apps).toEqual([{ name: 'cdv', kind: 'cordova', path: '.' }]);
    // cordova-plugin-health writes the entitlement and the HEALTH_READ_PERMISSION purpose string.
    expect(rows(json.findings)).toEqual([
      ['privacy-manifest-missing', 'config.xml', 1, 'open'],
      ['privacy-policy-missing', 'config.xml', 1, 'open'],
      ['health-data-to-log', 'www/js/app.js', 4, 'open'],
    ]);
  });

  it('native Swift configured through INFOPLIST_KEY_ build settings: native-swift-flows', () => {
    const { code, json } = runJson(['scan', 'fixtures/projects/native-swift-flows']);
    expect(code).toBe(1);
    expect(json.apps).toEqual([{ name: 'App', kind: 'native-ios', path: '.' }]);
    expect((json.tool as { swiftGrammar?: string }).swiftGrammar).toMatch(/tree-sitter-swift 0\.7\.1/);
    // Info.plist is generated (GENERATE_INFOPLIST_FILE): missing keys are reported at project.pbxproj, and the
    // placeholder purpose string at its INFOPLIST_KEY_ build setting.
    expect(rows(json.findings)).toEqual([
      ['health-update-usage-description-missing', 'App.xcodeproj/project.pbxproj', 1, 'open'],
      ['privacy-manifest-health-undeclared', 'App.xcodeproj/project.pbxproj', 1, 'open'],
      ['privacy-manifest-missing', 'App.xcodeproj/project.pbxproj', 1, 'open'],
      ['privacy-policy-missing', 'App.xcodeproj/project.pbxproj', 1, 'open'],
      ['usage-description-placeholder', 'App.xcodeproj/project.pbxproj', 164, 'open'],
      ['healthkit-permission-unused', 'Pulse/HeartRateStore.swift', 25, 'open'],
      ['health-data-to-log', 'Pulse/HeartRateStore.swift', 45, 'open'],
      ['healthkit-read-denial-inference', 'Pulse/HeartRateStore.swift', 62, 'open'],
      ['health-data-to-insecure-storage', 'Pulse/HeartRateStore.swift', 69, 'open'],
      ['background-delivery-entitlement-missing', 'Pulse/Pulse.entitlements', 1, 'open'],
      ['health-data-to-log', 'Pulse/StrapConnection.swift', 29, 'open'],
      ['health-data-to-first-party-network', 'Pulse/Sync.swift', 20, 'open'],
      ['health-data-to-third-party-network', 'Pulse/Sync.swift', 25, 'open'],
      ['health-data-to-analytics', 'Pulse/Telemetry.swift', 10, 'open'],
      ['health-data-to-analytics', 'Pulse/Telemetry.swift', 21, 'consented'],
    ]);
  });

  it('gives Swift findings Swift help in the terminal', () => {
    const r = runCli(['scan', 'fixtures/projects/native-swift-flows']);
    const swiftLog = r.stdout.slice(r.stdout.indexOf('Pulse/StrapConnection.swift'));
    expect(swiftLog).toMatch(/help: Log events and identifiers of types, not values: `logger\.info/);
    expect(swiftLog.slice(0, swiftLog.indexOf('docs:'))).not.toContain('console.log');
  });

  it('a monorepo with several apps reports each with its own path', () => {
    const { json } = runJson(['scan', 'fixtures/projects']);
    expect(json.apps.map((a) => [a.path, a.kind])).toEqual(expect.arrayContaining([
      ['capacitor-glucose', 'capacitor'], ['cordova-steps', 'cordova'], ['expo-steps', 'expo'], ['heart-rate-coach', 'react-native'],
      ['native-swift-flows', 'native-ios'],
    ]));
    const files = new Set(json.findings.map((f) => f.location.file.split('/')[0]));
    expect([...files]).toEqual(expect.arrayContaining(['capacitor-glucose', 'expo-steps', 'heart-rate-coach']));
  });

  it('is deterministic: the same input gives the same findings in the same order', () => {
    const a = runJson(['scan', 'fixtures/projects/heart-rate-coach']).json.findings;
    const b = runJson(['scan', 'fixtures/projects/heart-rate-coach', '--no-cache']).json.findings;
    expect(b).toEqual(a);
  });
});
