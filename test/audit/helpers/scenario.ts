import { instrumentBlePlx } from '../../../src/audit/instrument/ble.js';
import { instrumentKingstinctHealthKit } from '../../../src/audit/instrument/healthkit.js';
import type { AuditLogOptions } from '../../../src/audit/log.js';
import { fakeKingstinct, FakePlxManager } from './fake-libs.js';
import { heartRateFrame, plxContinuousFrame, sfloat } from './gatt-frames.js';
import { memoryLog } from './log-helpers.js';

export const T0 = Date.UTC(2026, 10, 20, 8, 0, 0);
const HR = 'HKQuantityTypeIdentifierHeartRate';

/**
 * Two days of a sensor-syncing app: a heart-rate strap streamed and written correctly, a gap of an hour,
 * an oximeter whose SpO2 is written as 98 instead of 0.98, a glucose value with no sensor behind it,
 * a user-entered weight, and a write HealthKit refused.
 */
export async function scenarioLog(options: Partial<AuditLogOptions> = {}) {
  const { log, store, clock } = memoryLog({ redact: 'keep', ...options });
  const ble = instrumentBlePlx(new FakePlxManager(), log);
  const hk = instrumentKingstinctHealthKit(fakeKingstinct({ reject: new Set(['HKQuantityTypeIdentifierBodyTemperature']) }), log);
  const pending: Array<Promise<unknown>> = [];
  const save = (id: string, unit: string, value: number, metadata?: object) => {
    const d = new Date(clock.t);
    pending.push(hk.saveQuantitySample(id, unit, value, d, d, metadata).catch(() => undefined));
  };
  ble.monitorCharacteristicForDevice('AA:BB:CC:00:11:22', '180d', '2a37', (_e, c) => save(HR, 'count/min', Buffer.from(c!.value!, 'base64')[1]!));
  ble.monitorCharacteristicForDevice('OXI-7', '1822', '2a5f', (_e, c) => {
    const spo2 = Buffer.from(c!.value!, 'base64').readUInt16LE(1) & 0x0fff;
    save('HKQuantityTypeIdentifierOxygenSaturation', '%', spo2);
  });
  for (let i = 0; i < 5; i++) {
    ble.notify('AA:BB:CC:00:11:22', '180d', '2a37', heartRateFrame({ bpm: 62 + i * 3 }));
    clock.advance(60_000);
  }
  clock.advance(60 * 60_000);
  ble.notify('AA:BB:CC:00:11:22', '180d', '2a37', heartRateFrame({ bpm: 88 }));
  clock.advance(1000);
  ble.notify('OXI-7', '1822', '2a5f', plxContinuousFrame({ spo2: sfloat(98, 0), pr: sfloat(64, 0) }));
  clock.set(Date.UTC(2026, 10, 21, 7, 30, 0));
  save('HKQuantityTypeIdentifierBloodGlucose', 'mg/dL', 104);
  save('HKQuantityTypeIdentifierBodyMass', 'kg', 70.2, { HKWasUserEntered: true });
  save('HKQuantityTypeIdentifierBodyTemperature', 'degC', 36.7, { HKWasUserEntered: true });
  await Promise.all(pending);
  await log.close();
  return store.text();
}
