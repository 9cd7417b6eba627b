/**
 * A hand-built ScanResult shared by the HTML, Markdown and manifest tests: two apps (a React Native app and a
 * native Swift app), flow findings in every status, configuration findings, SDKs, usage and flows. Locations
 * are computed from the source texts below, so excerpts and lines always agree.
 */
import type { Finding, FindingStatus, FlowStep, Recipient, Severity, SourceLocation, Suppression } from '../../src/findings/types.js';
import type { AppConfigFacts, ConfigValue, PrivacyManifestFacts, SdkPresence } from '../../src/facts/types.js';
import type { CodeUsage, SinkCategory, SourceKind, TaintFlow } from '../../src/flow/types.js';
import type { RuleMeta, RuleRegistry, RuleFamily } from '../../src/rules/registry.js';
import type { AppResult, ScanResult } from '../../src/scan/types.js';
import { defaultConfig } from '../../src/config/types.js';

export const FIXED_DATE = '2026-11-21T04:00:00.000Z';

export const SOURCES: Record<string, string> = {
  'apps/pulse/src/health/heart.ts': [
    "import AppleHealthKit from 'react-native-health';",
    "import analytics from '@react-native-firebase/analytics';",
    "import { AppEventsLogger } from 'react-native-fbsdk-next';",
    "import { hasResearchConsent } from '../privacy/consent';",
    "import { toHeartRateZone } from './zones';",
    "import * as amplitude from '@amplitude/analytics-react-native';",
    '',
    'export function syncHeartRate(options: HealthInputOptions) {',
    '  AppleHealthKit.getHeartRateSamples(options, (err, samples) => {',
    '    const bpm = samples[0]?.value;',
    "    analytics().logEvent('heart_rate', { bpm });",
    '    if (hasResearchConsent()) {',
    "      amplitude.track('hr_sample', { bpm });",
    '    }',
    '    const zone = toHeartRateZone(bpm);',
    "    fetch('https://partner.example-research.org/v1/zones', { method: 'POST', body: JSON.stringify({ zone }) });",
    "    fetch('https://api.pulsetrack.app/v2/samples', { method: 'POST', body: JSON.stringify({ bpm }) });",
    '    // hkguard-ignore health-data-to-log -- debug builds only; release strips console via babel',
    "    console.log('<hr>', bpm, \"&\");",
    '  });',
    '}',
    '',
  ].join('\n'),
  'apps/pulse/src/health/steps.ts': [
    "import AppleHealthKit from 'react-native-health';",
    "import { AppEventsLogger } from 'react-native-fbsdk-next';",
    "import AsyncStorage from '@react-native-async-storage/async-storage';",
    "import Clipboard from '@react-native-clipboard/clipboard';",
    '',
    'export function shareSteps(options: HealthInputOptions) {',
    '  AppleHealthKit.getStepCount(options, (err, result) => {',
    '    const steps = result.value;',
    "    AppEventsLogger.logEvent('daily_steps', steps);",
    "    AsyncStorage.setItem('steps-cache', JSON.stringify(steps));",
    "    fetch('https://api.pulsetrack.app/v2/steps', { method: 'POST', body: JSON.stringify({ steps }) });",
    '    Clipboard.setString(String(steps));',
    '  });',
    '}',
    '',
  ].join('\n'),
  'apps/pulse/src/health/sleep.ts': [
    "import AppleHealthKit from 'react-native-health';",
    "import AsyncStorage from '@react-native-async-storage/async-storage';",
    "import OpenAI from 'openai';",
    '',
    'export async function coachSleep(client: OpenAI, options: HealthInputOptions) {',
    '  AppleHealthKit.getSleepSamples(options, async (err, nights) => {',
    "    await AsyncStorage.setItem('sleep-cache', JSON.stringify(nights));",
    "    await client.responses.create({ model: 'gpt-5', input: `Coach me: ${JSON.stringify(nights)}` });",
    '  });',
    '}',
    '',
  ].join('\n'),
  'apps/pulse/src/health/permissions.ts': [
    "import AppleHealthKit from 'react-native-health';",
    '',
    'export const permissions = {',
    '  permissions: {',
    '    read: [AppleHealthKit.Constants.Permissions.HeartRate, AppleHealthKit.Constants.Permissions.StepCount,',
    '      AppleHealthKit.Constants.Permissions.SleepAnalysis, AppleHealthKit.Constants.Permissions.Weight],',
    '    write: [AppleHealthKit.Constants.Permissions.HeartRate],',
    '  },',
    '};',
    'AppleHealthKit.initHealthKit(permissions, () => {});',
    'AppleHealthKit.saveHeartRateSample({ value: 72 }, () => {});',
    '',
  ].join('\n'),
  'apps/pulse/ios/Pulse/Info.plist': [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<plist version="1.0">',
    '<dict>',
    '\t<key>CFBundleShortVersionString</key>',
    '\t<string>3.4.1</string>',
    '\t<key>CFBundleVersion</key>',
    '\t<string>412</string>',
    '\t<key>NSHealthShareUsageDescription</key>',
    '\t<string>Pulse reads your heart rate, steps and sleep to show your daily trends.</string>',
    '\t<key>NSHealthUpdateUsageDescription</key>',
    '\t<string>$(PRODUCT_NAME) wants to update your health data</string>',
    '\t<key>UIBackgroundModes</key>',
    '\t<array><string>bluetooth-central</string><string>fetch</string></array>',
    '</dict>',
    '</plist>',
    '',
  ].join('\n'),
  'apps/pulse/ios/Pulse/PrivacyInfo.xcprivacy': [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<plist version="1.0">',
    '<dict>',
    '\t<key>NSPrivacyTracking</key>',
    '\t<false/>',
    '</dict>',
    '</plist>',
    '',
  ].join('\n'),
  'native/Glucose/Sources/GlucoseSync.swift': [
    'import HealthKit',
    'import Sentry',
    '',
    'final class GlucoseSync {',
    '    let store = HKHealthStore()',
    '    func sync() {',
    '        let type = HKQuantityType(.bloodGlucose)',
    '        let query = HKSampleQuery(sampleType: type, predicate: nil, limit: 10, sortDescriptors: nil) { _, samples, _ in',
    '            let latest = samples?.first as? HKQuantitySample',
    '            NSUbiquitousKeyValueStore.default.set(latest?.quantity.description, forKey: "glucose")',
    '            SentrySDK.capture(message: "glucose \\(latest?.quantity.description ?? "")")',
    '        }',
    '        store.execute(query)',
    '    }',
    '}',
    '',
  ].join('\n'),
};

/** Location of the first occurrence of `needle` in a fixture source (1-based line and column). */
export function loc(file: string, needle: string, occurrence = 1): SourceLocation {
  const text = SOURCES[file];
  if (text === undefined) throw new Error(`no fixture source ${file}`);
  const lines = text.split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    const col = lines[i]!.indexOf(needle);
    if (col >= 0 && ++seen === occurrence) {
      return { file, line: i + 1, column: col + 1, endLine: i + 1, endColumn: col + 1 + needle.length };
    }
  }
  throw new Error(`"${needle}" not in ${file}`);
}

function step(file: string, needle: string, note: string): FlowStep {
  const l = loc(file, needle);
  return { file, line: l.line, column: l.column, note };
}

const G_513 = { clause: '5.1.3(i)', text: 'Health data may not be used or disclosed to third parties for advertising, marketing or use-based data mining.', url: 'https://developer.apple.com/app-store/review/guidelines/#health-and-health-research' };
const G_513ii = { clause: '5.1.3(ii)', text: 'Apps must not store personal health information in iCloud.', url: 'https://developer.apple.com/app-store/review/guidelines/#health-and-health-research' };
const G_512 = { clause: '5.1.2(i)', text: 'Personal data may be shared with third parties, including third-party AI, only with disclosure and explicit permission.', url: 'https://developer.apple.com/app-store/review/guidelines/#data-use-and-sharing' };
const G_511 = { clause: '5.1.1(i)', text: 'Apps must disclose what data they collect and how it is used, and provide a privacy policy.', url: 'https://developer.apple.com/app-store/review/guidelines/#data-collection-and-storage' };

function meta(id: string, family: RuleFamily, severity: Severity, title: string, guidelines: RuleMeta['guidelines'], sinkCategories: SinkCategory[] = []): RuleMeta {
  return {
    id, family, severity, title,
    summary: `${title}.`,
    why: 'Apple forbids it for health data.',
    fix: `Fix: ${title.toLowerCase()} — remove the flow or guard it.`,
    guidelines,
    references: [{ title: 'Protecting user privacy (HealthKit)', url: 'https://developer.apple.com/documentation/healthkit/protecting-user-privacy' }],
    sinkCategories,
    inlineSuppressible: true,
    file: `rules/${family}/${id}.yaml`,
  };
}

export const RULE_METAS: RuleMeta[] = [
  meta('health-data-to-advertising', 'flow', 'error', 'Health data reaches an advertising SDK', [G_513], ['advertising', 'attribution']),
  meta('health-data-to-analytics', 'flow', 'error', 'Health data reaches an analytics SDK', [G_513], ['analytics', 'marketing', 'engagement']),
  meta('health-data-to-diagnostics', 'flow', 'warning', 'Health data reaches a crash reporter or session replay', [G_513], ['crash', 'apm', 'session-replay']),
  meta('health-data-to-ai-service', 'flow', 'error', 'Health data reaches a third-party AI service', [G_512, G_513], ['ai']),
  meta('health-data-to-third-party-network', 'flow', 'error', 'Health data is sent to a third-party server', [G_513], ['network-third-party']),
  meta('health-data-to-first-party-network', 'flow', 'info', "Health data is sent to the app's own server", [G_511], ['network-first-party']),
  meta('health-data-to-log', 'flow', 'warning', 'Health data is written to a log', [G_513], ['log']),
  meta('health-data-to-insecure-storage', 'flow', 'warning', 'Health data is stored unencrypted', [G_513], ['insecure-storage']),
  meta('health-data-to-icloud', 'flow', 'error', 'Health data is stored in iCloud', [G_513ii], ['icloud']),
  meta('health-data-to-clipboard', 'flow', 'warning', 'Health data is copied to the clipboard', [G_513], ['clipboard']),
  meta('privacy-manifest-health-undeclared', 'configuration', 'error', 'The privacy manifest does not declare health data', [G_511]),
  meta('privacy-manifest-missing', 'configuration', 'warning', 'The app has no privacy manifest', [G_511]),
  meta('usage-description-placeholder', 'configuration', 'warning', 'A usage description is a placeholder', [{ clause: '5.1.1(ii)', text: 'Purpose strings must explain clearly why the app needs the data.', url: 'https://developer.apple.com/app-store/review/guidelines/#data-collection-and-storage' }]),
  meta('healthkit-permission-unused', 'permission', 'warning', 'A HealthKit type is requested but never used', [{ clause: '5.1.1(iii)', text: 'Apps should request access only to data relevant to their core functionality.', url: 'https://developer.apple.com/app-store/review/guidelines/#data-collection-and-storage' }]),
  meta('privacy-policy-missing', 'configuration', 'warning', 'No privacy policy URL was found', [G_511]),
  meta('advertising-sdk-in-health-app', 'inventory', 'info', 'An advertising SDK ships in a health app', []),
];

export function fixtureRegistry(metas: RuleMeta[] = RULE_METAS): RuleRegistry {
  const byId = new Map(metas.map((m) => [m.id, m]));
  return {
    all: [...metas].sort((a, b) => a.id.localeCompare(b.id)),
    get: (id) => byId.get(id),
    forSinkCategory: (c) => metas.find((m) => m.sinkCategories.includes(c)),
  };
}

const HEART = 'apps/pulse/src/health/heart.ts';
const STEPS = 'apps/pulse/src/health/steps.ts';
const SLEEP = 'apps/pulse/src/health/sleep.ts';
const PERMS = 'apps/pulse/src/health/permissions.ts';
const SWIFT = 'native/Glucose/Sources/GlucoseSync.swift';
const PLIST = 'apps/pulse/ios/Pulse/Info.plist';
const PRIVACY = 'apps/pulse/ios/Pulse/PrivacyInfo.xcprivacy';

export const HR = 'HKQuantityTypeIdentifierHeartRate';
export const STEP_COUNT = 'HKQuantityTypeIdentifierStepCount';
export const SLEEP_TYPE = 'HKCategoryTypeIdentifierSleepAnalysis';
export const GLUCOSE = 'HKQuantityTypeIdentifierBloodGlucose';
export const BODY_MASS = 'HKQuantityTypeIdentifierBodyMass';

interface FlowSpec {
  ruleId: string;
  severity: Severity;
  app: string;
  sourceFile: string;
  sourceNeedle: string;
  sourceApi: string;
  sourceKind?: SourceKind;
  types: string[];
  sinkFile?: string;
  sinkNeedle: string;
  sinkApi: string;
  category: SinkCategory;
  recipient: Recipient;
  hops: Array<[string, string]>;
  status: FindingStatus;
  guard?: string;
  suppression?: Suppression;
  language?: TaintFlow['language'];
}

const FLOW_SPECS: FlowSpec[] = [
  {
    ruleId: 'health-data-to-analytics', severity: 'error', app: 'apps/pulse', sourceFile: HEART, sourceNeedle: 'getHeartRateSamples',
    sourceApi: 'react-native-health getHeartRateSamples', types: [HR], sinkNeedle: 'logEvent', sinkApi: '@react-native-firebase/analytics logEvent',
    category: 'analytics', recipient: { kind: 'sdk', vendor: 'Google', category: 'analytics' }, hops: [['const bpm', 'assigned to bpm']], status: 'open',
  },
  {
    ruleId: 'health-data-to-analytics', severity: 'error', app: 'apps/pulse', sourceFile: HEART, sourceNeedle: 'getHeartRateSamples',
    sourceApi: 'react-native-health getHeartRateSamples', types: [HR], sinkNeedle: 'amplitude.track', sinkApi: '@amplitude/analytics-react-native track',
    category: 'analytics', recipient: { kind: 'sdk', vendor: 'Amplitude', category: 'analytics' }, hops: [['const bpm', 'assigned to bpm'], ['hasResearchConsent()', 'guarded by hasResearchConsent()']],
    status: 'consented', guard: 'hasResearchConsent',
  },
  {
    ruleId: 'health-data-to-third-party-network', severity: 'error', app: 'apps/pulse', sourceFile: HEART, sourceNeedle: 'getHeartRateSamples',
    sourceApi: 'react-native-health getHeartRateSamples', types: [HR], sinkNeedle: "fetch('https://partner", sinkApi: 'fetch',
    category: 'network-third-party', recipient: { kind: 'network', host: 'partner.example-research.org', category: 'network-third-party' },
    hops: [['const bpm', 'assigned to bpm'], ['toHeartRateZone(bpm)', 'passed through toHeartRateZone()']], status: 'sanitized', guard: 'toHeartRateZone',
  },
  {
    ruleId: 'health-data-to-first-party-network', severity: 'info', app: 'apps/pulse', sourceFile: HEART, sourceNeedle: 'getHeartRateSamples',
    sourceApi: 'react-native-health getHeartRateSamples', types: [HR], sinkNeedle: "fetch('https://api.pulsetrack", sinkApi: 'fetch',
    category: 'network-first-party', recipient: { kind: 'network', host: 'api.pulsetrack.app', category: 'network-first-party' }, hops: [['const bpm', 'assigned to bpm']], status: 'open',
  },
  {
    ruleId: 'health-data-to-log', severity: 'warning', app: 'apps/pulse', sourceFile: HEART, sourceNeedle: 'getHeartRateSamples',
    sourceApi: 'react-native-health getHeartRateSamples', types: [HR], sinkNeedle: 'console.log', sinkApi: 'console.log',
    category: 'log', recipient: { kind: 'log', category: 'log' }, hops: [['const bpm', 'assigned to bpm']], status: 'suppressed',
    suppression: { kind: 'inline', reason: 'debug builds only; release strips console via babel' },
  },
  {
    ruleId: 'health-data-to-advertising', severity: 'error', app: 'apps/pulse', sourceFile: STEPS, sourceNeedle: 'getStepCount',
    sourceApi: 'react-native-health getStepCount', types: [STEP_COUNT], sinkNeedle: 'AppEventsLogger.logEvent', sinkApi: 'react-native-fbsdk-next AppEventsLogger.logEvent',
    category: 'advertising', recipient: { kind: 'sdk', vendor: 'Meta', category: 'advertising' }, hops: [['const steps', 'assigned to steps']], status: 'open',
  },
  {
    ruleId: 'health-data-to-insecure-storage', severity: 'warning', app: 'apps/pulse', sourceFile: STEPS, sourceNeedle: 'getStepCount',
    sourceApi: 'react-native-health getStepCount', types: [STEP_COUNT], sinkNeedle: 'AsyncStorage.setItem', sinkApi: 'AsyncStorage.setItem',
    category: 'insecure-storage', recipient: { kind: 'storage', vendor: 'AsyncStorage', category: 'insecure-storage' }, hops: [['const steps', 'assigned to steps']], status: 'baselined',
    suppression: { kind: 'baseline', reason: 'Accepted 2026-10-01: migration to encrypted MMKV tracked in PT-412' },
  },
  {
    ruleId: 'health-data-to-first-party-network', severity: 'info', app: 'apps/pulse', sourceFile: STEPS, sourceNeedle: 'getStepCount',
    sourceApi: 'react-native-health getStepCount', types: [STEP_COUNT], sinkNeedle: "fetch('https://api.pulsetrack", sinkApi: 'fetch',
    category: 'network-first-party', recipient: { kind: 'network', host: 'api.pulsetrack.app', category: 'network-first-party' }, hops: [['const steps', 'assigned to steps']], status: 'open',
  },
  {
    ruleId: 'health-data-to-clipboard', severity: 'warning', app: 'apps/pulse', sourceFile: STEPS, sourceNeedle: 'result.value',
    sourceApi: 'callback result', types: [], sinkNeedle: 'Clipboard.setString', sinkApi: 'Clipboard.setString',
    category: 'clipboard', recipient: { kind: 'clipboard', category: 'clipboard' }, hops: [['const steps', 'assigned to steps']], status: 'open',
  },
  {
    ruleId: 'health-data-to-insecure-storage', severity: 'warning', app: 'apps/pulse', sourceFile: SLEEP, sourceNeedle: 'getSleepSamples',
    sourceApi: 'react-native-health getSleepSamples', types: [SLEEP_TYPE], sinkNeedle: 'AsyncStorage.setItem', sinkApi: 'AsyncStorage.setItem',
    category: 'insecure-storage', recipient: { kind: 'storage', vendor: 'AsyncStorage', category: 'insecure-storage' }, hops: [['nights', 'callback parameter nights']], status: 'open',
  },
  {
    ruleId: 'health-data-to-ai-service', severity: 'error', app: 'apps/pulse', sourceFile: SLEEP, sourceNeedle: 'getSleepSamples',
    sourceApi: 'react-native-health getSleepSamples', types: [SLEEP_TYPE], sinkNeedle: 'client.responses.create', sinkApi: 'openai responses.create',
    category: 'ai', recipient: { kind: 'ai', vendor: 'OpenAI', host: 'api.openai.com', category: 'ai' }, hops: [['nights', 'callback parameter nights'], ['JSON.stringify(nights)', 'interpolated into input']], status: 'open',
  },
  {
    ruleId: 'health-data-to-icloud', severity: 'error', app: 'native/Glucose', sourceFile: SWIFT, sourceNeedle: 'HKSampleQuery',
    sourceApi: 'HealthKit HKSampleQuery', types: [GLUCOSE], sinkNeedle: 'NSUbiquitousKeyValueStore', sinkApi: 'NSUbiquitousKeyValueStore.set',
    category: 'icloud', recipient: { kind: 'icloud', vendor: 'NSUbiquitousKeyValueStore', category: 'icloud' }, hops: [['let latest', 'assigned to latest']], status: 'open', language: 'swift',
  },
  {
    ruleId: 'health-data-to-diagnostics', severity: 'warning', app: 'native/Glucose', sourceFile: SWIFT, sourceNeedle: 'HKSampleQuery',
    sourceApi: 'HealthKit HKSampleQuery', types: [GLUCOSE], sinkNeedle: 'SentrySDK.capture', sinkApi: 'SentrySDK.capture',
    category: 'crash', recipient: { kind: 'sdk', vendor: 'Sentry', category: 'crash' }, hops: [['let latest', 'assigned to latest']], status: 'open', language: 'swift',
  },
];

function flowFromSpec(s: FlowSpec): TaintFlow {
  const sinkFile = s.sinkFile ?? s.sourceFile;
  const source = loc(s.sourceFile, s.sourceNeedle);
  const sink = loc(sinkFile, s.sinkNeedle);
  const steps: FlowStep[] = [
    { file: s.sourceFile, line: source.line, column: source.column, note: `HealthKit read: ${s.sourceApi}` },
    ...s.hops.map(([needle, note]) => step(s.sourceFile, needle, note)),
    { file: sinkFile, line: sink.line, column: sink.column, note: `sink: ${s.sinkApi}` },
  ];
  return {
    source: { kind: s.sourceKind ?? 'healthkit-read', api: s.sourceApi, location: source, healthTypes: s.types },
    sink: { category: s.category, recipient: s.recipient, api: s.sinkApi, location: sink },
    steps, status: s.status === 'consented' || s.status === 'sanitized' ? s.status : 'open', guard: s.guard, language: s.language ?? 'typescript',
  };
}

function findingFromSpec(s: FlowSpec, i: number): Finding {
  const flow = flowFromSpec(s);
  const types = s.types.map((t) => t.replace(/^HK\w+TypeIdentifier/, '')).join(', ') || 'Health data';
  return {
    ruleId: s.ruleId, severity: s.severity,
    message: `Health data (${types}) from ${s.sourceApi} reaches ${s.recipient.vendor ?? s.recipient.host ?? s.recipient.kind} through ${s.sinkApi}. Apple forbids it for health data. Remove the flow or guard it.`,
    location: flow.sink.location, healthTypes: [...s.types].sort(), recipient: s.recipient, flow: flow.steps,
    status: s.status, suppression: s.suppression, guard: s.guard, fingerprint: `fp-flow-${String(i).padStart(2, '0')}`, app: s.app,
  };
}

function configFinding(ruleId: string, severity: Severity, location: SourceLocation, message: string, app: string, fp: string, extra: Partial<Finding> = {}): Finding {
  return { ruleId, severity, message, location, healthTypes: [], status: 'open', fingerprint: fp, app, ...extra };
}

function cv(key: string, value: unknown, location: SourceLocation, where = location.file): ConfigValue {
  return { key, value, location, origin: 'info-plist', where };
}

function at(file: string, line = 1): SourceLocation {
  return { file, line, column: 1, endLine: line, endColumn: 1 };
}

function sdk(sdkId: string, vendor: string, product: string, category: string, via: string, version: string, file: string): SdkPresence {
  return { sdkId, vendor, product, category, via, viaKind: file.endsWith('Podfile.lock') ? 'cocoapods' : 'npm', version, location: at(file, 12) };
}

function pulseFacts(): AppConfigFacts {
  const privacy: PrivacyManifestFacts = { file: PRIVACY, tracking: { key: 'NSPrivacyTracking', value: false, location: at(PRIVACY, 4), origin: 'privacy-manifest', where: PRIVACY }, trackingDomains: [], collected: [] };
  return {
    infoPlist: new Map([
      ['CFBundleShortVersionString', cv('CFBundleShortVersionString', '3.4.1', loc(PLIST, 'CFBundleShortVersionString'))],
      ['CFBundleVersion', cv('CFBundleVersion', '412', loc(PLIST, '<key>CFBundleVersion'))],
      ['NSHealthShareUsageDescription', cv('NSHealthShareUsageDescription', 'Pulse reads your heart rate, steps and sleep to show your daily trends.', loc(PLIST, 'NSHealthShareUsageDescription'))],
      ['NSHealthUpdateUsageDescription', cv('NSHealthUpdateUsageDescription', '$(PRODUCT_NAME) wants to update your health data', loc(PLIST, 'NSHealthUpdateUsageDescription'))],
      ['UIBackgroundModes', cv('UIBackgroundModes', ['bluetooth-central', 'fetch'], loc(PLIST, 'UIBackgroundModes'))],
    ]),
    infoPlistHome: PLIST,
    entitlements: new Map([
      ['com.apple.developer.healthkit', { key: 'com.apple.developer.healthkit', value: true, location: at('apps/pulse/ios/Pulse/Pulse.entitlements', 5), origin: 'entitlements', where: 'apps/pulse/ios/Pulse/Pulse.entitlements' }],
    ]),
    entitlementsHome: 'apps/pulse/ios/Pulse/Pulse.entitlements',
    privacyManifests: [privacy],
    privacyManifestHome: PRIVACY,
    sdkPrivacyManifests: ['apps/pulse/ios/Pods/FirebaseAnalytics/PrivacyInfo.xcprivacy'],
    sdks: [
      sdk('firebase-analytics', 'Google', 'Firebase Analytics', 'analytics', '@react-native-firebase/analytics', '21.6.1', 'apps/pulse/package.json'),
      sdk('amplitude', 'Amplitude', 'Amplitude Analytics', 'analytics', '@amplitude/analytics-react-native', '1.4.11', 'apps/pulse/package.json'),
      sdk('facebook-sdk', 'Meta', 'Facebook SDK (App Events)', 'advertising', 'react-native-fbsdk-next', '13.4.1', 'apps/pulse/package.json'),
      sdk('openai', 'OpenAI', 'OpenAI API', 'ai', 'openai', '5.10.0', 'apps/pulse/package.json'),
    ],
    privacyPolicy: undefined,
    expoPlugins: new Map(),
    dependencies: new Map([['react-native', '0.81.4'], ['react-native-health', '^1.19.0']]),
    dependencyLocations: new Map(),
  };
}

function glucoseFacts(): AppConfigFacts {
  return {
    infoPlist: new Map([
      ['CFBundleShortVersionString', { key: 'CFBundleShortVersionString', value: '1.0', location: at('native/Glucose/Glucose.xcodeproj/project.pbxproj', 310), origin: 'build-setting', where: 'build setting MARKETING_VERSION (Debug, Release)' }],
      ['NSHealthShareUsageDescription', { key: 'NSHealthShareUsageDescription', value: 'Glucose reads your blood glucose to chart it.', location: at('native/Glucose/Glucose.xcodeproj/project.pbxproj', 318), origin: 'build-setting', where: 'build setting INFOPLIST_KEY_NSHealthShareUsageDescription (Debug, Release)' }],
    ]),
    infoPlistHome: 'native/Glucose/Glucose.xcodeproj/project.pbxproj',
    entitlements: new Map([
      ['com.apple.developer.healthkit', { key: 'com.apple.developer.healthkit', value: true, location: at('native/Glucose/Glucose.entitlements', 5), origin: 'entitlements', where: 'native/Glucose/Glucose.entitlements' }],
      ['com.apple.developer.healthkit.background-delivery', { key: 'com.apple.developer.healthkit.background-delivery', value: true, location: at('native/Glucose/Glucose.entitlements', 7), origin: 'entitlements', where: 'native/Glucose/Glucose.entitlements' }],
    ]),
    entitlementsHome: 'native/Glucose/Glucose.entitlements',
    privacyManifests: [],
    privacyManifestHome: 'native/Glucose/Glucose/PrivacyInfo.xcprivacy',
    sdkPrivacyManifests: [],
    sdks: [sdk('sentry', 'Sentry', 'Sentry', 'crash', 'Sentry', '8.40.1', 'native/Glucose/Podfile.lock')],
    privacyPolicy: { url: 'https://glucose.example/privacy', location: at('native/Glucose/fastlane/metadata/en-US/privacy_url.txt'), where: 'fastlane metadata' },
    expoPlugins: new Map(),
    dependencies: new Map(),
    dependencyLocations: new Map(),
  };
}

function pulseUsage(): CodeUsage {
  const tr = (identifier: string, needle: string) => ({ identifier, location: loc(PERMS, needle) });
  return {
    healthkit: [
      { kind: 'read', library: 'react-native-health', api: 'getHeartRateSamples', healthTypes: [HR], location: loc(HEART, 'getHeartRateSamples') },
      { kind: 'read', library: 'react-native-health', api: 'getStepCount', healthTypes: [STEP_COUNT], location: loc(STEPS, 'getStepCount') },
      { kind: 'read', library: 'react-native-health', api: 'getSleepSamples', healthTypes: [SLEEP_TYPE], location: loc(SLEEP, 'getSleepSamples') },
      { kind: 'write', library: 'react-native-health', api: 'saveHeartRateSample', healthTypes: [HR], location: loc(PERMS, 'saveHeartRateSample') },
      { kind: 'authorization', library: 'react-native-health', api: 'initHealthKit', healthTypes: [], location: loc(PERMS, 'initHealthKit') },
    ],
    authorizations: [{
      library: 'react-native-health', location: loc(PERMS, 'initHealthKit'),
      read: [tr(HR, 'Permissions.HeartRate'), tr(STEP_COUNT, 'Permissions.StepCount'), tr(SLEEP_TYPE, 'Permissions.SleepAnalysis'), tr(BODY_MASS, 'Permissions.Weight')],
      write: [{ identifier: HR, location: loc(PERMS, 'Permissions.HeartRate', 2) }],
      hasUnresolved: false,
    }],
    bluetooth: [],
    motion: [],
    readDenialInferences: [],
    sdkImports: [
      { sdkId: 'firebase-analytics', module: '@react-native-firebase/analytics', location: loc(HEART, "'@react-native-firebase/analytics'") },
      { sdkId: 'amplitude', module: '@amplitude/analytics-react-native', location: loc(HEART, "'@amplitude/analytics-react-native'") },
      { sdkId: 'facebook-sdk', module: 'react-native-fbsdk-next', location: loc(STEPS, "'react-native-fbsdk-next'") },
    ],
  };
}

function glucoseUsage(): CodeUsage {
  return {
    healthkit: [{ kind: 'read', library: 'HealthKit', api: 'HKSampleQuery', healthTypes: [GLUCOSE], location: loc(SWIFT, 'HKSampleQuery') }],
    authorizations: [],
    bluetooth: [],
    motion: [],
    readDenialInferences: [],
    sdkImports: [{ sdkId: 'sentry', module: 'Sentry', location: loc(SWIFT, 'import Sentry') }],
  };
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) =>
    a.location.file.localeCompare(b.location.file) || a.location.line - b.location.line || a.location.column - b.location.column || a.ruleId.localeCompare(b.ruleId));
}

export interface FixtureOptions {
  /** Absolute scan root (defaults to a fictional path; manifest tests pass a temporary folder). */
  root?: string;
}

export function buildFixtureResult(opts: FixtureOptions = {}): ScanResult {
  const flowFindings = FLOW_SPECS.map(findingFromSpec);
  const configFindings: Finding[] = [
    configFinding('privacy-manifest-health-undeclared', 'error', at(PRIVACY, 3), 'The privacy manifest does not declare NSPrivacyCollectedDataTypeHealth, but health data leaves the device. Apple requires a declaration of every data type collected. Run `hkguard manifest --write`.', 'apps/pulse', 'fp-cfg-01', { healthTypes: [HR, STEP_COUNT, SLEEP_TYPE] }),
    configFinding('usage-description-placeholder', 'warning', loc(PLIST, 'NSHealthUpdateUsageDescription'), 'NSHealthUpdateUsageDescription is a template ("$(PRODUCT_NAME) wants to update your health data"). App Review rejects purpose strings that do not say why. Describe what the app writes and why.', 'apps/pulse', 'fp-cfg-02'),
    configFinding('healthkit-permission-unused', 'warning', loc(PERMS, 'Permissions.Weight'), 'HKQuantityTypeIdentifierBodyMass is requested for reading but never read. Apple asks apps to request only the data they need. Remove it from the authorization request.', 'apps/pulse', 'fp-cfg-03', { healthTypes: [BODY_MASS] }),
    configFinding('privacy-policy-missing', 'warning', at('apps/pulse/package.json'), 'No privacy policy URL was found. Health apps must link a privacy policy. Set privacyPolicyUrl in .hkguard.yaml.', 'apps/pulse', 'fp-cfg-04', { status: 'suppressed', suppression: { kind: 'config', reason: 'Policy is published on the App Store Connect page (rules: privacy-policy-missing: off)' } }),
    configFinding('privacy-manifest-missing', 'warning', at('native/Glucose/Glucose/PrivacyInfo.xcprivacy'), 'The app has no PrivacyInfo.xcprivacy. Apple requires one for apps that collect data. Run `hkguard manifest --write`.', 'native/Glucose', 'fp-cfg-05'),
    configFinding('advertising-sdk-in-health-app', 'info', at('apps/pulse/package.json', 12), 'react-native-fbsdk-next (Meta) is an advertising SDK in a health app. Health data must never reach it. Make sure no health data reaches it, or remove it.', 'apps/pulse', 'fp-cfg-06', { recipient: { kind: 'sdk', vendor: 'Meta', category: 'advertising' } }),
  ];
  const pulseFlows = FLOW_SPECS.filter((s) => s.app === 'apps/pulse').map(flowFromSpec);
  const glucoseFlows = FLOW_SPECS.filter((s) => s.app === 'native/Glucose').map(flowFromSpec);
  const apps: AppResult[] = [
    { name: 'Pulse', kind: 'react-native', path: 'apps/pulse', facts: pulseFacts(), usage: pulseUsage(), flows: pulseFlows },
    { name: 'Glucose', kind: 'native-ios', path: 'native/Glucose', facts: glucoseFacts(), usage: glucoseUsage(), flows: glucoseFlows },
  ];
  const config = { ...defaultConfig(), firstPartyHosts: ['api.pulsetrack.app'], consentGates: [{ function: 'hasResearchConsent', module: 'apps/pulse/src/privacy/consent' }], sanitizers: [{ function: 'toHeartRateZone', module: 'apps/pulse/src/health/zones' }], rules: { 'privacy-policy-missing': 'off' as const }, baseline: '.hkguard-baseline.json', file: '/repo/pulse/.hkguard.yaml' };
  return {
    tool: { name: 'hkguard', version: '0.1.0' },
    root: opts.root ?? '/repo/pulse',
    startedAt: FIXED_DATE,
    apps,
    findings: sortFindings([...flowFindings, ...configFindings]),
    diagnostics: [{ file: 'apps/pulse/ios/Legacy/Old.plist', message: 'binary plist could not be parsed', severity: 'warning' }],
    config,
    rules: fixtureRegistry(),
    files: 214,
    durationMs: 1830,
    swiftGrammar: 'tree-sitter-swift (tree-sitter-wasms 0.1.13)',
  };
}

/** A readSource backed by the fixture sources. */
export function fixtureReadSource(file: string): string | undefined {
  return SOURCES[file];
}

export const AUDIT_SUMMARY = {
  entries: 1284,
  devices: [
    { id: 'F3:21:9A:00:11:42', name: 'Polar H10', characteristic: 'Heart Rate Measurement (0x2A37)', entries: 1200 },
    { id: 'C0:FF:EE:12:34:56', name: 'Contour Next One', characteristic: 'Glucose Measurement (0x2A18)', entries: 84 },
  ],
  types: [
    { type: HR, entries: 1200, unit: 'count/min' },
    { type: GLUCOSE, entries: 84, unit: 'mg/dL' },
  ],
  days: [
    { day: '2026-11-19', entries: 640 },
    { day: '2026-11-20', entries: 644 },
  ],
  findings: [
    { ruleId: 'audit-type-undeclared', severity: 'error', message: 'HKQuantityTypeIdentifierBloodGlucose was written 84 times but the app never requests write access to it.' },
    { ruleId: 'audit-log-truncated', severity: 'warning', message: 'The log ends in a partial entry at byte 481022 <script>alert(1)</script>.' },
  ],
};
