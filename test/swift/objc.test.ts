import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowsToRawFindings } from '../../src/flow/core.js';
import { objcFrontEnd } from '../../src/flow/swift/index.js';
import { swiftName } from '../../src/flow/swift/objc.js';
import { checkAnnotations } from '../harness/annotations.js';
import { swiftInput, testRules } from './support.js';

const ROOT = path.resolve(import.meta.dirname, '../../fixtures/flow/objc');

describe('Objective-C front end', async () => {
  const input = swiftInput(ROOT, ['HeartRateReader.m']);
  const result = await objcFrontEnd.analyze(input);

  it('reads selectors the way Swift imports them', () => {
    expect(swiftName('logEventWithName')).toEqual(['logEvent', 'name']);
    expect(swiftName('requestAuthorizationToShareTypes')).toEqual(['requestAuthorization', 'shareTypes']);
    expect(swiftName('dateOfBirthComponentsWithError')).toEqual(['dateOfBirthComponents', undefined]);
    expect(swiftName('setDouble')).toEqual(['setDouble', undefined]);
  });

  it('finds the annotated flows (HealthKit query handlers, characteristic reads, BLE values) and only those', () => {
    const findings = flowsToRawFindings(result.flows, testRules());
    const r = checkAnnotations(findings, fs.readFileSync(path.join(ROOT, 'HeartRateReader.m'), 'utf8'), 'HeartRateReader.m');
    expect([...r.missing, ...r.extra]).toEqual([]);
    expect(result.flows.every((f) => f.language === 'objc')).toBe(true);
  });

  it('gives the usage facts: authorization with full identifiers, the query, SDK imports, CoreBluetooth', () => {
    expect(result.usage.authorizations.map((a) => [a.location.line, a.read.map((t) => t.identifier), a.hasUnresolved])).toEqual([[13, ['HKQuantityTypeIdentifierHeartRate'], false]]);
    expect(result.usage.healthkit.map((u) => `${u.kind}:${u.location.line}:${u.healthTypes.join('+')}`)).toEqual([
      'authorization:13:HKQuantityTypeIdentifierHeartRate',
      'read:18:HKQuantityTypeIdentifierHeartRate',
      'characteristic-read:47:HKCharacteristicTypeIdentifierDateOfBirth',
    ]);
    expect(result.usage.sdkImports.map((s) => s.sdkId)).toEqual(['firebase-analytics']);
    expect(result.usage.bluetooth.map((b) => b.api)).toEqual(['import CoreBluetooth', 'peripheral(_:didUpdateValueFor:error:)']);
    expect(input.diagnostics).toEqual([]);
  });
});
