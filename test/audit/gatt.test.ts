import { describe, expect, it } from 'vitest';
import { decodeFloat, decodeGattCharacteristic, decodeSfloat, normalizeUuid } from '../../src/audit/gatt.js';
import {
  bloodPressureFrame, bodyCompositionFrame, cyclingPowerFrame, dateTime, float32, FLOAT_NAN, FLOAT_NINF, FLOAT_NRES, FLOAT_PINF,
  glucoseFrame, heartRateFrame, plxContinuousFrame, plxSpotFrame, sfloat, SFLOAT_NAN, SFLOAT_NINF, SFLOAT_NRES, SFLOAT_PINF,
  temperatureFrame, toBase64, weightFrame,
} from './helpers/gatt-frames.js';

function fields(uuid: string, bytes: Uint8Array) {
  const r = decodeGattCharacteristic(uuid, bytes);
  if (!r.ok) throw new Error(`expected a decode, got ${r.reason}: ${r.message}`);
  return { ...r, byName: Object.fromEntries(r.fields.map((f) => [f.name, f])) };
}

describe('IEEE-11073 SFLOAT and FLOAT', () => {
  it('the test encoder reproduces the HL7 example words', () => {
    expect(sfloat(20, -1)).toBe(0xf014);
    expect(sfloat(200, -2)).toBe(0xe0c8);
    expect(sfloat(2, 1)).toBe(0x1002);
    expect(sfloat(-1234, 0)).toBe(0x0b2e);
    expect(float32(20, -1)).toBe(0xff000014);
    expect(float32(200, -2)).toBe(0xfe0000c8);
    expect(float32(2, 1)).toBe(0x01000002);
    expect(float32(-1234, 0)).toBe(0x00fffb2e);
  });
  it('decodes the example words to their values', () => {
    expect(decodeSfloat(0xf014)).toEqual({ value: 2 });
    expect(decodeSfloat(0xe0c8)).toEqual({ value: 2 });
    expect(decodeSfloat(0x1002)).toEqual({ value: 20 });
    expect(decodeSfloat(0x0b2e)).toEqual({ value: -1234 });
    expect(decodeFloat(0xff000014)).toEqual({ value: 2 });
    expect(decodeFloat(0xfe0000c8)).toEqual({ value: 2 });
    expect(decodeFloat(0x01000002)).toEqual({ value: 20 });
    expect(decodeFloat(0x00fffb2e)).toEqual({ value: -1234 });
  });
  it('names the special values instead of decoding them as numbers', () => {
    expect(decodeSfloat(SFLOAT_NAN)).toEqual({ value: null, special: 'NaN' });
    expect(decodeSfloat(SFLOAT_NRES)).toEqual({ value: null, special: 'NRes' });
    expect(decodeSfloat(SFLOAT_PINF)).toEqual({ value: null, special: '+INFINITY' });
    expect(decodeSfloat(SFLOAT_NINF)).toEqual({ value: null, special: '-INFINITY' });
    expect(decodeSfloat(0x0801)).toEqual({ value: null, special: 'reserved' });
    expect(decodeFloat(FLOAT_NAN)).toEqual({ value: null, special: 'NaN' });
    expect(decodeFloat(FLOAT_NRES)).toEqual({ value: null, special: 'NRes' });
    expect(decodeFloat(FLOAT_PINF)).toEqual({ value: null, special: '+INFINITY' });
    expect(decodeFloat(FLOAT_NINF)).toEqual({ value: null, special: '-INFINITY' });
    expect(decodeFloat(0x00800001)).toEqual({ value: null, special: 'reserved' });
  });
  it('sign-extends negative exponents and mantissas', () => {
    expect(decodeSfloat(sfloat(-5, -1))).toEqual({ value: -0.5 });
    expect(decodeSfloat(sfloat(2047, 7)).value).toBe(2047e7);
    expect(decodeFloat(float32(-1, -128)).value).toBeCloseTo(-1e-128, 140);
  });
});

describe('decodeGattCharacteristic', () => {
  it('Heart Rate Measurement: uint8 value and sensor contact', () => {
    const r = fields('2a37', heartRateFrame({ bpm: 72, contact: 3 }));
    expect(r.name).toBe('Heart Rate Measurement');
    expect(r.byName.heartRate).toEqual({ name: 'heartRate', value: 72, unit: 'count/min', hkType: 'HKQuantityTypeIdentifierHeartRate' });
    expect(r.info.sensorContact).toBe('detected');
  });
  it('Heart Rate Measurement: uint16 value, energy expended and RR intervals in 1/1024 s', () => {
    const r = fields('2A37', heartRateFrame({ bpm: 300, wide: true, contact: 2, energyKj: 1234, rr1024: [1024, 512, 800] }));
    expect(r.byName.heartRate!.value).toBe(300);
    expect(r.byName.energyExpended).toMatchObject({ value: 1234, unit: 'kJ' });
    expect(r.byName.rrIntervals).toMatchObject({ value: [1, 0.5, 800 / 1024], unit: 's' });
    expect(r.info.sensorContact).toBe('not-detected');
  });
  it('Blood Pressure Measurement in mmHg with time stamp, pulse, user and status', () => {
    const r = fields('2a35', bloodPressureFrame({ sys: sfloat(120, 0), dia: sfloat(80, 0), map: sfloat(93, 0), time: dateTime(2026, 11, 20, 8, 30, 5), pulse: sfloat(72, 0), userId: 1, status: 0x0004 }));
    expect(r.byName.systolic).toMatchObject({ value: 120, unit: 'mmHg', hkType: 'HKQuantityTypeIdentifierBloodPressureSystolic' });
    expect(r.byName.diastolic).toMatchObject({ value: 80, unit: 'mmHg', hkType: 'HKQuantityTypeIdentifierBloodPressureDiastolic' });
    expect(r.byName.meanArterialPressure!.value).toBe(93);
    expect(r.byName.pulseRate).toMatchObject({ value: 72, hkType: 'HKQuantityTypeIdentifierHeartRate' });
    expect(r.info).toMatchObject({ timestamp: '2026-11-20T08:30:05', userId: 1, measurementStatus: 4 });
  });
  it('Blood Pressure Measurement in kPa, and special values per field', () => {
    const r = fields('0x2A35', bloodPressureFrame({ kPa: true, sys: sfloat(160, -1), dia: SFLOAT_NRES, map: SFLOAT_NAN }));
    expect(r.byName.systolic).toMatchObject({ value: 16, unit: 'kPa' });
    expect(r.byName.diastolic).toMatchObject({ value: null, special: 'NRes' });
    expect(r.byName.meanArterialPressure).toMatchObject({ value: null, special: 'NaN' });
  });
  it('Intermediate Cuff Pressure shares the layout', () => {
    expect(fields('2a36', bloodPressureFrame({ sys: SFLOAT_PINF, dia: SFLOAT_NINF, map: sfloat(0, 0) })).byName.systolic!.special).toBe('+INFINITY');
  });
  it('Glucose Measurement in kg/L with type and sample location nibbles', () => {
    const r = fields('2a18', glucoseFrame({ seq: 7, base: dateTime(2026, 11, 20, 7, 0, 0), offsetMin: -15, conc: sfloat(95, -5), type: 1, location: 1, status: 0 }));
    expect(r.byName.glucoseConcentration!.value).toBeCloseTo(0.00095, 10);
    expect(r.byName.glucoseConcentration).toMatchObject({ unit: 'kg/L', hkType: 'HKQuantityTypeIdentifierBloodGlucose' });
    expect(r.info).toMatchObject({ sequenceNumber: 7, baseTime: '2026-11-20T07:00:00', timeOffsetMinutes: -15, type: 1, sampleLocation: 1, sensorStatus: 0 });
  });
  it('Glucose Measurement in mol/L', () => {
    const r = fields('2a18', glucoseFrame({ seq: 1, base: dateTime(2026, 1, 1, 0, 0, 0), conc: sfloat(53, -4), molPerL: true, type: 2, location: 15 }));
    expect(r.byName.glucoseConcentration).toMatchObject({ unit: 'mol/L' });
    expect(r.byName.glucoseConcentration!.value).toBeCloseTo(0.0053, 10);
    expect(r.info.sampleLocation).toBe(15);
  });
  it('Weight Measurement SI with BMI and height, and imperial', () => {
    const si = fields('2a9d', weightFrame({ raw: 14040, userId: 2, bmi10: 229, height: 1750, time: dateTime(2026, 11, 20, 6, 45, 0) }));
    expect(si.byName.weight).toMatchObject({ value: 70.2, unit: 'kg', hkType: 'HKQuantityTypeIdentifierBodyMass' });
    expect(si.byName.bmi).toMatchObject({ value: 22.9, hkType: 'HKQuantityTypeIdentifierBodyMassIndex' });
    expect(si.byName.height).toMatchObject({ value: 1.75, unit: 'm' });
    expect(si.info).toMatchObject({ userId: 2, timestamp: '2026-11-20T06:45:00' });
    const imp = fields('2a9d', weightFrame({ raw: 15480, imperial: true, bmi10: 229, height: 689 }));
    expect(imp.byName.weight).toMatchObject({ value: 154.8, unit: 'lb' });
    expect(imp.byName.height).toMatchObject({ value: 68.9, unit: 'in' });
  });
  it('Weight Measurement 0xFFFF is "measurement unsuccessful"', () => {
    expect(fields('2a9d', weightFrame({ raw: 0xffff })).byName.weight).toMatchObject({ value: null, special: 'unsuccessful' });
  });
  it('Body Composition Measurement with uint16 flags', () => {
    const r = fields('2a9c', bodyCompositionFrame({ fat10: 225, fatFreeRaw: 10880, impedance10: 5123, weightRaw: 14040, heightRaw: 1750 }));
    expect(r.byName.bodyFatPercentage).toMatchObject({ value: 22.5, unit: '%', hkType: 'HKQuantityTypeIdentifierBodyFatPercentage' });
    expect(r.byName.fatFreeMass).toMatchObject({ value: 54.4, unit: 'kg', hkType: 'HKQuantityTypeIdentifierLeanBodyMass' });
    expect(r.byName.impedance).toMatchObject({ value: 512.3, unit: 'ohm' });
    expect(r.byName.weight!.value).toBe(70.2);
    expect(r.byName.height!.value).toBe(1.75);
  });
  it('Temperature Measurement (FLOAT) in Celsius and Fahrenheit with type', () => {
    const c = fields('2a1c', temperatureFrame({ value: float32(366, -1), type: 2, time: dateTime(2026, 11, 20, 22, 10, 0) }));
    expect(c.byName.temperature).toMatchObject({ value: 36.6, unit: 'degC', hkType: 'HKQuantityTypeIdentifierBodyTemperature' });
    expect(c.info).toMatchObject({ temperatureType: 2, timestamp: '2026-11-20T22:10:00' });
    expect(fields('2a1c', temperatureFrame({ value: float32(979, -1), fahrenheit: true })).byName.temperature).toMatchObject({ value: 97.9, unit: 'degF' });
    expect(fields('2a1e', temperatureFrame({ value: FLOAT_NRES })).byName.temperature).toMatchObject({ value: null, special: 'NRes' });
  });
  it('PLX Spot-Check and Continuous Measurements', () => {
    const spot = fields('2a5e', plxSpotFrame({ spo2: sfloat(98, 0), pr: sfloat(64, 0), time: dateTime(2026, 11, 20, 9, 0, 0), status: 0x0020, deviceStatus: 0x010203, pai: sfloat(25, -1) }));
    expect(spot.byName.spo2).toMatchObject({ value: 98, unit: '%', hkType: 'HKQuantityTypeIdentifierOxygenSaturation' });
    expect(spot.byName.pulseRate!.value).toBe(64);
    expect(spot.byName.pulseAmplitudeIndex!.value).toBe(2.5);
    expect(spot.info).toMatchObject({ measurementStatus: 0x20, deviceSensorStatus: 0x010203 });
    const cont = fields('2a5f', plxContinuousFrame({ spo2: sfloat(97, 0), pr: sfloat(70, 0), fast: [sfloat(96, 0), sfloat(71, 0)], slow: [sfloat(97, 0), SFLOAT_NAN], pai: sfloat(31, -1) }));
    expect(cont.byName.spo2!.value).toBe(97);
    expect(cont.byName.spo2Fast!.value).toBe(96);
    expect(cont.byName.pulseRateSlow).toMatchObject({ value: null, special: 'NaN' });
    expect(cont.byName.pulseAmplitudeIndex!.value).toBe(3.1);
  });
  it('Cycling Power Measurement with balance, torque, wheel, crank and energy', () => {
    const r = fields('2a63', cyclingPowerFrame({ power: 250, balanceHalfPct: 100, torque32: 640, wheel: [123456, 4096], crank: [1000, 2048], energyKj: 12 }));
    expect(r.byName.instantaneousPower).toMatchObject({ value: 250, unit: 'W', hkType: 'HKQuantityTypeIdentifierCyclingPower' });
    expect(r.byName.pedalPowerBalance!.value).toBe(50);
    expect(r.byName.accumulatedTorque!.value).toBe(20);
    expect(r.byName.cumulativeWheelRevolutions!.value).toBe(123456);
    expect(r.byName.lastWheelEventTime!.value).toBe(2);
    expect(r.byName.cumulativeCrankRevolutions!.value).toBe(1000);
    expect(r.byName.lastCrankEventTime!.value).toBe(2);
    expect(r.byName.accumulatedEnergy!.value).toBe(12);
    expect(fields('2a63', cyclingPowerFrame({ power: -5 })).byName.instantaneousPower!.value).toBe(-5);
  });
  it('accepts every UUID spelling and every byte container the libraries use', () => {
    const frame = heartRateFrame({ bpm: 61 });
    for (const uuid of ['2a37', '2A37', '0x2A37', '00002A37-0000-1000-8000-00805F9B34FB', '00002a37']) {
      expect(fields(uuid, frame).byName.heartRate!.value).toBe(61);
    }
    expect(normalizeUuid(0x2a37)).toBe('2a37');
    const backing = new Uint8Array([9, 9, ...frame, 9]);
    expect(fields('2a37', [...frame] as unknown as Uint8Array).byName.heartRate!.value).toBe(61);
    expect((decodeGattCharacteristic('2a37', new DataView(backing.buffer, 2, frame.length)) as { fields: Array<{ value: unknown }> }).fields[0]!.value).toBe(61);
    expect((decodeGattCharacteristic('2a37', frame.buffer as ArrayBuffer) as { fields: Array<{ value: unknown }> }).fields[0]!.value).toBe(61);
    expect((decodeGattCharacteristic('2a37', { base64: toBase64(frame) }) as { fields: Array<{ value: unknown }> }).fields[0]!.value).toBe(61);
  });
  it('returns malformed frames and unknown characteristics without throwing', () => {
    const short = decodeGattCharacteristic('2a37', Uint8Array.from([0x01, 0x48]));
    expect(short).toMatchObject({ ok: false, reason: 'malformed', name: 'Heart Rate Measurement' });
    expect((short as { message: string }).message).toMatch(/Heart Rate Value \(uint16\)/);
    expect(decodeGattCharacteristic('2a35', new Uint8Array(0))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(decodeGattCharacteristic('2a1c', Uint8Array.from([0x00, 0x01, 0x02]))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(decodeGattCharacteristic('2a19', Uint8Array.from([88]))).toMatchObject({ ok: false, reason: 'unknown', characteristic: '2a19' });
    expect(decodeGattCharacteristic('6e400003-b5a3-f393-e0a9-e50e24dcca9e', Uint8Array.from([1]))).toMatchObject({ ok: false, reason: 'unknown', characteristic: '6e400003-b5a3-f393-e0a9-e50e24dcca9e' });
    expect(decodeGattCharacteristic('2a37', { base64: '!!!' })).toMatchObject({ ok: false, reason: 'malformed' });
  });
});
