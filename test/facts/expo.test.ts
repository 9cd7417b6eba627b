import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/findings/types.js';
import { extractExpoFacts, normalizePluginName } from '../../src/facts/expo.js';
import { dirReader, FIXTURES, memoryReader } from './helpers.js';
import { workspace } from './workspace.js';

const value = (m: Map<string, { value: unknown }>, k: string) => m.get(k)?.value;

describe('extractExpoFacts: app.json', () => {
  const diagnostics: Diagnostic[] = [];
  const facts = extractExpoFacts(workspace('expo', { appJson: 'app.json' }), dirReader(path.join(FIXTURES, 'expo-managed')), diagnostics)!;

  it('reads ios.infoPlist, entitlements, bundle id and privacy manifest with app.json lines', () => {
    expect(diagnostics).toEqual([]);
    expect(facts.file).toBe('app.json');
    expect(facts.infoPlist.get('NSHealthShareUsageDescription')).toMatchObject({
      value: 'Pulse reads your heart rate to chart training zones.', origin: 'expo-config', location: { file: 'app.json', line: 8, column: 9 },
    });
    expect(facts.entitlements.get('com.apple.developer.healthkit')).toMatchObject({ value: true, origin: 'expo-config', location: { line: 12 } });
    expect(facts.bundleIdentifier?.value).toBe('com.example.pulse');
    expect(facts.privacyManifest).toMatchObject({
      file: 'app.json',
      tracking: { value: false },
      collected: [{ type: 'NSPrivacyCollectedDataTypeHealth', linked: false, tracking: false, purposes: ['NSPrivacyCollectedDataTypePurposeAppFunctionality'], location: { line: 18 } }],
    });
  });

  it('lists plugins by package name with their options and location', () => {
    expect([...facts.plugins.keys()]).toEqual(['expo-router', '@kingstinct/react-native-healthkit', 'react-native-ble-plx', 'react-native-google-mobile-ads']);
    expect(facts.plugins.get('@kingstinct/react-native-healthkit')).toMatchObject({ options: { NSHealthUpdateUsageDescription: false, background: false }, location: { line: 28 } });
  });

  it('applies what each plugin writes: explicit option, opt-outs, and default texts', () => {
    expect(facts.infoPlist.get('NSHealthShareUsageDescription')?.origin).toBe('expo-config');
    expect(facts.infoPlist.has('NSHealthUpdateUsageDescription')).toBe(false);
    expect(value(facts.entitlements, 'com.apple.developer.healthkit')).toBe(true);
    expect(facts.entitlements.has('com.apple.developer.healthkit.background-delivery')).toBe(false);
    expect(facts.infoPlist.get('NSBluetoothAlwaysUsageDescription')).toMatchObject({ value: 'Pulse connects to your chest strap.', origin: 'expo-plugin', location: { line: 29 } });
    expect(value(facts.infoPlist, 'UIBackgroundModes')).toEqual(['processing', 'bluetooth-central']);
    expect(value(facts.infoPlist, 'GADApplicationIdentifier')).toBe('ca-app-pub-1~2');
    expect(value(facts.infoPlist, 'GADDelayAppMeasurementInit')).toBe(false);
    expect(value(facts.infoPlist, 'SKAdNetworkItems')).toEqual([{ SKAdNetworkIdentifier: 'cstr6suwn9.skadnetwork' }]);
    expect(facts.unevaluated).toEqual([]);
  });

  it('writes the HealthKit plugin defaults from the app name when no option or key is set', () => {
    const reader = memoryReader({ 'app.json': JSON.stringify({ expo: { name: 'Pulse', plugins: ['@kingstinct/react-native-healthkit'] } }) });
    const f = extractExpoFacts(workspace('expo', { appJson: 'app.json' }), reader, [])!;
    expect(f.infoPlist.get('NSHealthShareUsageDescription')).toMatchObject({ value: 'Pulse wants to read your health data', origin: 'expo-plugin', location: { line: 1 } });
    expect(value(f.infoPlist, 'NSHealthUpdateUsageDescription')).toBe('Pulse wants to update your health data');
    expect(value(f.entitlements, 'com.apple.developer.healthkit.background-delivery')).toBe(true);
  });
});

describe('extractExpoFacts: app.config.ts', () => {
  const diagnostics: Diagnostic[] = [];
  const facts = extractExpoFacts(workspace('expo', { appJson: 'app.json', appConfig: 'app.config.ts' }), dirReader(path.join(FIXTURES, 'expo-dynamic')), diagnostics)!;

  it('merges app.json into a function export and keeps each key where it was written', () => {
    expect(diagnostics).toEqual([]);
    expect(facts.file).toBe('app.config.ts');
    expect(facts.infoPlist.get('NSHealthUpdateUsageDescription')).toMatchObject({ value: 'Pulse saves your workouts to Apple Health.', location: { file: 'app.config.ts', line: 13 } });
    expect(facts.infoPlist.get('NSHealthShareUsageDescription')).toMatchObject({ value: 'From app.json', location: { file: 'app.json', line: 5 } });
  });

  it('records what could not be evaluated and never guesses it', () => {
    expect(facts.bundleIdentifier).toMatchObject({ value: undefined, isUnknownValue: true, location: { line: 10 } });
    expect(facts.unevaluated).toEqual([{ path: 'ios.bundleIdentifier', location: expect.objectContaining({ file: 'app.config.ts', line: 10 }) }]);
  });

  it('applies react-native-health: empty option falls back to the existing key, clinical records on', () => {
    expect(facts.infoPlist.get('NSHealthShareUsageDescription')?.value).toBe('From app.json');
    expect(facts.infoPlist.get('NSHealthClinicalHealthRecordsShareUsageDescription')).toMatchObject({ value: 'Allow $(PRODUCT_NAME) to check health clinical info', origin: 'expo-plugin' });
    expect(value(facts.entitlements, 'com.apple.developer.healthkit.access')).toEqual(['health-records']);
    expect(value(facts.infoPlist, 'NSBluetoothAlwaysUsageDescription')).toBe('Allow $(PRODUCT_NAME) to connect to bluetooth devices');
  });
});

describe('extractExpoFacts: malformed input', () => {
  it('reports invalid JSON (with BOM and CRLF) at its line and goes on with app.config.ts', () => {
    const diagnostics: Diagnostic[] = [];
    const facts = extractExpoFacts(workspace('expo', { appJson: 'app.json', appConfig: 'app.config.ts' }), dirReader(path.join(FIXTURES, 'expo-broken')), diagnostics)!;
    expect(diagnostics.map((d) => [d.file, d.line])).toEqual([['app.json', 4], ['app.config.ts', 7]]);
    expect(diagnostics[0]!.message).toMatch(/invalid JSON/);
    expect(diagnostics[1]!.message).toMatch(/syntax error/);
    expect(facts.infoPlist.get('NSHealthShareUsageDescription')?.value).toBe('Reads steps');
  });

  it('falls back to app.json when app.config.ts cannot be read', () => {
    const reader = memoryReader({ 'app.json': '{"expo":{"ios":{"infoPlist":{"K":"v"}}}}', 'app.config.js': undefined });
    const diagnostics: Diagnostic[] = [];
    const facts = extractExpoFacts(workspace('expo', { appJson: 'app.json', appConfig: 'app.config.js' }), reader, diagnostics)!;
    expect(facts.file).toBe('app.json');
    expect(facts.infoPlist.get('K')?.value).toBe('v');
  });

  it('marks plugin options that come from the environment as unknown', () => {
    const reader = memoryReader({ 'app.config.js': `module.exports = { plugins: [['react-native-ble-plx', { bluetoothAlwaysPermission: process.env.BT }]] };` });
    const facts = extractExpoFacts(workspace('expo', { appConfig: 'app.config.js' }), reader, [])!;
    expect(facts.infoPlist.get('NSBluetoothAlwaysUsageDescription')).toMatchObject({ isUnknownValue: true, origin: 'expo-plugin' });
  });
});

it('normalizes plugin paths to package names', () => {
  expect(normalizePluginName('@kingstinct/react-native-healthkit/app.plugin')).toBe('@kingstinct/react-native-healthkit');
  expect(normalizePluginName('react-native-ble-plx/plugin/build/index.js')).toBe('react-native-ble-plx');
  expect(normalizePluginName('./plugins/withHealth')).toBe('./plugins/withHealth');
});
