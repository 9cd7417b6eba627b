import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { typescriptFrontEnd } from '../../src/flow/typescript/index.js';
import { extractTsUsage } from '../../src/flow/typescript/usage.js';
import type { SummaryCache } from '../../src/flow/types.js';
import { FIXTURES, frontEndInput } from './helpers.js';

const flowDir = (name: string) => path.join(FIXTURES, 'flow', 'ts', name);

describe('statuses from .hkguard.yaml', () => {
  it('reports consented and sanitized flows instead of dropping them, gates resolved by import', async () => {
    const { flows } = await typescriptFrontEnd.analyze(frontEndInput(flowDir('config')));
    const rows = flows.map((f) => `${f.sink.location.line} ${f.sink.category} ${f.status}${f.guard ? ` ${f.guard}` : ''}`);
    expect(rows).toEqual([
      '15 analytics consented hasResearchConsent',
      '19 analytics open',
      '22 analytics sanitized toHeartRateZone',
      '24 data-broker open',
      '34 analytics consented hasResearchConsent',
    ]);
  });
});

describe('flow details', () => {
  it('carries health types, recipient, and a path from source to sink with the wrapper call on it', async () => {
    const { flows } = await typescriptFrontEnd.analyze(frontEndInput(flowDir('propagation')));
    const wrapped = flows.find((f) => f.sink.location.file === 'lib/analytics.ts' && f.source.api.endsWith('readGlucose') === false && f.source.healthTypes.includes('HKQuantityTypeIdentifierBloodGlucose'));
    expect(wrapped).toBeDefined();
    expect(wrapped!.sink.recipient).toMatchObject({ kind: 'sdk', vendor: 'Twilio Segment', category: 'analytics' });
    const files = wrapped!.steps.map((s) => s.file);
    expect(files[0]).toBe('health/store.ts');
    expect(files).toContain('cross-file.ts');
    expect(files[files.length - 1]).toBe('lib/analytics.ts');
    expect(wrapped!.steps.some((s) => s.file === 'cross-file.ts' && /track/.test(s.note))).toBe(true);
  });

  it('classifies hosts against firstPartyHosts, with base URLs and imported constants', async () => {
    const { flows } = await typescriptFrontEnd.analyze(frontEndInput(flowDir('sinks')));
    const net = flows.filter((f) => f.sink.location.file === 'network.ts').map((f) => `${f.sink.location.line} ${f.sink.category} ${f.sink.recipient.host ?? '-'}`);
    expect(net).toEqual([
      '13 network-first-party api.example.app',
      '15 network-third-party collector.example.org',
      '19 network-first-party api.example.app',
      '21 network-third-party partner.example.net',
      '23 network-first-party api.example.app',
      '25 network-third-party -',
      '27 network-first-party api.example.app',
      '31 network-third-party metrics.example.org',
      '34 network-first-party live.example.app',
    ]);
    const ai = flows.filter((f) => f.sink.category === 'ai').map((f) => `${f.sink.location.line} ${f.sink.recipient.vendor ?? f.sink.recipient.host}`);
    expect(ai).toEqual(['9 OpenAI', '13 api.anthropic.com']);
  });

  it('is deterministic', async () => {
    const a = await typescriptFrontEnd.analyze(frontEndInput(flowDir('propagation')));
    const b = await typescriptFrontEnd.analyze(frontEndInput(flowDir('propagation')));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('reports only flows touching changed files, with the whole app still analysed', async () => {
    const all = await typescriptFrontEnd.analyze(frontEndInput(flowDir('propagation')));
    const some = await typescriptFrontEnd.analyze(frontEndInput(flowDir('propagation'), { changedFiles: new Set(['cross-file.ts']) }));
    expect(some.filesAnalyzed).toBe(all.filesAnalyzed);
    expect(some.flows.length).toBeGreaterThan(0);
    expect(some.flows.length).toBeLessThan(all.flows.length);
    const touches = (f: (typeof all.flows)[number]) => f.steps.some((s) => s.file === 'cross-file.ts');
    expect(some.flows).toEqual(all.flows.filter(touches));
    // The wrapper's SDK call lies in lib/analytics.ts; a flow through cross-file.ts to it is still reported.
    expect(some.flows.some((f) => f.sink.location.file === 'lib/analytics.ts')).toBe(true);
  });

  it('uses the summary cache: a second run reads every summary from it and finds the same flows', async () => {
    const store = new Map<string, unknown>();
    let hits = 0;
    const cache: SummaryCache = {
      get<T>(ns: string, key: string) { const v = store.get(`${ns}|${key}`) as T | undefined; if (v) hits++; return v; },
      set(ns, key, value) { store.set(`${ns}|${key}`, JSON.parse(JSON.stringify(value))); },
    };
    const first = await typescriptFrontEnd.analyze({ ...frontEndInput(flowDir('sinks')), cache });
    expect(hits).toBe(0);
    const second = await typescriptFrontEnd.analyze({ ...frontEndInput(flowDir('sinks')), cache });
    expect(hits).toBe(second.filesAnalyzed);
    expect(JSON.stringify(second.flows)).toBe(JSON.stringify(first.flows));
  });
});

describe('malformed input', () => {
  it('skips a 5 MB minified bundle with a diagnostic naming the file, and analyses the rest', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hkguard-tsflow-'));
    const chunk = 'var a=function(b){return b+1};';
    fs.writeFileSync(path.join(dir, 'bundle.js'), chunk.repeat(Math.ceil(5_000_000 / chunk.length)));
    fs.writeFileSync(path.join(dir, 'app.ts'), "import { getMostRecentQuantitySample } from '@kingstinct/react-native-healthkit';\nexport async function f() { console.log(await getMostRecentQuantitySample('HKQuantityTypeIdentifierHeartRate')); }\n");
    fs.writeFileSync(path.join(dir, 'wide.js'), `var x = "${'y'.repeat(150_000)}";\n`);
    const input = frontEndInput(dir);
    const { flows } = await typescriptFrontEnd.analyze(input);
    expect(flows.map((f) => f.sink.location.file)).toEqual(['app.ts']);
    expect(input.diagnostics.map((d) => d.file).sort()).toEqual(['bundle.js', 'wide.js']);
  });

  it('analyses a file with syntax errors as far as the tree allows, with a diagnostic', async () => {
    const input = frontEndInput(flowDir('edge'));
    const { flows } = await typescriptFrontEnd.analyze(input);
    expect(input.diagnostics.map((d) => d.file)).toEqual(['broken.ts']);
    expect(input.diagnostics[0]!.line).toBeGreaterThan(1);
    expect(flows.some((f) => f.sink.location.file === 'broken.ts')).toBe(true);
  });

  it('survives pathological nesting (diagnostic) and analyses a 30,000-term concatenation', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hkguard-tsflow-'));
    fs.writeFileSync(path.join(dir, 'nested.ts'), `const y = ${'['.repeat(5000)}${']'.repeat(5000)};\n`);
    fs.writeFileSync(path.join(dir, 'concat.ts'), [
      "import { getMostRecentQuantitySample } from '@kingstinct/react-native-healthkit';",
      'export async function f() {',
      "  const s = await getMostRecentQuantitySample('HKQuantityTypeIdentifierHeartRate');",
      `  const text = 'a'${"\n    + 'b'".repeat(30_000)} + s?.quantity;`,
      '  console.log(text);',
      '}',
    ].join('\n'));
    const input = frontEndInput(dir);
    const { flows } = await typescriptFrontEnd.analyze(input);
    expect(input.diagnostics.map((d) => d.file)).toEqual(['nested.ts']);
    expect(flows.map((f) => `${f.sink.location.file} ${f.sink.category}`)).toEqual(['concat.ts log']);
  });

  it('gives an unreadable file to the reader (no crash)', async () => {
    const input = frontEndInput(flowDir('edge'), { files: ['missing.ts', 'module.mjs'] });
    const { flows, filesAnalyzed } = await typescriptFrontEnd.analyze(input);
    expect(filesAnalyzed).toBe(1);
    expect(flows).toHaveLength(1);
    expect(input.diagnostics.map((d) => d.file)).toEqual(['missing.ts']);
  });
});

describe('extractTsUsage', () => {
  it('resolves authorization types through constants and objects defined in other files', () => {
    const usage = extractTsUsage(frontEndInput(path.join(FIXTURES, 'permission', 'ts', 'rnh')));
    expect(usage.authorizations).toHaveLength(1);
    const auth = usage.authorizations[0]!;
    expect(auth.library).toBe('react-native-health');
    expect(auth.location.file).toBe('health.ts');
    expect(auth.read.map((r) => `${r.identifier} ${r.location.file}:${r.location.line}`)).toEqual([
      'HKQuantityTypeIdentifierHeartRate permissions.ts:7',
      'HKQuantityTypeIdentifierStepCount permissions.ts:9',
      'HKCharacteristicTypeIdentifierBiologicalSex permissions.ts:11',
    ]);
    expect(auth.write.map((r) => r.identifier)).toEqual(['HKQuantityTypeIdentifierStepCount', 'HKCharacteristicTypeIdentifierDateOfBirth']);
    expect(auth.hasUnresolved).toBe(false);
    const kinds = usage.healthkit.map((h) => `${h.kind} ${h.api} ${h.healthTypes.join(',')}`);
    expect(kinds).toContain('read getHeartRateSamples HKQuantityTypeIdentifierHeartRate');
    expect(kinds).toContain('write saveWeight HKQuantityTypeIdentifierBodyMass');
    expect(kinds).toContain('authorization-status getAuthStatus ');
    expect(usage.readDenialInferences.map((r) => r.location.line)).toEqual([14, 34]);
  });

  it('reads the kingstinct signature by version: object form, and positional by package.json major', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hkguard-tsflow-'));
    const code = "import { requestAuthorization } from '@kingstinct/react-native-healthkit';\nrequestAuthorization(['HKQuantityTypeIdentifierBodyMass'], ['HKQuantityTypeIdentifierHeartRate']);\n";
    fs.writeFileSync(path.join(dir, 'a.ts'), code);
    const at = (major: string) => {
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ dependencies: { '@kingstinct/react-native-healthkit': major } }));
      const a = extractTsUsage(frontEndInput(dir)).authorizations[0]!;
      return `${a.read.map((r) => r.identifier).join()} | ${a.write.map((r) => r.identifier).join()}`;
    };
    expect(at('^8.5.0')).toBe('HKQuantityTypeIdentifierBodyMass | HKQuantityTypeIdentifierHeartRate');
    expect(at('^10.1.0')).toBe('HKQuantityTypeIdentifierHeartRate | HKQuantityTypeIdentifierBodyMass');
    const usage = extractTsUsage(frontEndInput(path.join(FIXTURES, 'permission', 'ts', 'kingstinct')));
    const k = usage.authorizations[0]!;
    expect(k.read.map((r) => r.identifier)).toEqual(['HKQuantityTypeIdentifierHeartRate', 'HKQuantityTypeIdentifierStepCount', 'HKQuantityTypeIdentifierBodyMass']);
    expect(k.write.map((r) => r.identifier)).toEqual(['HKQuantityTypeIdentifierStepCount', 'HKQuantityTypeIdentifierAppleExerciseTime']);
  });

  it('lists Bluetooth, motion, background delivery and SDK imports resolved by module specifier', () => {
    const usage = extractTsUsage(frontEndInput(flowDir('sources')));
    expect([...new Set(usage.bluetooth.map((b) => b.library))].sort()).toEqual(['@capacitor-community/bluetooth-le', 'react-native-ble-manager', 'react-native-ble-plx']);
    expect(usage.bluetooth.filter((b) => b.library === 'react-native-ble-plx').map((b) => b.api)).toContain('monitorCharacteristicForDevice');
    expect(usage.motion.map((m) => m.api)).toEqual(['getStepCountAsync', 'isAvailableAsync', 'watchStepCount']);
    expect(usage.sdkImports.map((s) => s.sdkId)).toContain('firebase-analytics');
    // A local module that happens to be named like an SDK is not an SDK import.
    const sinks = extractTsUsage(frontEndInput(flowDir('sinks')));
    expect(sinks.sdkImports.map((s) => `${s.sdkId} ${s.location.file}`)).toContain('mixpanel sdks.tsx');
    expect(sinks.sdkImports.every((s) => !s.module.startsWith('.'))).toBe(true);
  });

  it('finds background delivery and characteristic reads with their types', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hkguard-tsflow-'));
    fs.writeFileSync(path.join(dir, 'bg.ts'), "import HK, { enableBackgroundDelivery, getDateOfBirth, HKQuantityTypeIdentifier } from '@kingstinct/react-native-healthkit';\nconst T = HKQuantityTypeIdentifier.heartRate;\nenableBackgroundDelivery(T, 1);\ngetDateOfBirth();\nHK.queryQuantitySamples(HKQuantityTypeIdentifier.vo2Max, {});\n");
    const usage = extractTsUsage(frontEndInput(dir));
    expect(usage.healthkit.map((h) => `${h.kind} ${h.healthTypes.join(',')} ${h.location.line}`)).toEqual([
      'background-delivery HKQuantityTypeIdentifierHeartRate 3',
      'characteristic-read HKCharacteristicTypeIdentifierDateOfBirth 4',
      'read HKQuantityTypeIdentifierVO2Max 5',
    ]);
  });
});
