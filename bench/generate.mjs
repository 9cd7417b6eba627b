#!/usr/bin/env node
// Generates a deterministic, realistic HealthKit app for the benchmark: a React Native TypeScript app with
// features (screen, hook, service, API client, types), shared analytics / logging / storage wrappers, and a
// native Swift part (HealthKit stores, SwiftUI views). Health flows are planted on a fixed schedule and
// counted in bench-manifest.json, so a run can compare what hkguard found with what is there.
//
//   node bench/generate.mjs --lines 100000 --out /tmp/app-100k [--kind mixed|rn|swift] [--seed 1]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const APP = 'Pulse';
const FIRST_PARTY = 'api.pulse-health.app';

/** Mulberry32: a tiny seeded PRNG, so the same arguments always give the same app. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Metrics: react-native-health reader, HealthKit identifier, Swift identifier, unit.
const METRICS = [
  { name: 'heartRate', rnh: 'getHeartRateSamples', hk: 'HKQuantityTypeIdentifierHeartRate', swift: 'heartRate', unit: 'count/min' },
  { name: 'steps', rnh: 'getDailyStepCountSamples', hk: 'HKQuantityTypeIdentifierStepCount', swift: 'stepCount', unit: 'count' },
  { name: 'weight', rnh: 'getWeightSamples', hk: 'HKQuantityTypeIdentifierBodyMass', swift: 'bodyMass', unit: 'kg' },
  { name: 'glucose', rnh: 'getBloodGlucoseSamples', hk: 'HKQuantityTypeIdentifierBloodGlucose', swift: 'bloodGlucose', unit: 'mg/dL' },
  { name: 'restingHeartRate', rnh: 'getRestingHeartRateSamples', hk: 'HKQuantityTypeIdentifierRestingHeartRate', swift: 'restingHeartRate', unit: 'count/min' },
  { name: 'oxygen', rnh: 'getOxygenSaturationSamples', hk: 'HKQuantityTypeIdentifierOxygenSaturation', swift: 'oxygenSaturation', unit: '%' },
  { name: 'activeEnergy', rnh: 'getActiveEnergyBurned', hk: 'HKQuantityTypeIdentifierActiveEnergyBurned', swift: 'activeEnergyBurned', unit: 'kcal' },
  { name: 'respiratoryRate', rnh: 'getRespiratoryRateSamples', hk: 'HKQuantityTypeIdentifierRespiratoryRate', swift: 'respiratoryRate', unit: 'count/min' },
  { name: 'bodyTemperature', rnh: 'getBodyTemperatureSamples', hk: 'HKQuantityTypeIdentifierBodyTemperature', swift: 'bodyTemperature', unit: 'degC' },
  { name: 'hrv', rnh: 'getHeartRateVariabilitySamples', hk: 'HKQuantityTypeIdentifierHeartRateVariabilitySDNN', swift: 'heartRateVariabilitySDNN', unit: 'ms' },
];
const AREAS = ['overview', 'trends', 'coach', 'insights', 'goals', 'journal', 'challenges', 'reports', 'reminders', 'family', 'clinic', 'recovery'];

const cap = (s) => s[0].toUpperCase() + s.slice(1);

// Which flows a feature plants, by its index: analytics (through the shared wrapper, cross-file), a log,
// a third-party request (through the feature's API client), unencrypted storage, a crash-reporter breadcrumb.
// Every feature also uploads to the app's own backend (a first-party flow).
function tsPlan(i) {
  return {
    analytics: i % 3 === 0,
    log: i % 4 === 0,
    thirdParty: i % 5 === 0,
    storage: i % 7 === 0,
    diagnostics: i % 11 === 0,
    firstParty: true,
  };
}

function swiftPlan(i) {
  return { analytics: i % 3 === 1, log: i % 4 === 1, storage: i % 6 === 1, icloud: i % 13 === 1, firstParty: true };
}

const RULE_OF = {
  analytics: 'health-data-to-analytics',
  log: 'health-data-to-log',
  thirdParty: 'health-data-to-third-party-network',
  storage: 'health-data-to-insecure-storage',
  diagnostics: 'health-data-to-diagnostics',
  icloud: 'health-data-to-icloud',
  firstParty: 'health-data-to-first-party-network',
};

// ---------------------------------------------------------------- TypeScript templates

function tsTypes(F) {
  return `export interface ${F}Reading {
  value: number;
  startDate: string;
  endDate: string;
}

export interface ${F}Summary {
  average: number;
  minimum: number;
  maximum: number;
  count: number;
}

export type ${F}Range = 'day' | 'week' | 'month';
`;
}

function tsApi(F, f, i) {
  return `import type { ${F}Reading } from './types';

const ENDPOINT = 'https://${FIRST_PARTY}/v1/${f}';

export interface Upload${F}Response {
  id: string;
  receivedAt: string;
}

/** Sends the readings to our backend, which stores them encrypted per user. */
export async function upload${F}(readings: ${F}Reading[]): Promise<Upload${F}Response> {
  const response = await fetch('https://${FIRST_PARTY}/v1/${f}/readings', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ readings }),
  });
  if (!response.ok) {
    throw new Error(\`upload failed: \${response.status}\`);
  }
  return (await response.json()) as Upload${F}Response;
}

export async function fetch${F}Goals(userId: string): Promise<number[]> {
  const response = await fetch(\`\${ENDPOINT}/goals?user=\${encodeURIComponent(userId)}\`);
  const body = (await response.json()) as { goals: number[] };
  return body.goals;
}

export async function share${F}WithPartner(average: number): Promise<void> {
  await fetch('https://ingest.partner${i % 9}.wellness-exchange.io/v2/events', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ metric: '${f}', average }),
  });
}
`;
}

function tsService(F, f, m, i, useKingstinct) {
  const p = tsPlan(i);
  const imports = [
    useKingstinct
      ? `import { queryQuantitySamples } from '@kingstinct/react-native-healthkit';`
      : `import AppleHealthKit, { type HealthInputOptions, type HealthValue } from 'react-native-health';`,
    `import AsyncStorage from '@react-native-async-storage/async-storage';`,
    `import * as Sentry from '@sentry/react-native';`,
    `import { track } from '../../analytics';`,
    `import { daysAgo } from '../../utils/dates';`,
    `import { mean, clamp } from '../../utils/math';`,
    `import { upload${F}, share${F}WithPartner } from './api';`,
    `import type { ${F}Reading, ${F}Summary } from './types';`,
  ];
  const read = useKingstinct
    ? `export async function fetch${F}Samples(days: number): Promise<${F}Reading[]> {
  const samples = await queryQuantitySamples('${m.hk}', {
    limit: 500,
    filter: { startDate: daysAgo(days), endDate: new Date() },
  });
  return samples.map((sample) => ({
    value: sample.quantity,
    startDate: sample.startDate.toISOString(),
    endDate: sample.endDate.toISOString(),
  }));
}`
    : `export function fetch${F}Samples(days: number): Promise<${F}Reading[]> {
  const options: HealthInputOptions = {
    startDate: daysAgo(days).toISOString(),
    endDate: new Date().toISOString(),
    limit: 500,
  };
  return new Promise((resolve, reject) => {
    AppleHealthKit.${m.rnh}(options, (error: string, results: HealthValue[]) => {
      if (error) {
        reject(new Error(error));
        return;
      }
      resolve(results.map((r) => ({ value: r.value, startDate: r.startDate, endDate: r.endDate })));
    });
  });
}`;
  const planted = [];
  if (p.analytics) planted.push(`  track('${f}_synced', { average });`);
  if (p.log) planted.push(`  console.log('[${f}] synced, average', average);`);
  if (p.thirdParty) planted.push(`  await share${F}WithPartner(average);`);
  if (p.storage) planted.push(`  await AsyncStorage.setItem('${f}:last', JSON.stringify(readings));`);
  if (p.diagnostics) planted.push(`  Sentry.addBreadcrumb({ category: '${f}', message: 'sync', data: { average } });`);
  return `${imports.join('\n')}

${read}

export function summarize${F}(readings: ${F}Reading[]): ${F}Summary {
  const values = readings.map((r) => r.value);
  return {
    average: mean(values),
    minimum: values.length ? Math.min(...values) : 0,
    maximum: values.length ? Math.max(...values) : 0,
    count: values.length,
  };
}

export function ${f}Progress(current: number, goal: number): number {
  if (goal <= 0) {
    return 0;
  }
  return clamp(current / goal, 0, 1);
}

/** Reads the last week, uploads it, and records that a sync happened. */
export async function sync${F}(): Promise<number> {
  const readings = await fetch${F}Samples(7);
  const average = mean(readings.map((r) => r.value));
${planted.join('\n')}${planted.length ? '\n' : ''}  await upload${F}(readings);
  track('${f}_sync_completed', { screen: '${F}Screen' });
  return readings.length;
}
`;
}

function tsHook(F, f) {
  return `import { useCallback, useEffect, useState } from 'react';
import { fetch${F}Samples, summarize${F}, sync${F} } from './service';
import type { ${F}Reading, ${F}Summary } from './types';

export interface Use${F}Result {
  readings: ${F}Reading[];
  summary: ${F}Summary;
  loading: boolean;
  error?: string;
  refresh: () => Promise<void>;
}

export function use${F}(days = 7): Use${F}Result {
  const [readings, setReadings] = useState<${F}Reading[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  useEffect(() => {
    let isCancelled = false;
    setLoading(true);
    fetch${F}Samples(days)
      .then((next) => {
        if (!isCancelled) setReadings(next);
      })
      .catch((e: Error) => {
        if (!isCancelled) setError(e.message);
      })
      .finally(() => {
        if (!isCancelled) setLoading(false);
      });
    return () => {
      isCancelled = true;
    };
  }, [days]);

  const refresh = useCallback(async () => {
    setLoading(true);
    try {
      await sync${F}();
    } finally {
      setLoading(false);
    }
  }, []);

  return { readings, summary: summarize${F}(readings), loading, error, refresh };
}
`;
}

function tsScreen(F, f, rand) {
  const rows = 3 + Math.floor(rand() * 6);
  const cards = Array.from({ length: rows }, (_, k) => `        <View style={styles.card}>
          <Text style={styles.cardTitle}>{t('${f}.card${k}.title')}</Text>
          <Text style={styles.cardBody}>{t('${f}.card${k}.body')}</Text>
        </View>`).join('\n');
  return `import React, { useMemo } from 'react';
import { ActivityIndicator, FlatList, RefreshControl, StyleSheet, Text, View } from 'react-native';
import { useNavigation } from '@react-navigation/native';
import { trackScreen } from '../../analytics';
import { t } from '../../i18n';
import { Header } from '../../components/Header';
import { use${F} } from './use${F}';

export function ${F}Screen(): React.JSX.Element {
  const navigation = useNavigation();
  const { readings, summary, loading, error, refresh } = use${F}(7);
  trackScreen('${F}Screen');

  const data = useMemo(() => readings.slice().reverse(), [readings]);

  if (loading && readings.length === 0) {
    return <ActivityIndicator style={styles.spinner} />;
  }

  return (
    <View style={styles.container}>
      <Header title={t('${f}.title')} onBack={() => navigation.goBack()} />
      {error ? <Text style={styles.error}>{error}</Text> : null}
      <View style={styles.summary}>
        <Text style={styles.big}>{summary.average.toFixed(1)}</Text>
        <Text style={styles.caption}>{t('${f}.average')}</Text>
      </View>
      <FlatList
        data={data}
        keyExtractor={(item) => item.startDate}
        refreshControl={<RefreshControl refreshing={loading} onRefresh={refresh} />}
        renderItem={({ item }) => (
          <View style={styles.row}>
            <Text style={styles.rowDate}>{new Date(item.startDate).toLocaleDateString()}</Text>
            <Text style={styles.rowValue}>{item.value.toFixed(1)}</Text>
          </View>
        )}
      />
      <View style={styles.cards}>
${cards}
      </View>
    </View>
  );
}

const styles = StyleSheet.create({
  container: { flex: 1, backgroundColor: '#fff' },
  spinner: { marginTop: 64 },
  error: { color: '#b00020', padding: 16 },
  summary: { alignItems: 'center', paddingVertical: 24 },
  big: { fontSize: 48, fontWeight: '700' },
  caption: { fontSize: 14, color: '#666' },
  row: { flexDirection: 'row', justifyContent: 'space-between', paddingHorizontal: 16, paddingVertical: 12 },
  rowDate: { fontSize: 16 },
  rowValue: { fontSize: 16, fontWeight: '600' },
  cards: { padding: 16, gap: 12 },
  card: { borderRadius: 12, padding: 16, backgroundColor: '#f4f6f8' },
  cardTitle: { fontSize: 16, fontWeight: '600' },
  cardBody: { fontSize: 14, color: '#444', marginTop: 4 },
});
`;
}

function tsComponent(name, rand) {
  const props = 2 + Math.floor(rand() * 5);
  const fields = Array.from({ length: props }, (_, k) => `  label${k}?: string;`).join('\n');
  const texts = Array.from({ length: props }, (_, k) => `      {props.label${k} ? <Text style={styles.label}>{props.label${k}}</Text> : null}`).join('\n');
  return `import React from 'react';
import { Pressable, StyleSheet, Text, View } from 'react-native';

export interface ${name}Props {
  title: string;
  onPress?: () => void;
${fields}
}

export function ${name}(props: ${name}Props): React.JSX.Element {
  return (
    <Pressable onPress={props.onPress} accessibilityRole="button">
      <View style={styles.container}>
        <Text style={styles.title}>{props.title}</Text>
${texts}
      </View>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  container: { padding: 12, borderRadius: 8, backgroundColor: '#fafafa' },
  title: { fontSize: 16, fontWeight: '600' },
  label: { fontSize: 13, color: '#555' },
});
`;
}

function tsUtil(name, rand) {
  const fns = 3 + Math.floor(rand() * 6);
  const bodies = Array.from({ length: fns }, (_, k) => `export function ${name}Step${k}(values: number[], factor = ${k + 1}): number[] {
  const out: number[] = [];
  for (const v of values) {
    const scaled = v * factor;
    out.push(Number.isFinite(scaled) ? Math.round(scaled * 100) / 100 : 0);
  }
  return out;
}`).join('\n\n');
  return `// Formatting and chart helpers for ${name}.\n\n${bodies}\n`;
}

const SHARED_TS = {
  'src/analytics/index.ts': `import analytics from '@react-native-firebase/analytics';
import { Mixpanel } from 'mixpanel-react-native';

const mixpanel = new Mixpanel('bench-token', true);
void mixpanel.init();

/** One place for product analytics: Firebase for funnels, Mixpanel for retention. */
export function track(event: string, properties: Record<string, unknown> = {}): void {
  void analytics().logEvent(event, properties);
  mixpanel.track(event, properties);
}

export function trackScreen(screen: string): void {
  void analytics().logScreenView({ screen_name: screen, screen_class: screen });
}
`,
  'src/utils/dates.ts': `export function daysAgo(days: number): Date {
  const d = new Date();
  d.setDate(d.getDate() - days);
  d.setHours(0, 0, 0, 0);
  return d;
}

export function isSameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}
`,
  'src/utils/math.ts': `export function mean(values: number[]): number {
  if (values.length === 0) return 0;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
`,
  'src/i18n/index.ts': `const strings: Record<string, string> = {};

export function t(key: string): string {
  return strings[key] ?? key;
}
`,
  'src/components/Header.tsx': `import React from 'react';
import { Pressable, StyleSheet, Text, View } from 'react-native';

export function Header(props: { title: string; onBack?: () => void }): React.JSX.Element {
  return (
    <View style={styles.header}>
      {props.onBack ? (
        <Pressable onPress={props.onBack} accessibilityLabel="Back">
          <Text style={styles.back}>‹</Text>
        </Pressable>
      ) : null}
      <Text style={styles.title}>{props.title}</Text>
    </View>
  );
}

const styles = StyleSheet.create({
  header: { flexDirection: 'row', alignItems: 'center', padding: 16 },
  back: { fontSize: 28, marginRight: 12 },
  title: { fontSize: 20, fontWeight: '700' },
});
`,
  'src/health/permissions.ts': `import AppleHealthKit, { type HealthKitPermissions } from 'react-native-health';

const permissions: HealthKitPermissions = {
  permissions: {
    read: [
${METRICS.filter((m) => !['activeEnergy'].includes(m.name)).map((m) => `      AppleHealthKit.Constants.Permissions.${m.name === 'hrv' ? 'HeartRateVariability' : m.name === 'glucose' ? 'BloodGlucose' : m.name === 'oxygen' ? 'OxygenSaturation' : m.name === 'weight' ? 'Weight' : m.name === 'steps' ? 'Steps' : cap(m.name)},`).join('\n')}
      AppleHealthKit.Constants.Permissions.ActiveEnergyBurned,
    ],
    write: [],
  },
};

export function initHealth(): Promise<void> {
  return new Promise((resolve, reject) => {
    AppleHealthKit.initHealthKit(permissions, (error: string) => (error ? reject(new Error(error)) : resolve()));
  });
}
`,
};

// ---------------------------------------------------------------- Swift templates

function swiftStore(F, f, m, i) {
  const p = swiftPlan(i);
  const planted = [];
  if (p.analytics) planted.push(`            Analytics.logEvent("${f}_latest", parameters: ["value": value])`);
  if (p.log) planted.push(`            print("${f} latest \\(value)")`);
  if (p.storage) planted.push(`            UserDefaults.standard.set(value, forKey: "${f}.latest")`);
  if (p.icloud) planted.push(`            NSUbiquitousKeyValueStore.default.set(value, forKey: "${f}.latest")`);
  return `import Foundation
import HealthKit
import FirebaseAnalytics
import os

final class ${F}Store {
    private let healthStore = HKHealthStore()
    private let logger = Logger(subsystem: "app.pulse", category: "${f}")

    func fetchLatest(completion: @escaping (Double?) -> Void) {
        guard let type = HKQuantityType.quantityType(forIdentifier: .${m.swift}) else {
            completion(nil)
            return
        }
        let sort = NSSortDescriptor(key: HKSampleSortIdentifierEndDate, ascending: false)
        let query = HKSampleQuery(sampleType: type, predicate: nil, limit: 1, sortDescriptors: [sort]) { [weak self] _, samples, error in
            guard let sample = samples?.first as? HKQuantitySample, error == nil else {
                completion(nil)
                return
            }
            let value = sample.quantity.doubleValue(for: HKUnit(from: "${m.unit}"))
${planted.join('\n')}${planted.length ? '\n' : ''}            self?.upload(value)
            completion(value)
        }
        healthStore.execute(query)
    }

    private func upload(_ value: Double) {
        var request = URLRequest(url: URL(string: "https://${FIRST_PARTY}/v1/${f}")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try? JSONSerialization.data(withJSONObject: ["value": value])
        URLSession.shared.dataTask(with: request) { [logger] _, response, error in
            if let error {
                logger.error("upload failed: \\(error.localizedDescription, privacy: .public)")
            } else if let http = response as? HTTPURLResponse, http.statusCode >= 400 {
                logger.error("upload status \\(http.statusCode)")
            }
        }.resume()
    }
}
`;
}

function swiftView(F, f, rand) {
  const rows = 3 + Math.floor(rand() * 6);
  const items = Array.from({ length: rows }, (_, k) => `                HStack {
                    Text("${f} item ${k}")
                        .font(.body)
                    Spacer()
                    Image(systemName: "chevron.right")
                        .foregroundColor(.secondary)
                }
                .padding(.vertical, 4)`).join('\n');
  return `import SwiftUI

struct ${F}View: View {
    @State private var latest: Double?
    @State private var isLoading = false
    private let store = ${F}Store()

    var body: some View {
        NavigationView {
            List {
                Section(header: Text("Latest")) {
                    if isLoading {
                        ProgressView()
                    } else if let latest {
                        Text(String(format: "%.1f", latest))
                            .font(.largeTitle)
                    } else {
                        Text("No data")
                            .foregroundColor(.secondary)
                    }
                }
                Section(header: Text("More")) {
${items}
                }
            }
            .navigationTitle("${F}")
            .onAppear(perform: load)
        }
    }

    private func load() {
        isLoading = true
        store.fetchLatest { value in
            DispatchQueue.main.async {
                latest = value
                isLoading = false
            }
        }
    }
}
`;
}

// ---------------------------------------------------------------- the app

function countLines(text) {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/**
 * Writes the app under `out` (which must not exist or be empty) and returns its manifest: files, lines per
 * language, and the planted flows per rule.
 */
export function generateApp({ out, lines = 10_000, kind = 'mixed', seed = 1 }) {
  if (fs.existsSync(out) && fs.readdirSync(out).length > 0) throw new Error(`${out} is not empty`);
  const rand = rng(seed);
  const files = new Map();
  const put = (rel, text) => files.set(rel, text);
  const swiftShare = kind === 'swift' ? 1 : kind === 'rn' ? 0 : 0.2;
  const tsTarget = Math.round(lines * (1 - swiftShare));
  const swiftTarget = lines - tsTarget;
  const expected = {};
  // Counted as (source, sink) pairs: a planted track() reaches two SDKs in the wrapper, Firebase and Mixpanel.
  const plant = (lang, plan) => {
    for (const [k, on] of Object.entries(plan)) {
      if (!on) continue;
      const rule = RULE_OF[k];
      expected[rule] ??= { typescript: 0, swift: 0 };
      expected[rule][lang] += lang === 'typescript' && k === 'analytics' ? 2 : 1;
    }
  };

  let tsLines = 0;
  let swiftLines = 0;
  if (tsTarget > 0) {
    put('package.json', `${JSON.stringify({
      name: 'pulse', version: '1.0.0', private: true,
      scripts: { start: 'react-native start', ios: 'react-native run-ios' },
      dependencies: {
        react: '18.3.1', 'react-native': '0.76.5', 'react-native-health': '1.19.0', '@kingstinct/react-native-healthkit': '9.0.0',
        '@react-native-firebase/app': '21.6.1', '@react-native-firebase/analytics': '21.6.1', 'mixpanel-react-native': '3.0.8',
        '@sentry/react-native': '6.4.0', '@react-native-async-storage/async-storage': '2.1.0', '@react-navigation/native': '7.0.14',
      },
      devDependencies: { typescript: '5.6.3', '@types/react': '18.3.12' },
    }, null, 2)}\n`);
    put('tsconfig.json', `${JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', jsx: 'react-native', strict: true, skipLibCheck: true }, include: ['src', 'App.tsx'] }, null, 2)}\n`);
    put('app.json', `${JSON.stringify({ name: APP, displayName: APP }, null, 2)}\n`);
    put('index.js', `import { AppRegistry } from 'react-native';\nimport App from './App';\n\nAppRegistry.registerComponent('${APP}', () => App);\n`);
    for (const [rel, text] of Object.entries(SHARED_TS)) put(rel, text);
    for (const rel of [...Object.keys(SHARED_TS), 'index.js']) tsLines += countLines(files.get(rel));
    const screens = [];
    for (let i = 0; tsLines < tsTarget; i++) {
      const m = METRICS[i % METRICS.length];
      const area = AREAS[Math.floor(i / METRICS.length) % AREAS.length];
      const f = `${m.name}${cap(area)}${Math.floor(i / (METRICS.length * AREAS.length)) || ''}`;
      const F = cap(f);
      const dir = `src/features/${f}`;
      const useKingstinct = i % 2 === 1;
      const feature = {
        [`${dir}/types.ts`]: tsTypes(F),
        [`${dir}/api.ts`]: tsApi(F, f, i),
        [`${dir}/service.ts`]: tsService(F, f, m, i, useKingstinct),
        [`${dir}/use${F}.ts`]: tsHook(F, f),
        [`${dir}/${F}Screen.tsx`]: tsScreen(F, f, rand),
      };
      // Shared components and helpers grow with the app, as in real codebases.
      if (i % 2 === 0) feature[`src/components/${F}Card.tsx`] = tsComponent(`${F}Card`, rand);
      if (i % 3 === 0) feature[`src/utils/${f}Format.ts`] = tsUtil(`${f}Format`, rand);
      for (const [rel, text] of Object.entries(feature)) {
        put(rel, text);
        tsLines += countLines(text);
      }
      plant('typescript', tsPlan(i));
      screens.push({ F, f, dir });
    }
    const app = `import React from 'react';
import { NavigationContainer } from '@react-navigation/native';
import { createNativeStackNavigator } from '@react-navigation/native-stack';
${screens.map((s) => `import { ${s.F}Screen } from './${s.dir}/${s.F}Screen';`).join('\n')}

const Stack = createNativeStackNavigator();

export default function App(): React.JSX.Element {
  return (
    <NavigationContainer>
      <Stack.Navigator>
${screens.map((s) => `        <Stack.Screen name="${s.F}" component={${s.F}Screen} />`).join('\n')}
      </Stack.Navigator>
    </NavigationContainer>
  );
}
`;
    put('App.tsx', app);
    tsLines += countLines(app);
  }

  if (swiftTarget > 0) {
    for (let i = 0; swiftLines < swiftTarget; i++) {
      const m = METRICS[i % METRICS.length];
      const area = AREAS[Math.floor(i / METRICS.length) % AREAS.length];
      const f = `${m.name}${cap(area)}${Math.floor(i / (METRICS.length * AREAS.length)) || ''}`;
      const F = `${cap(f)}Native`;
      const store = swiftStore(F, f, m, i);
      const view = swiftView(F, f, rand);
      put(`ios/${APP}/Health/${F}Store.swift`, store);
      put(`ios/${APP}/Views/${F}View.swift`, view);
      swiftLines += countLines(store) + countLines(view);
      plant('swift', swiftPlan(i));
    }
  }

  put(`ios/${APP}/Info.plist`, `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>CFBundleIdentifier</key>
	<string>app.pulse.health</string>
	<key>NSHealthShareUsageDescription</key>
	<string>Pulse reads your heart rate, steps and other measurements to show your trends and coach you.</string>
	<key>NSHealthUpdateUsageDescription</key>
	<string>Pulse saves the workouts you record so that they appear in the Health app.</string>
</dict>
</plist>
`);
  put(`ios/${APP}/${APP}.entitlements`, `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>com.apple.developer.healthkit</key>
	<true/>
	<key>com.apple.developer.healthkit.access</key>
	<array/>
</dict>
</plist>
`);
  put('.hkguard.yaml', `firstPartyHosts: [${FIRST_PARTY}]\n`);
  put('.gitignore', 'node_modules/\nbuild/\n');

  for (const [rel, text] of files) {
    const abs = path.join(out, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
  }
  const rels = [...files.keys()];
  const manifest = {
    generator: 'hkguard bench/generate.mjs', seed, kind, targetLines: lines,
    files: rels.length,
    tsFiles: rels.filter((r) => /\.(ts|tsx|js)$/.test(r)).sort(),
    swiftFiles: rels.filter((r) => r.endsWith('.swift')).sort(),
    lines: { typescript: tsLines, swift: swiftLines, total: tsLines + swiftLines },
    expectedFlows: expected,
    expectedFlowTotal: Object.values(expected).reduce((n, e) => n + e.typescript + e.swift, 0),
  };
  fs.writeFileSync(path.join(out, 'bench-manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function parseArgs(argv) {
  const args = { lines: 10_000, kind: 'mixed', seed: 1, out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--lines') args.lines = Number(String(next()).replace(/k$/i, '000'));
    else if (a === '--out') args.out = next();
    else if (a === '--kind') args.kind = next();
    else if (a === '--seed') args.seed = Number(next());
    else throw new Error(`unknown argument ${a}`);
  }
  if (!args.out) throw new Error('--out <folder> is required');
  if (!['mixed', 'rn', 'swift'].includes(args.kind)) throw new Error('--kind is mixed, rn or swift');
  return args;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = parseArgs(process.argv.slice(2));
  const m = generateApp(args);
  process.stdout.write(`${args.out}: ${m.files} files, ${m.lines.typescript} TS lines, ${m.lines.swift} Swift lines, ${m.expectedFlowTotal} planted health flows\n`);
}
