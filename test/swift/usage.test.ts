import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { swiftFrontEnd } from '../../src/flow/swift/index.js';
import { swiftInput } from './support.js';

const ROOT = path.resolve(import.meta.dirname, '../../fixtures/flow/swift');

describe('Swift CodeUsage', async () => {
  const input = swiftInput(ROOT, ['usage/Permissions.swift']);
  const { usage } = await swiftFrontEnd.analyze(input);
  const at = (kind: string) => usage.healthkit.filter((u) => u.kind === kind).map((u) => [u.location.line, u.healthTypes]);

  it('resolves requestAuthorization sets built from constants, static members and properties', () => {
    expect(usage.authorizations.map((a) => ({
      line: a.location.line, read: a.read.map((t) => t.identifier), write: a.write.map((t) => t.identifier), hasUnresolved: a.hasUnresolved,
    }))).toEqual([
      {
        line: 22,
        read: ['HKCharacteristicTypeIdentifierDateOfBirth', 'HKQuantityTypeIdentifierHeartRate', 'HKQuantityTypeIdentifierRestingHeartRate', 'HKQuantityTypeIdentifierStepCount', 'HKWorkoutTypeIdentifier'],
        write: ['HKQuantityTypeIdentifierBodyMass', 'HKQuantityTypeIdentifierHeartRate'],
        hasUnresolved: false,
      },
      // A set passed in as a parameter cannot be known statically.
      { line: 26, read: [], write: [], hasUnresolved: true },
    ]);
  });

  it('records background delivery, clinical reads and authorization status checks with their types', () => {
    expect(at('background-delivery')).toEqual([[30, ["HKQuantityTypeIdentifierStepCount"]]]);
    expect(at('clinical-read')).toEqual([[43, ['HKClinicalTypeIdentifierAllergyRecord']]]);
    expect(at('authorization-status')).toEqual([[34, ["HKQuantityTypeIdentifierStepCount"]], [38, ['HKQuantityTypeIdentifierBodyMass']]]);
  });

  it('infers a read denial only for a status check of a type that is read but not shared', () => {
    expect(usage.readDenialInferences.map((r) => r.location.line)).toEqual([34]);
  });

  it('lists SDK imports through the catalog and CoreBluetooth use', () => {
    expect(usage.sdkImports.map((s) => [s.sdkId, s.location.line])).toEqual([['firebase-analytics', 2], ['mixpanel', 3]]);
    expect(usage.bluetooth.map((b) => b.api)).toEqual(['import CoreBluetooth', 'CBCentralManager']);
  });
});
