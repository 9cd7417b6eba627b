import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/findings/types.js';
import { extractConfigFacts } from '../../src/facts/index.js';
import { loadCatalog } from '../../src/rules/catalog.js';
import { dirReader, fixtureBytes, FIXTURES, fixtureText, memoryReader } from './helpers.js';
import { workspace } from './workspace.js';

const catalog = loadCatalog(path.join(FIXTURES, 'catalog'));
const summary = (m: Map<string, { value: unknown; origin: string; location: { file: string; line: number } }>) =>
  Object.fromEntries([...m].map(([k, v]) => [k, [v.value, v.origin, `${v.location.file}:${v.location.line}`]]));

describe('extractConfigFacts: native Swift project with generated Info.plist', () => {
  const app = workspace('native-ios', {
    pbxproj: ['Pulse.xcodeproj/project.pbxproj'],
    infoPlists: ['PulseWidget/Info.plist', 'PulseTests/Info.plist'],
    entitlements: ['PulseWidget/PulseWidget.entitlements', 'Pulse/Pulse.entitlements'],
    privacyManifests: ['Pulse/PrivacyInfo.xcprivacy'],
    sdkPrivacyManifests: ['Pods/B/PrivacyInfo.xcprivacy', 'Pods/A/PrivacyInfo.xcprivacy'],
  });
  const diagnostics: Diagnostic[] = [];
  const facts = extractConfigFacts(app, dirReader(path.join(FIXTURES, 'native')), catalog, diagnostics);
  const pbx = 'Pulse.xcodeproj/project.pbxproj';

  it('takes INFOPLIST_KEY_* build settings of the app target (project level inherited) as Info.plist keys', () => {
    expect(diagnostics).toEqual([]);
    expect(summary(facts.infoPlist)).toEqual({
      NSBluetoothAlwaysUsageDescription: ['Connects to your heart-rate strap', 'build-setting', `${pbx}:63`],
      NSHealthShareUsageDescription: ['Pulse reads your "resting" heart rate', 'build-setting', `${pbx}:84`],
      NSHealthUpdateUsageDescription: ['Pulse saves workouts', 'build-setting', `${pbx}:73`],
    });
    expect(facts.infoPlist.get('NSHealthShareUsageDescription')!.where).toBe('build setting INFOPLIST_KEY_NSHealthShareUsageDescription (Debug, Release)');
    expect(facts.infoPlist.get('NSHealthUpdateUsageDescription')!.where).toBe('build setting INFOPLIST_KEY_NSHealthUpdateUsageDescription (Debug)');
  });

  it('reports missing keys at project.pbxproj and picks the app target entitlements, not the widget ones', () => {
    expect(facts.infoPlistHome).toBe(pbx);
    expect(facts.entitlementsHome).toBe('Pulse/Pulse.entitlements');
    expect(summary(facts.entitlements)).toEqual({
      'com.apple.developer.healthkit': [true, 'entitlements', 'Pulse/Pulse.entitlements:5'],
      'com.apple.developer.healthkit.access': [[], 'entitlements', 'Pulse/Pulse.entitlements:7'],
    });
    expect(facts.bundleIdentifier?.value).toBe('com.example.Pulse');
  });

  it('reads the privacy manifest and lists SDK manifests in order', () => {
    expect(facts.privacyManifests).toEqual([{
      file: 'Pulse/PrivacyInfo.xcprivacy',
      tracking: expect.objectContaining({ value: false, origin: 'privacy-manifest', location: expect.objectContaining({ line: 5 }) }),
      trackingDomains: [],
      collected: [{ type: 'NSPrivacyCollectedDataTypeHealth', linked: true, tracking: false, purposes: ['NSPrivacyCollectedDataTypePurposeAppFunctionality'], location: expect.objectContaining({ line: 12 }) }],
    }]);
    expect(facts.privacyManifestHome).toBe(pbx);
    expect(facts.sdkPrivacyManifests).toEqual(['Pods/A/PrivacyInfo.xcprivacy', 'Pods/B/PrivacyInfo.xcprivacy']);
  });
});

describe('extractConfigFacts: React Native bare', () => {
  const app = workspace('react-native', {
    pbxproj: ['ios/Pulse.xcodeproj/project.pbxproj'],
    infoPlists: ['ios/PulseTests/Info.plist', 'ios/Pulse/Info.plist'],
    entitlements: ['ios/Pulse/Pulse.entitlements'],
    packageJson: 'package.json',
    podfileLock: 'ios/Podfile.lock',
    fastlanePrivacyUrls: ['fastlane/metadata/de-DE/privacy_url.txt', 'fastlane/metadata/en-US/privacy_url.txt'],
  });
  const diagnostics: Diagnostic[] = [];
  const facts = extractConfigFacts(app, dirReader(path.join(FIXTURES, 'rn-bare')), catalog, diagnostics);

  it('reads the Info.plist named by INFOPLIST_FILE, not the test bundle one', () => {
    expect(diagnostics).toEqual([]);
    expect(facts.infoPlistHome).toBe('ios/Pulse/Info.plist');
    expect(summary(facts.infoPlist)).toEqual({
      CFBundleDisplayName: ['Pulse', 'info-plist', 'ios/Pulse/Info.plist:5'],
      NSHealthShareUsageDescription: ['Pulse reads your heart rate to show training zones.', 'info-plist', 'ios/Pulse/Info.plist:7'],
      NSBluetoothAlwaysUsageDescription: ['TODO', 'info-plist', 'ios/Pulse/Info.plist:9'],
      UIBackgroundModes: [['bluetooth-central'], 'info-plist', 'ios/Pulse/Info.plist:11'],
    });
    expect(facts.entitlements.get('com.apple.developer.healthkit.background-delivery')?.value).toBe(true);
    expect(facts.privacyManifests).toEqual([]);
    expect(facts.privacyManifestHome).toBe('ios/Pulse.xcodeproj/project.pbxproj');
  });

  it('inventories SDKs from npm and pods, and the fastlane privacy URL (en-US first)', () => {
    expect(facts.sdks.map((s) => [s.sdkId, s.viaKind, s.location.file])).toEqual([
      ['google-mobile-ads', 'npm', 'package.json'],
      ['google-mobile-ads', 'cocoapods', 'ios/Podfile.lock'],
    ]);
    expect(facts.dependencies.get('react-native-health')).toBe('^1.19.0');
    expect(facts.privacyPolicy).toMatchObject({ url: 'https://pulse.example/privacy', location: { file: 'fastlane/metadata/en-US/privacy_url.txt', line: 1 } });
  });

  it('reads a binary Info.plist (locations at line 1)', () => {
    const files: Record<string, string | Buffer> = {
      'ios/Pulse.xcodeproj/project.pbxproj': fixtureText('rn-bare/ios/Pulse.xcodeproj/project.pbxproj'),
      'ios/Pulse/Info.plist': fixtureBytes('plist/Binary.plist'),
    };
    const f = extractConfigFacts(workspace('react-native', { pbxproj: Object.keys(files).slice(0, 1), infoPlists: ['ios/Pulse/Info.plist'] }), memoryReader(files), catalog, []);
    expect(f.infoPlist.get('NSHealthShareUsageDescription')).toMatchObject({ value: 'Reads steps', location: { line: 1 } });
  });
});

describe('extractConfigFacts: Expo', () => {
  it('managed: keys, plugins and homes all point into app.json', () => {
    const facts = extractConfigFacts(workspace('expo', { appJson: 'app.json' }), dirReader(path.join(FIXTURES, 'expo-managed')), catalog, []);
    expect(facts.infoPlistHome).toBe('app.json');
    expect(facts.entitlementsHome).toBe('app.json');
    expect(facts.privacyManifestHome).toBe('app.json');
    expect(facts.privacyManifests.map((p) => p.file)).toEqual(['app.json']);
    expect([...facts.expoPlugins.keys()]).toContain('@kingstinct/react-native-healthkit');
    expect(facts.infoPlist.get('NSBluetoothAlwaysUsageDescription')?.origin).toBe('expo-plugin');
  });

  it('prebuilt: the native Info.plist wins for the keys it holds, Expo fills the rest', () => {
    const files = {
      'app.json': JSON.stringify({ expo: { name: 'Pulse', ios: { infoPlist: { NSHealthShareUsageDescription: 'from app.json', NSMotionUsageDescription: 'motion' } } } }),
      'ios/Pulse/Info.plist': '<plist><dict><key>NSHealthShareUsageDescription</key><string>from Info.plist</string></dict></plist>',
    };
    const facts = extractConfigFacts(workspace('expo', { appJson: 'app.json', infoPlists: ['ios/Pulse/Info.plist'] }), memoryReader(files), catalog, []);
    expect(summary(facts.infoPlist)).toEqual({
      NSHealthShareUsageDescription: ['from Info.plist', 'info-plist', 'ios/Pulse/Info.plist:1'],
      NSMotionUsageDescription: ['motion', 'expo-config', 'app.json:1'],
    });
    expect(facts.infoPlistHome).toBe('ios/Pulse/Info.plist');
  });
});

describe('extractConfigFacts: Cordova and Capacitor', () => {
  it('Cordova: plugin variables and defaults, then config.xml edit-config and config-file entries', () => {
    const diagnostics: Diagnostic[] = [];
    const app = workspace('cordova', { cordovaConfigXml: 'config.xml', packageJson: 'package.json' });
    const facts = extractConfigFacts(app, dirReader(path.join(FIXTURES, 'cordova')), catalog, diagnostics);
    expect(diagnostics).toEqual([]);
    expect(summary(facts.infoPlist)).toEqual({
      NSHealthShareUsageDescription: ['Pulse reads your steps.', 'cordova-config', 'config.xml:4'],
      NSHealthUpdateUsageDescription: ['Pulse saves workouts & heart rate.', 'cordova-config', 'config.xml:8'],
      NSBluetoothAlwaysUsageDescription: ['Pulse talks to your strap.', 'cordova-config', 'package.json:5'],
      NSBluetoothPeripheralUsageDescription: ['Pulse talks to your strap.', 'cordova-config', 'package.json:5'],
      UIBackgroundModes: [['bluetooth-central'], 'cordova-config', 'config.xml:11'],
    });
    expect(summary(facts.entitlements)).toEqual({
      'com.apple.developer.healthkit': [true, 'cordova-config', 'config.xml:4'],
      'com.apple.developer.healthkit.access': [[], 'cordova-config', 'config.xml:4'],
      'com.apple.developer.healthkit.background-delivery': [true, 'cordova-config', 'config.xml:16'],
    });
    expect(facts.bundleIdentifier?.value).toBe('io.example.pulse.ios');
    expect(facts.infoPlistHome).toBe('config.xml');
  });

  it('Cordova: default usage texts when the plugin variables are not set', () => {
    const xml = '<widget id="a"><plugin name="cordova-plugin-health" spec="3"/></widget>';
    const facts = extractConfigFacts(workspace('cordova', { cordovaConfigXml: 'config.xml' }), memoryReader({ 'config.xml': xml }), catalog, []);
    expect(facts.infoPlist.get('NSHealthShareUsageDescription')?.value).toBe('App needs to read data');
    expect(facts.infoPlist.get('NSHealthUpdateUsageDescription')?.value).toBe('App needs to write data');
  });

  it('Capacitor: appId and server.url from capacitor.config.ts', () => {
    const app = workspace('capacitor', { capacitorConfig: 'capacitor.config.ts' });
    const facts = extractConfigFacts(app, dirReader(path.join(FIXTURES, 'capacitor')), catalog, []);
    expect(facts.bundleIdentifier).toMatchObject({ value: 'app.example.pulse', origin: 'capacitor-config', location: { line: 4 } });
    expect(facts.serverUrl).toMatchObject({ value: 'http://192.168.1.20:5173', location: { line: 8 } });
  });
});
