#!/usr/bin/env node
// Benchmark of the TypeScript front end (run `npm run build` first; imports from dist/).
//
//   node bench/ts-flow.mjs [--lines 100000] [--rounds 3] [--keep]
//
// Generates a deterministic React Native TypeScript app of about --lines lines in a temp folder (screens, hooks,
// services, API clients, utilities, and health code with a known number of flows), then, in the same process,
// alternates the floor (TypeScript parse + bind: ts.createProgram with noResolve + getTypeChecker) with the front end
// (typescriptFrontEnd.analyze: parse, summaries, link, taint), and reports seconds, the ratio, peak RSS and the flows
// found against the flows planted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ts } from 'ts-morph';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '..', 'dist');
const { typescriptFrontEnd } = await import(path.join(dist, 'flow/typescript/index.js'));
const { loadCatalog } = await import(path.join(dist, 'rules/catalog.js'));
const { defaultConfig } = await import(path.join(dist, 'config/types.js'));

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const TARGET_LINES = opt('lines', 100_000);
const ROUNDS = opt('rounds', 3);
const KEEP = args.includes('--keep');
// --only frontend | floor: run one side alone (to see each one's peak memory).
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;

// ---- deterministic generator --------------------------------------------------------------------------------------

let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = (list) => list[Math.floor(rand() * list.length)];

const HK_TYPES = ['HeartRate', 'StepCount', 'BodyMass', 'RestingHeartRate', 'OxygenSaturation', 'RespiratoryRate', 'BloodGlucose', 'ActiveEnergyBurned'];
const WORDS = ['profile', 'settings', 'feed', 'chat', 'order', 'cart', 'search', 'invite', 'billing', 'media', 'calendar', 'notes', 'friends', 'badge', 'streak'];

function utilFile(i) {
  const lines = [`// Utility module ${i}: formatting and arithmetic helpers used by non-health screens.`];
  for (let f = 0; f < 8; f++) {
    const name = `${pick(WORDS)}Helper${i}_${f}`;
    lines.push(
      `export function ${name}(input: { id: string; count: number; label?: string }): string {`,
      `  const parts: string[] = [];`,
      `  for (let k = 0; k < input.count; k++) {`,
      `    if (k % 3 === 0) parts.push(input.id.slice(0, k));`,
      `    else if (k % 3 === 1) parts.push(String(k * ${f + 1}));`,
      `    else parts.push(input.label ?? 'none');`,
      `  }`,
      `  switch (parts.length) {`,
      `    case 0: return 'empty';`,
      `    case 1: return parts[0] ?? '';`,
      `    default: return parts.join('-');`,
      `  }`,
      `}`,
      ``,
    );
  }
  lines.push(`export const TABLE_${i} = {`);
  for (let r = 0; r < 12; r++) lines.push(`  key${r}: { title: '${pick(WORDS)} ${r}', weight: ${r * 7 % 13}, enabled: ${r % 2 === 0} },`);
  lines.push(`};`, ``);
  return lines.join('\n');
}

function clientFile(i) {
  return [
    `import axios from 'axios';`,
    ``,
    `const api = axios.create({ baseURL: 'https://api.example.app/v${i}' });`,
    ``,
    `export async function getItems(page: number): Promise<unknown[]> {`,
    `  const res = await api.get('/items', { params: { page } });`,
    `  return res.data as unknown[];`,
    `}`,
    ``,
    `export async function sendEvent(name: string, payload: Record<string, unknown>): Promise<void> {`,
    `  await api.post('/events', { name, payload });`,
    `}`,
    ``,
    `/** The app's own backend for health metrics: every call is a planted first-party flow. */`,
    `export async function sendMetric(kind: string, value: number): Promise<void> {`,
    `  await api.post('/metrics', { kind, value });`,
    `}`,
    ``,
  ].join('\n');
}

function healthServiceFile(i, type) {
  const callback = i % 4 === 0;
  if (callback) {
    return [
      `import AppleHealthKit from 'react-native-health';`,
      ``,
      `export function readMetric${i}(): Promise<number> {`,
      `  return new Promise((resolve) => {`,
      `    AppleHealthKit.get${type === 'StepCount' ? 'StepCount' : 'HeartRateSamples'}({ startDate: '2024-01-01' }, (err: unknown, results: any) => {`,
      `      if (err) { resolve(0); return; }`,
      `      resolve(Array.isArray(results) ? results[0]?.value ?? 0 : results.value);`,
      `    });`,
      `  });`,
      `}`,
      ``,
      `export function formatMetric${i}(v: number): string {`,
      `  return \`\${v.toFixed(1)} (${type})\`;`,
      `}`,
      ``,
    ].join('\n');
  }
  return [
    `import { getMostRecentQuantitySample } from '@kingstinct/react-native-healthkit';`,
    ``,
    `export async function readMetric${i}(): Promise<number> {`,
    `  const sample = await getMostRecentQuantitySample('HKQuantityTypeIdentifier${type}');`,
    `  return sample?.quantity ?? 0;`,
    `}`,
    ``,
    `export function formatMetric${i}(v: number): string {`,
    `  return \`\${v.toFixed(1)} (${type})\`;`,
    `}`,
    ``,
  ].join('\n');
}

function hookFile(i, nUtils, nClients) {
  const u = Math.floor(rand() * nUtils);
  const c = Math.floor(rand() * nClients);
  return [
    `import { useEffect, useState } from 'react';`,
    `import { getItems } from '../api/client${c}';`,
    `import { TABLE_${u} } from '../utils/util${u}';`,
    ``,
    `export function useList${i}(page: number) {`,
    `  const [items, setItems] = useState<unknown[]>([]);`,
    `  const [loading, setLoading] = useState(false);`,
    `  useEffect(() => {`,
    `    setLoading(true);`,
    `    getItems(page).then((list) => { setItems(list); setLoading(false); });`,
    `  }, [page]);`,
    `  const rows = Object.values(TABLE_${u}).filter((r) => r.enabled).map((r) => r.title);`,
    `  return { items, loading, rows };`,
    `}`,
    ``,
  ].join('\n');
}

function screenFile(i, nUtils, nHooks, nClients) {
  const u = Math.floor(rand() * nUtils);
  const h = Math.floor(rand() * nHooks);
  const c = Math.floor(rand() * nClients);
  const word = pick(WORDS);
  const lines = [
    `import React, { useState } from 'react';`,
    `import { View, Text, Pressable } from 'react-native';`,
    `import { useList${h} } from '../hooks/useList${h}';`,
    `import { ${word}Helper${u}_0 } from '../utils/util${u}';`,
    `import { sendEvent } from '../api/client${c}';`,
    ``,
    `function Row${i}({ title, onPress }: { title: string; onPress(): void }) {`,
    `  return (`,
    `    <Pressable onPress={onPress}>`,
    `      <Text>{title}</Text>`,
    `    </Pressable>`,
    `  );`,
    `}`,
    ``,
    `export function Screen${i}() {`,
    `  const [page, setPage] = useState(1);`,
    `  const { items, loading, rows } = useList${h}(page);`,
    `  const label = ${word}Helper${u}_0({ id: 'screen${i}', count: rows.length, label: '${word}' });`,
    `  const onPress = () => {`,
    `    setPage(page + 1);`,
    `    sendEvent('${word}_next', { page, screen: ${i} });`,
    `    console.log('next page', page);`,
    `  };`,
    `  return (`,
    `    <View>`,
    `      <Text>{label}</Text>`,
    `      {loading ? <Text>Loading</Text> : null}`,
  ];
  for (let r = 0; r < 10; r++) lines.push(`      <Row${i} title={rows[${r}] ?? '${word} ${r}'} onPress={onPress} />`);
  lines.push(`      <Text>{items.length} items</Text>`, `    </View>`, `  );`, `}`, ``);
  return lines.join('\n');
}

function healthScreenFile(i, nClients) {
  const c = i % nClients;
  return [
    `import React, { useEffect, useState } from 'react';`,
    `import { Text } from 'react-native';`,
    `import { readMetric${i}, formatMetric${i} } from '../services/health/metric${i}';`,
    `import { sendMetric, sendEvent } from '../api/client${c}';`,
    ``,
    `export function HealthScreen${i}() {`,
    `  const [value, setValue] = useState(0);`,
    `  useEffect(() => {`,
    `    readMetric${i}().then((v) => {`,
    `      setValue(v);`,
    `      sendMetric('metric${i}', v);`,
    `    });`,
    `    sendEvent('health_screen_open', { screen: ${i} });`,
    `  }, []);`,
    `  const text = formatMetric${i}(value);`,
    `  console.log('showing', text);`,
    `  return <Text>{text}</Text>;`,
    `}`,
    ``,
  ].join('\n');
}

function generate(dir) {
  const files = new Map();
  const nClients = 20;
  const nHealth = 40;
  // Sizes chosen so that the app reaches TARGET_LINES: utilities are the bulk.
  const perUtil = utilFile(0).split('\n').length;
  const perScreen = 45;
  const perHook = 15;
  const fixed = nClients * 18 + nHealth * (14 + 19);
  const rest = Math.max(0, TARGET_LINES - fixed);
  const nUtils = Math.max(1, Math.round((rest * 0.45) / perUtil));
  const nScreens = Math.max(1, Math.round((rest * 0.45) / perScreen));
  const nHooks = Math.max(1, Math.round((rest * 0.1) / perHook));
  for (let i = 0; i < nUtils; i++) files.set(`src/utils/util${i}.ts`, utilFile(i));
  for (let i = 0; i < nClients; i++) files.set(`src/api/client${i}.ts`, clientFile(i));
  for (let i = 0; i < nHooks; i++) files.set(`src/hooks/useList${i}.ts`, hookFile(i, nUtils, nClients));
  for (let i = 0; i < nScreens; i++) files.set(`src/screens/Screen${i}.tsx`, screenFile(i, nUtils, nHooks, nClients));
  for (let i = 0; i < nHealth; i++) {
    files.set(`src/services/health/metric${i}.ts`, healthServiceFile(i, HK_TYPES[i % HK_TYPES.length]));
    files.set(`src/health/HealthScreen${i}.tsx`, healthScreenFile(i, nClients));
  }
  files.set('package.json', JSON.stringify({ name: 'bench-app', dependencies: { '@kingstinct/react-native-healthkit': '^13.4.0', 'react-native-health': '^1.19.0' } }));
  let lines = 0;
  for (const [rel, text] of files) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
    if (rel.endsWith('.ts') || rel.endsWith('.tsx')) lines += text.split('\n').length;
  }
  // Each health source reaches two sinks: the first-party metrics POST (in its client) and the screen's console.log.
  return { files: [...files.keys()].filter((f) => /\.tsx?$/.test(f)).sort(), lines, expectedFlows: nHealth * 2 };
}

// ---- runs -------------------------------------------------------------------------------------------------------------

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hkguard-bench-ts-'));
const app = generate(dir);
console.log(`generated ${app.files.length} files, ${app.lines} lines in ${dir}`);

function floor() {
  const t0 = process.hrtime.bigint();
  const program = ts.createProgram(app.files.map((f) => path.join(dir, f)), {
    noResolve: true, allowJs: true, noLib: true, types: [], jsx: ts.JsxEmit.Preserve, target: ts.ScriptTarget.Latest, noEmit: true,
  });
  program.getTypeChecker();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

const catalog = loadCatalog();
const config = { ...defaultConfig(), firstPartyHosts: ['api.example.app'] };
async function frontEnd(cache) {
  const diagnostics = [];
  const input = {
    root: dir,
    app: { name: 'bench', kind: 'react-native', path: '.', files: { js: app.files, swift: [], objc: [], infoPlists: [], entitlements: [], privacyManifests: [], sdkPrivacyManifests: [], pbxproj: [], lockfiles: [], packageResolved: [], fastlanePrivacyUrls: [], packageJson: 'package.json' } },
    files: app.files,
    read: { readText: (rel) => fs.readFileSync(path.join(dir, rel), 'utf8'), readBytes: (rel) => fs.readFileSync(path.join(dir, rel)) },
    config, catalog, diagnostics, cache,
  };
  const t0 = process.hrtime.bigint();
  const result = await typescriptFrontEnd.analyze(input);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { seconds, flows: result.flows, diagnostics };
}

const floors = [];
const fronts = [];
let last;
// Warm-up of both, not counted (JIT, module loading).
if (ONLY !== 'frontend') floor();
if (ONLY !== 'floor') await frontEnd();
for (let r = 0; r < ROUNDS; r++) {
  floors.push(ONLY === 'frontend' ? NaN : floor());
  last = ONLY === 'floor' ? { seconds: NaN, flows: [], diagnostics: [] } : await frontEnd();
  fronts.push(last.seconds);
}
// Warm run: every per-file summary comes from an in-memory cache (what a pre-commit run with a filled cache does,
// minus reading the store): reading + hashing the files, linking and the taint search remain.
let warm;
if (ONLY !== 'floor') {
  const store = new Map();
  const cache = { get: (ns, k) => store.get(`${ns}|${k}`), set: (ns, k, v) => store.set(`${ns}|${k}`, v) };
  await frontEnd(cache);
  warm = await frontEnd(cache);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f = median(floors);
const e = median(fronts);
const rssMb = process.resourceUsage().maxRSS / 1024;
const byCat = {};
for (const fl of last.flows) byCat[fl.sink.category] = (byCat[fl.sink.category] ?? 0) + 1;
console.log(`floor (createProgram noResolve + getTypeChecker): ${floors.map((x) => x.toFixed(2)).join(' ')} s, median ${f.toFixed(2)} s`);
console.log(`front end (typescriptFrontEnd.analyze):           ${fronts.map((x) => x.toFixed(2)).join(' ')} s, median ${e.toFixed(2)} s`);
console.log(`ratio front end / floor: ${(e / f).toFixed(2)} (limit 1.5)`);
console.log(`per 100k lines: floor ${(f * 100_000 / app.lines).toFixed(2)} s, front end ${(e * 100_000 / app.lines).toFixed(2)} s`);
if (warm) console.log(`front end with every summary cached: ${warm.seconds.toFixed(2)} s (${warm.flows.length} flows)`);
console.log(`peak RSS: ${rssMb.toFixed(0)} MB (limit 1536)`);
console.log(`flows found: ${last.flows.length}, expected ${app.expectedFlows} ${JSON.stringify(byCat)}; diagnostics: ${last.diagnostics.length}`);
if (!KEEP) fs.rmSync(dir, { recursive: true, force: true });
