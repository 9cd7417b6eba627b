import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowsToRawFindings } from '../../src/flow/core.js';
import { swiftFrontEnd } from '../../src/flow/swift/index.js';
import { checkAnnotations } from '../harness/annotations.js';
import { swiftInput, testRules } from './support.js';

const ROOT = path.resolve(import.meta.dirname, '../../fixtures/projects/native-swift-flows');
const files = fs.readdirSync(path.join(ROOT, 'Pulse')).filter((f) => f.endsWith('.swift')).sort().map((f) => `Pulse/${f}`);

describe('native-swift-flows (front end only; the CLI test runs the whole scan)', async () => {
  const input = swiftInput(ROOT, files, { firstPartyHosts: ['api.pulse.example'], consentGates: [{ function: 'hasResearchConsent' }] });
  const result = await swiftFrontEnd.analyze(input);
  const findings = flowsToRawFindings(result.flows, testRules());

  it('finds the annotated flows and only those', () => {
    const problems: string[] = [];
    for (const file of files) {
      const r = checkAnnotations(findings.filter((f) => f.status === 'open'), fs.readFileSync(path.join(ROOT, file), 'utf8'), file);
      problems.push(...r.missing.map((m) => `missing ${m}`), ...r.extra.map((x) => `extra ${x}`));
    }
    expect(problems).toEqual([]);
    expect(input.diagnostics).toEqual([]);
  });

  it('reports the consent-gated Mixpanel flow as consented', () => {
    expect(findings.filter((f) => f.status === 'consented').map((f) => [f.ruleId, f.location.file, f.location.line, f.guard]))
      .toEqual([['health-data-to-analytics', 'Pulse/Telemetry.swift', 21, 'hasResearchConsent']]);
  });

  it('gives the permission and configuration rules their facts', () => {
    const auth = result.usage.authorizations;
    expect(auth.map((a) => [a.location.line, a.read.map((t) => t.identifier), a.write.map((t) => t.identifier), a.hasUnresolved])).toEqual([[25,
      ['HKCharacteristicTypeIdentifierDateOfBirth', 'HKQuantityTypeIdentifierHeartRate', 'HKQuantityTypeIdentifierStepCount'],
      ['HKQuantityTypeIdentifierBodyMass', 'HKQuantityTypeIdentifierHeartRate'], false]]);
    const kinds = result.usage.healthkit.map((u) => `${u.kind}:${u.location.file}:${u.location.line}:${u.healthTypes.join('+')}`);
    expect(kinds).toEqual([
      'authorization:Pulse/HeartRateStore.swift:25:HKCharacteristicTypeIdentifierDateOfBirth+HKQuantityTypeIdentifierBodyMass+HKQuantityTypeIdentifierHeartRate+HKQuantityTypeIdentifierStepCount',
      'background-delivery:Pulse/HeartRateStore.swift:30:HKQuantityTypeIdentifierHeartRate',
      'read:Pulse/HeartRateStore.swift:40:HKQuantityTypeIdentifierHeartRate',
      'read:Pulse/HeartRateStore.swift:51:HKQuantityTypeIdentifierStepCount',
      'authorization-status:Pulse/HeartRateStore.swift:62:HKQuantityTypeIdentifierStepCount',
      'characteristic-read:Pulse/HeartRateStore.swift:66:HKCharacteristicTypeIdentifierDateOfBirth',
      'write:Pulse/HeartRateStore.swift:77:HKQuantityTypeIdentifierHeartRate',
    ]);
    expect(result.usage.readDenialInferences.map((r) => `${r.location.file}:${r.location.line}`)).toEqual(['Pulse/HeartRateStore.swift:62']);
    expect(result.usage.sdkImports.map((s) => s.sdkId)).toEqual(['firebase-analytics', 'mixpanel']);
    expect(result.usage.bluetooth.map((b) => b.api)).toEqual(['import CoreBluetooth', 'CBCentralManager', 'peripheral(_:didUpdateValueFor:error:)']);
  });
});
