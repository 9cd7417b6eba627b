import { describe, expect, it } from 'vitest';
import { FITNESS, HEALTH, PURPOSE_ANALYTICS, PURPOSE_APP_FUNCTIONALITY, PURPOSE_OTHER, dataCategoryOf } from '../../src/manifest/categories.js';
import { checkManifest, deriveManifest, manifestFileOf, nutritionLabel } from '../../src/manifest/derive.js';
import type { TaintFlow } from '../../src/flow/types.js';
import type { AppResult } from '../../src/scan/types.js';
import { STEP_COUNT, buildFixtureResult } from '../report/fixture-result.js';

const result = buildFixtureResult();
const pulse = result.apps.find((a) => a.name === 'Pulse')!;
const glucose = result.apps.find((a) => a.name === 'Glucose')!;

function withFlows(app: AppResult, flows: TaintFlow[]): AppResult {
  return { ...app, flows };
}

describe('Health / Fitness mapping', () => {
  it('puts activity, workouts and motion under Fitness and the rest under Health', () => {
    expect(dataCategoryOf('HKQuantityTypeIdentifierStepCount')).toBe(FITNESS);
    expect(dataCategoryOf('HKQuantityTypeIdentifierDistanceCycling')).toBe(FITNESS);
    expect(dataCategoryOf('HKWorkoutTypeIdentifier')).toBe(FITNESS);
    expect(dataCategoryOf('HKQuantityTypeIdentifierVO2Max')).toBe(FITNESS);
    expect(dataCategoryOf(undefined, 'motion')).toBe(FITNESS);
    expect(dataCategoryOf('HKQuantityTypeIdentifierHeartRate')).toBe(HEALTH);
    expect(dataCategoryOf('HKQuantityTypeIdentifierWalkingSpeed')).toBe(HEALTH);
    expect(dataCategoryOf('HKCategoryTypeIdentifierSleepAnalysis')).toBe(HEALTH);
    expect(dataCategoryOf(undefined, 'healthkit-read')).toBe(HEALTH);
    expect(dataCategoryOf(undefined, 'ble-health')).toBe(HEALTH);
  });
});

describe('deriveManifest', () => {
  const pulseDerived = deriveManifest(pulse);

  it('declares Health with purposes from the destinations, linked, never tracking', () => {
    const health = pulseDerived.entries.find((e) => e.type === HEALTH)!;
    expect(health).toMatchObject({ linked: true, tracking: false, purposes: [PURPOSE_ANALYTICS, PURPOSE_APP_FUNCTIONALITY, PURPOSE_OTHER] });
    expect(health.recipients.map((r) => r.category).sort()).toEqual(['ai', 'analytics', 'analytics', 'network-first-party', 'network-third-party']);
  });

  it('declares Fitness for step data sent to the first-party backend', () => {
    expect(pulseDerived.entries.find((e) => e.type === FITNESS)).toMatchObject({ linked: true, purposes: [PURPOSE_APP_FUNCTIONALITY], healthTypes: [STEP_COUNT] });
  });

  it('reports the flow to advertising as a blocker and never turns it into a declaration', () => {
    expect(pulseDerived.blockers).toEqual([expect.objectContaining({ category: 'advertising', label: 'Meta (advertising SDK)', dataType: FITNESS })]);
    const all = JSON.stringify(pulseDerived.entries);
    expect(all).not.toMatch(/Advertising|Tracking":true/);
    expect(nutritionLabel(pulseDerived).some((l) => l.startsWith('Fix before submitting, do not declare') && l.includes('Meta'))).toBe(true);
  });

  it('does not declare data that stays on the device, and says why', () => {
    expect(pulseDerived.notCollected.map((n) => n.category).sort()).toEqual(['clipboard', 'insecure-storage', 'log']);
    const glucoseDerived = deriveManifest(glucose);
    expect(glucoseDerived.entries.map((e) => e.type)).toEqual([HEALTH]); // Sentry; iCloud is not collection
    expect(glucoseDerived.notCollected[0]!.reason).toContain('5.1.3(ii)');
  });

  it('derives "not linked" when only an AI service receives the data', () => {
    const aiOnly = deriveManifest(withFlows(pulse, pulse.flows.filter((f) => f.sink.category === 'ai')));
    expect(aiOnly.entries).toEqual([expect.objectContaining({ type: HEALTH, linked: false, purposes: [PURPOSE_APP_FUNCTIONALITY] })]);
    expect(nutritionLabel(aiOnly).some((l) => l.includes('not linked'))).toBe(true);
  });

  it('counts every flow whatever its status: a consented flow still collects', () => {
    const consented = deriveManifest(withFlows(pulse, pulse.flows.filter((f) => f.status === 'consented')));
    expect(consented.entries[0]).toMatchObject({ type: HEALTH, purposes: [PURPOSE_ANALYTICS] });
  });

  it('says there is nothing to declare when no health data leaves the device', () => {
    const none = deriveManifest(withFlows(pulse, []));
    expect(none.entries).toEqual([]);
    expect(nutritionLabel(none)[0]).toMatch(/not collected/);
    expect(checkManifest(none, undefined)).toEqual([]);
  });

  it('uses the existing manifest, else where it belongs', () => {
    expect(pulseDerived.manifestFile).toBe('apps/pulse/ios/Pulse/PrivacyInfo.xcprivacy');
    expect(deriveManifest(glucose).manifestFile).toBe('native/Glucose/Glucose/PrivacyInfo.xcprivacy');
  });
});

describe('checkManifest', () => {
  const derived = deriveManifest(pulse);
  const full = derived.entries.map((e) => ({ type: e.type, linked: e.linked, tracking: false, purposes: [...e.purposes] }));

  it('passes when every derived entry is declared (over-declaring is fine)', () => {
    expect(checkManifest(derived, full)).toEqual([]);
    expect(checkManifest(derived, [...full.map((d) => ({ ...d, purposes: [...d.purposes, 'NSPrivacyCollectedDataTypePurposeProductPersonalization'] })), { type: 'NSPrivacyCollectedDataTypeCrashData', linked: false, tracking: false, purposes: [] }])).toEqual([]);
  });

  it('reports a missing file, a missing type, linkage, purposes and tracking', () => {
    expect(checkManifest(derived, undefined)).toHaveLength(1);
    expect(checkManifest(derived, full.filter((d) => d.type !== FITNESS)).map((p) => p.dataType)).toEqual([FITNESS]);
    const wrong = full.map((d) => (d.type === HEALTH ? { ...d, linked: false, tracking: true, purposes: [PURPOSE_ANALYTICS, 'NSPrivacyCollectedDataTypePurposeThirdPartyAdvertising'] } : d));
    const msgs = checkManifest(derived, wrong).map((p) => p.message);
    expect(msgs.some((m) => m.includes('Tracking true'))).toBe(true);
    expect(msgs.some((m) => m.includes('ThirdPartyAdvertising'))).toBe(true);
    expect(msgs.some((m) => m.includes('linked to the user'))).toBe(true);
    expect(msgs.filter((m) => m.includes('lacks the purpose'))).toHaveLength(2);
  });
});

describe('manifestFileOf', () => {
  const app = (over: Partial<AppResult['facts']>): AppResult => ({ ...pulse, facts: { ...pulse.facts, privacyManifests: [], privacyManifestHome: undefined, infoPlistHome: undefined, ...over } });

  it('puts a missing manifest beside the Info.plist, or in the target folder of a generated-plist project', () => {
    expect(manifestFileOf(app({ privacyManifestHome: 'ios/App/App/Info.plist' }))).toBe('ios/App/App/PrivacyInfo.xcprivacy');
    expect(manifestFileOf(app({ privacyManifestHome: 'ios/Pulse.xcodeproj/project.pbxproj' }))).toBe('ios/Pulse/PrivacyInfo.xcprivacy');
    expect(manifestFileOf(app({ privacyManifestHome: 'ios/Pulse.xcodeproj/project.pbxproj', infoPlistHome: 'ios/Pulse/Supporting/Info.plist' }))).toBe('ios/Pulse/Supporting/PrivacyInfo.xcprivacy');
  });

  it('keeps an existing xcprivacy and an Expo config as they are', () => {
    expect(manifestFileOf(pulse)).toBe('apps/pulse/ios/Pulse/PrivacyInfo.xcprivacy');
    expect(manifestFileOf(app({ privacyManifestHome: 'expo-steps/app.json' }))).toBe('expo-steps/app.json');
    expect(manifestFileOf(app({ privacyManifestHome: 'x/app.config.ts' }))).toBe('x/app.config.ts');
    expect(manifestFileOf(app({}))).toBeUndefined();
  });

  it('prefers the Expo config when it declares ios.privacyManifests (prebuild regenerates the xcprivacy)', () => {
    const loc = { file: 'x/app.json', line: 3, column: 5, endLine: 3, endColumn: 9 };
    const manifests = [
      { file: 'x/ios/X/PrivacyInfo.xcprivacy', trackingDomains: [], collected: [] },
      { file: 'x/app.json', trackingDomains: [], collected: [{ type: 'NSPrivacyCollectedDataTypeHealth', linked: true, tracking: false, purposes: [], location: loc }] },
    ];
    expect(manifestFileOf(app({ privacyManifests: manifests }))).toBe('x/app.json');
  });
});
