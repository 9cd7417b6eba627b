import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { typescriptFrontEnd } from '../../src/flow/typescript/index.js';
import { permissionChecks } from '../../src/rules/permission/index.js';
import type { AppConfigFacts } from '../../src/facts/types.js';
import type { RawFinding } from '../../src/findings/types.js';
import type { CodeUsage, TaintFlow } from '../../src/flow/types.js';
import { emptyUsage } from '../../src/flow/types.js';
import { defaultConfig } from '../../src/config/types.js';
import { checkAnnotations } from '../harness/annotations.js';
import { FIXTURES, frontEndInput, listSources, reader, testCatalog } from './helpers.js';

const PERMISSION_RULES = ['healthkit-permission-unused', 'healthkit-permission-undeclared', 'healthkit-write-readonly-type', 'healthkit-read-denial-inference'];

export function emptyFacts(): AppConfigFacts {
  return {
    infoPlist: new Map(), entitlements: new Map(), privacyManifests: [], sdkPrivacyManifests: [], sdks: [],
    expoPlugins: new Map(), dependencies: new Map(), dependencyLocations: new Map(),
  };
}

function runChecks(usage: CodeUsage, flows: TaintFlow[], facts = emptyFacts(), root = '/'): RawFinding[] {
  const { catalog, rules } = testCatalog();
  const app = { name: 'app', kind: 'react-native' as const, path: '.', files: frontEndInput(root, { files: [] }).app.files };
  const ctx = { root, config: defaultConfig(), catalog, rules, read: reader(root, []) };
  return permissionChecks.flatMap((c) => c.check({ app, facts, usage, flows }, ctx));
}

// manifest/ holds whole apps for the real pipeline (manifest.test.ts).
const dirs = fs.readdirSync(path.join(FIXTURES, 'permission', 'ts')).filter((d) => d !== 'manifest').sort();

describe('permission rules on annotated fixtures', () => {
  for (const dir of dirs) {
    it(dir, async () => {
      const root = path.join(FIXTURES, 'permission', 'ts', dir);
      const input = frontEndInput(root);
      const { usage, flows } = await typescriptFrontEnd.analyze(input);
      const findings = runChecks(usage, flows, emptyFacts(), root);
      const problems: string[] = [];
      for (const file of listSources(root)) {
        const r = checkAnnotations(findings, fs.readFileSync(path.join(root, file), 'utf8'), file, { rules: PERMISSION_RULES });
        problems.push(...r.missing.map((m) => `Missing ${m}`), ...r.extra.map((m) => `Extra ${m}`));
      }
      expect(problems).toEqual([]);
      expect(input.diagnostics).toEqual([]);
    });
  }
});

describe('permission rules from CodeUsage alone (any front end)', () => {
  const at = (line: number) => ({ file: 'App.swift', line, column: 1, endLine: line, endColumn: 1 });

  it('skips healthkit-permission-unused when a read has an unknown type', () => {
    const usage = emptyUsage();
    usage.authorizations.push({ library: 'HealthKit', location: at(1), read: [{ identifier: 'HKQuantityTypeIdentifierHeartRate', location: at(2) }], write: [], hasUnresolved: false });
    usage.healthkit.push({ kind: 'read', library: 'HealthKit', api: 'HKSampleQuery', healthTypes: [], location: at(5) });
    expect(runChecks(usage, []).filter((f) => f.ruleId === 'healthkit-permission-unused')).toEqual([]);
    usage.healthkit[0]!.healthTypes = ['HKQuantityTypeIdentifierStepCount'];
    const found = runChecks(usage, []);
    expect(found.map((f) => [f.ruleId, f.location.line])).toEqual([
      ['healthkit-permission-unused', 2],
      ['healthkit-permission-undeclared', 5],
    ]);
  });

  it('skips healthkit-permission-undeclared when a request could not be resolved', () => {
    const usage = emptyUsage();
    usage.authorizations.push({ library: 'HealthKit', location: at(1), read: [], write: [], hasUnresolved: true });
    usage.healthkit.push({ kind: 'read', library: 'HealthKit', api: 'HKSampleQuery', healthTypes: ['HKQuantityTypeIdentifierHeartRate'], location: at(5) });
    expect(runChecks(usage, []).filter((f) => f.ruleId === 'healthkit-permission-undeclared')).toEqual([]);
  });

  it('flags a correlation and a clinical type in the write list', () => {
    const usage = emptyUsage();
    usage.authorizations.push({
      library: 'HealthKit', location: at(1), read: [], hasUnresolved: false,
      write: [{ identifier: 'HKCorrelationTypeIdentifierBloodPressure', location: at(3) }, { identifier: 'HKClinicalTypeIdentifierLabResultRecord', location: at(4) }, { identifier: 'HKQuantityTypeIdentifierBodyMass', location: at(6) }],
    });
    usage.healthkit.push({ kind: 'write', library: 'HealthKit', api: 'save', healthTypes: ['HKQuantityTypeIdentifierBodyMass'], location: at(9) });
    const ro = runChecks(usage, []).filter((f) => f.ruleId === 'healthkit-write-readonly-type');
    expect(ro.map((f) => f.location.line)).toEqual([3, 4]);
  });
});

describe('privacy-manifest-health-undeclared', () => {
  const flow = (category: TaintFlow['sink']['category'], status: TaintFlow['status'] = 'open'): TaintFlow => ({
    source: { kind: 'healthkit-read', api: 'x', location: { file: 'a.ts', line: 1, column: 1, endLine: 1, endColumn: 2 }, healthTypes: ['HKQuantityTypeIdentifierHeartRate'] },
    sink: { category, recipient: { kind: 'sdk', vendor: 'Mixpanel' }, api: 'track', location: { file: 'b.ts', line: 7, column: 3, endLine: 7, endColumn: 9 } },
    steps: [], status, language: 'typescript',
  });
  const withManifest = (types: string[]): AppConfigFacts => ({
    ...emptyFacts(),
    privacyManifests: [{ file: 'ios/App/PrivacyInfo.xcprivacy', trackingDomains: [], collected: types.map((type) => ({ type, purposes: [], location: { file: 'ios/App/PrivacyInfo.xcprivacy', line: 5, column: 1, endLine: 5, endColumn: 1 } })) }],
  });
  const ids = (f: RawFinding[]) => f.filter((x) => x.ruleId === 'privacy-manifest-health-undeclared').map((x) => `${x.location.file}:${x.location.line}`);

  it('fires when data leaves the device and the manifest has no Health or Fitness entry', () => {
    expect(ids(runChecks(emptyUsage(), [flow('analytics')], withManifest(['NSPrivacyCollectedDataTypeEmailAddress'])))).toEqual(['ios/App/PrivacyInfo.xcprivacy:1']);
    expect(ids(runChecks(emptyUsage(), [flow('network-third-party')], emptyFacts()))).toEqual(['b.ts:7']);
  });

  it('does not fire for on-device sinks, sanitized flows or a declared manifest', () => {
    expect(ids(runChecks(emptyUsage(), [flow('log'), flow('insecure-storage'), flow('clipboard')], emptyFacts()))).toEqual([]);
    expect(ids(runChecks(emptyUsage(), [flow('analytics', 'sanitized')], emptyFacts()))).toEqual([]);
    expect(ids(runChecks(emptyUsage(), [flow('analytics')], withManifest(['NSPrivacyCollectedDataTypeHealth'])))).toEqual([]);
    expect(ids(runChecks(emptyUsage(), [flow('ai')], withManifest(['NSPrivacyCollectedDataTypeFitness'])))).toEqual([]);
  });
});
