import { toBytes, type ByteInput } from './bytes.js';

/** IEEE 11073-20601 special values, named as in the standard. */
export type MedicalFloatSpecial = 'NaN' | 'NRes' | '+INFINITY' | '-INFINITY' | 'reserved';

/** One decoded quantity of a characteristic. `value` is null when the device sent a special value. */
export interface DecodedField {
  name: string;
  value: number | number[] | null;
  /** Unit of `value` as the sensor reports it (GATT percentages are 0-100, unit '%'). */
  unit?: string;
  special?: MedicalFloatSpecial | 'unsuccessful';
  /** The HealthKit quantity type this field is written to, when there is one. */
  hkType?: string;
}

export type GattDecodeResult =
  | {
      ok: true;
      characteristic: string;
      name: string;
      fields: DecodedField[];
      /** Non-numeric facts from the frame: flags, device time stamp, sensor location, status bits. */
      info: Record<string, string | number | boolean>;
    }
  | { ok: false; characteristic: string; name?: string; reason: 'unknown' | 'malformed'; message: string };

const SIG_BASE_SUFFIX = '-0000-1000-8000-00805f9b34fb';

/** '2A37', '0x2a37', 0x2A37 and the 128-bit SIG form all become '2a37'; other UUIDs are lowercased. */
export function normalizeUuid(uuid: string | number): string {
  if (typeof uuid === 'number') return uuid.toString(16).padStart(4, '0');
  let u = uuid.trim().toLowerCase();
  if (u.startsWith('0x')) u = u.slice(2);
  if (u.length === 36 && u.endsWith(SIG_BASE_SUFFIX) && u.startsWith('0000')) return u.slice(4, 8);
  if (u.length === 8 && /^[0-9a-f]+$/.test(u) && u.startsWith('0000')) return u.slice(4);
  return u;
}

/** Decodes an IEEE-11073 16-bit SFLOAT word (already assembled from little-endian bytes). */
export function decodeSfloat(word: number): { value: number | null; special?: MedicalFloatSpecial } {
  switch (word) {
    case 0x07ff: return { value: null, special: 'NaN' };
    case 0x0800: return { value: null, special: 'NRes' };
    case 0x07fe: return { value: null, special: '+INFINITY' };
    case 0x0802: return { value: null, special: '-INFINITY' };
    case 0x0801: return { value: null, special: 'reserved' };
  }
  let exponent = word >> 12;
  if (exponent >= 8) exponent -= 16;
  let mantissa = word & 0x0fff;
  if (mantissa >= 0x800) mantissa -= 0x1000;
  return { value: scale(mantissa, exponent) };
}

/** Decodes an IEEE-11073 32-bit FLOAT word. */
export function decodeFloat(word: number): { value: number | null; special?: MedicalFloatSpecial } {
  const w = word >>> 0;
  switch (w) {
    case 0x007fffff: return { value: null, special: 'NaN' };
    case 0x00800000: return { value: null, special: 'NRes' };
    case 0x007ffffe: return { value: null, special: '+INFINITY' };
    case 0x00800002: return { value: null, special: '-INFINITY' };
    case 0x00800001: return { value: null, special: 'reserved' };
  }
  let exponent = w >>> 24;
  if (exponent >= 128) exponent -= 256;
  let mantissa = w & 0xffffff;
  if (mantissa >= 0x800000) mantissa -= 0x1000000;
  return { value: scale(mantissa, exponent) };
}

// Dividing by a power of ten (rather than multiplying by 10^-n) keeps 0xF014 at exactly 2 instead of 2.0000000000000004.
function scale(mantissa: number, exponent: number): number {
  return exponent < 0 ? mantissa / 10 ** -exponent : mantissa * 10 ** exponent;
}

class Frame {
  offset = 0;
  constructor(readonly bytes: Uint8Array, readonly name: string) {}
  need(n: number, field: string): void {
    if (this.offset + n > this.bytes.length) {
      throw new MalformedFrame(
        `${this.name} frame of ${this.bytes.length} byte(s) ends before ${field} (needs ${this.offset + n})`,
      );
    }
  }
  u8(field: string): number { this.need(1, field); return this.bytes[this.offset++]!; }
  u16(field: string): number {
    this.need(2, field);
    const v = this.bytes[this.offset]! | (this.bytes[this.offset + 1]! << 8);
    this.offset += 2;
    return v;
  }
  s16(field: string): number { const v = this.u16(field); return v >= 0x8000 ? v - 0x10000 : v; }
  u24(field: string): number { const lo = this.u16(field); return lo | (this.u8(field) << 16); }
  u32(field: string): number { const lo = this.u16(field); return lo + this.u16(field) * 0x10000; }
  get remaining(): number { return this.bytes.length - this.offset; }
  sfloat(field: string): { value: number | null; special?: MedicalFloatSpecial } { return decodeSfloat(this.u16(field)); }
  float(field: string): { value: number | null; special?: MedicalFloatSpecial } { return decodeFloat(this.u32(field)); }
  dateTime(field: string): string | null {
    const year = this.u16(field);
    const month = this.u8(field), day = this.u8(field), h = this.u8(field), m = this.u8(field), s = this.u8(field);
    if (year === 0 || month === 0 || day === 0) return null;
    const p = (n: number) => String(n).padStart(2, '0');
    // Device local time: the GATT Date Time has no zone, so no 'Z' is appended.
    return `${String(year).padStart(4, '0')}-${p(month)}-${p(day)}T${p(h)}:${p(m)}:${p(s)}`;
  }
}

class MalformedFrame extends Error {}

type Decoder = (f: Frame, fields: DecodedField[], info: Record<string, string | number | boolean>) => void;

const HK = (id: string) => `HKQuantityTypeIdentifier${id}`;

function floatField(name: string, v: { value: number | null; special?: MedicalFloatSpecial }, unit: string, hkType?: string): DecodedField {
  const f: DecodedField = { name, value: v.value, unit };
  if (v.special) f.special = v.special;
  if (hkType) f.hkType = hkType;
  return f;
}

function massField(name: string, raw: number, imperial: boolean, hkType?: string): DecodedField {
  // 0xFFFF is "Measurement Unsuccessful" in the Weight Scale and Body Composition services.
  if (raw === 0xffff) return { name, value: null, unit: imperial ? 'lb' : 'kg', special: 'unsuccessful', ...(hkType ? { hkType } : {}) };
  const value = imperial ? raw / 100 : (raw * 5) / 1000;
  return { name, value, unit: imperial ? 'lb' : 'kg', ...(hkType ? { hkType } : {}) };
}

const decoders: Record<string, { name: string; decode: Decoder }> = {
  '2a37': {
    name: 'Heart Rate Measurement',
    decode(f, fields, info) {
      const flags = f.u8('the Flags field');
      const hr = flags & 0x01 ? f.u16('the Heart Rate Value (uint16)') : f.u8('the Heart Rate Value (uint8)');
      fields.push({ name: 'heartRate', value: hr, unit: 'count/min', hkType: HK('HeartRate') });
      const contact = (flags >> 1) & 0x03;
      info.sensorContact = contact === 3 ? 'detected' : contact === 2 ? 'not-detected' : 'not-supported';
      if (flags & 0x08) fields.push({ name: 'energyExpended', value: f.u16('Energy Expended'), unit: 'kJ' });
      if (flags & 0x10) {
        const rr: number[] = [];
        while (f.remaining >= 2) rr.push(f.u16('RR-Interval') / 1024);
        fields.push({ name: 'rrIntervals', value: rr, unit: 's' });
      }
    },
  },
  '2a35': { name: 'Blood Pressure Measurement', decode: bloodPressure },
  '2a36': { name: 'Intermediate Cuff Pressure', decode: bloodPressure },
  '2a18': {
    name: 'Glucose Measurement',
    decode(f, fields, info) {
      const flags = f.u8('the Flags field');
      info.sequenceNumber = f.u16('the Sequence Number');
      const base = f.dateTime('the Base Time');
      if (base) info.baseTime = base;
      if (flags & 0x01) info.timeOffsetMinutes = f.s16('the Time Offset');
      if (flags & 0x02) {
        const c = f.sfloat('the Glucose Concentration');
        fields.push(floatField('glucoseConcentration', c, flags & 0x04 ? 'mol/L' : 'kg/L', HK('BloodGlucose')));
        const ts = f.u8('the Type-Sample Location octet');
        info.type = ts & 0x0f;
        info.sampleLocation = ts >> 4;
      }
      if (flags & 0x08) info.sensorStatus = f.u16('the Sensor Status Annunciation');
      if (flags & 0x10) info.contextFollows = true;
    },
  },
  '2a9d': {
    name: 'Weight Measurement',
    decode(f, fields, info) {
      const flags = f.u8('the Flags field');
      const imperial = (flags & 0x01) === 1;
      fields.push(massField('weight', f.u16('the Weight'), imperial, HK('BodyMass')));
      if (flags & 0x02) { const t = f.dateTime('the Time Stamp'); if (t) info.timestamp = t; }
      if (flags & 0x04) info.userId = f.u8('the User ID');
      if (flags & 0x08) {
        fields.push({ name: 'bmi', value: f.u16('the BMI') / 10, unit: 'kg/m2', hkType: HK('BodyMassIndex') });
        const h = f.u16('the Height');
        fields.push({ name: 'height', value: imperial ? h / 10 : h / 1000, unit: imperial ? 'in' : 'm', hkType: HK('Height') });
      }
    },
  },
  '2a9c': {
    name: 'Body Composition Measurement',
    decode(f, fields, info) {
      const flags = f.u16('the Flags field');
      const imperial = (flags & 0x0001) !== 0;
      const fat = f.u16('the Body Fat Percentage');
      fields.push(fat === 0xffff
        ? { name: 'bodyFatPercentage', value: null, unit: '%', special: 'unsuccessful', hkType: HK('BodyFatPercentage') }
        : { name: 'bodyFatPercentage', value: fat / 10, unit: '%', hkType: HK('BodyFatPercentage') });
      if (flags & 0x0002) { const t = f.dateTime('the Time Stamp'); if (t) info.timestamp = t; }
      if (flags & 0x0004) info.userId = f.u8('the User ID');
      if (flags & 0x0008) fields.push({ name: 'basalMetabolism', value: f.u16('the Basal Metabolism'), unit: 'kJ' });
      if (flags & 0x0010) fields.push({ name: 'musclePercentage', value: f.u16('the Muscle Percentage') / 10, unit: '%' });
      if (flags & 0x0020) fields.push(massField('muscleMass', f.u16('the Muscle Mass'), imperial));
      if (flags & 0x0040) fields.push(massField('fatFreeMass', f.u16('the Fat Free Mass'), imperial, HK('LeanBodyMass')));
      if (flags & 0x0080) fields.push(massField('softLeanMass', f.u16('the Soft Lean Mass'), imperial));
      if (flags & 0x0100) fields.push(massField('bodyWaterMass', f.u16('the Body Water Mass'), imperial));
      if (flags & 0x0200) fields.push({ name: 'impedance', value: f.u16('the Impedance') / 10, unit: 'ohm' });
      if (flags & 0x0400) fields.push(massField('weight', f.u16('the Weight'), imperial, HK('BodyMass')));
      if (flags & 0x0800) {
        const h = f.u16('the Height');
        fields.push({ name: 'height', value: imperial ? h / 10 : h / 1000, unit: imperial ? 'in' : 'm', hkType: HK('Height') });
      }
      if (flags & 0x1000) info.multiplePacket = true;
    },
  },
  '2a1c': { name: 'Temperature Measurement', decode: temperature },
  '2a1e': { name: 'Intermediate Temperature', decode: temperature },
  '2a5e': {
    name: 'PLX Spot-Check Measurement',
    decode(f, fields, info) {
      const flags = f.u8('the Flags field');
      fields.push(floatField('spo2', f.sfloat('SpO2'), '%', HK('OxygenSaturation')));
      fields.push(floatField('pulseRate', f.sfloat('PR'), 'count/min', HK('HeartRate')));
      if (flags & 0x01) { const t = f.dateTime('the Timestamp'); if (t) info.timestamp = t; }
      if (flags & 0x02) info.measurementStatus = f.u16('the Measurement Status');
      if (flags & 0x04) info.deviceSensorStatus = f.u24('the Device and Sensor Status');
      if (flags & 0x08) fields.push(floatField('pulseAmplitudeIndex', f.sfloat('the Pulse Amplitude Index'), '%'));
      if (flags & 0x10) info.deviceClockNotSet = true;
    },
  },
  '2a5f': {
    name: 'PLX Continuous Measurement',
    decode(f, fields, info) {
      const flags = f.u8('the Flags field');
      fields.push(floatField('spo2', f.sfloat('SpO2PR-Normal SpO2'), '%', HK('OxygenSaturation')));
      fields.push(floatField('pulseRate', f.sfloat('SpO2PR-Normal PR'), 'count/min', HK('HeartRate')));
      if (flags & 0x01) {
        fields.push(floatField('spo2Fast', f.sfloat('SpO2PR-Fast SpO2'), '%'));
        fields.push(floatField('pulseRateFast', f.sfloat('SpO2PR-Fast PR'), 'count/min'));
      }
      if (flags & 0x02) {
        fields.push(floatField('spo2Slow', f.sfloat('SpO2PR-Slow SpO2'), '%'));
        fields.push(floatField('pulseRateSlow', f.sfloat('SpO2PR-Slow PR'), 'count/min'));
      }
      if (flags & 0x04) info.measurementStatus = f.u16('the Measurement Status');
      if (flags & 0x08) info.deviceSensorStatus = f.u24('the Device and Sensor Status');
      if (flags & 0x10) fields.push(floatField('pulseAmplitudeIndex', f.sfloat('the Pulse Amplitude Index'), '%'));
    },
  },
  '2a63': {
    name: 'Cycling Power Measurement',
    decode(f, fields, info) {
      const flags = f.u16('the Flags field');
      fields.push({ name: 'instantaneousPower', value: f.s16('the Instantaneous Power'), unit: 'W', hkType: HK('CyclingPower') });
      if (flags & 0x0001) {
        fields.push({ name: 'pedalPowerBalance', value: f.u8('the Pedal Power Balance') / 2, unit: '%' });
        info.balanceReference = flags & 0x0002 ? 'left' : 'unknown';
      }
      if (flags & 0x0004) {
        fields.push({ name: 'accumulatedTorque', value: f.u16('the Accumulated Torque') / 32, unit: 'N.m' });
        info.torqueSource = flags & 0x0008 ? 'crank' : 'wheel';
      }
      if (flags & 0x0010) {
        fields.push({ name: 'cumulativeWheelRevolutions', value: f.u32('the Cumulative Wheel Revolutions'), unit: 'count' });
        fields.push({ name: 'lastWheelEventTime', value: f.u16('the Last Wheel Event Time') / 2048, unit: 's' });
      }
      if (flags & 0x0020) {
        fields.push({ name: 'cumulativeCrankRevolutions', value: f.u16('the Cumulative Crank Revolutions'), unit: 'count' });
        fields.push({ name: 'lastCrankEventTime', value: f.u16('the Last Crank Event Time') / 1024, unit: 's' });
      }
      if (flags & 0x0040) {
        fields.push({ name: 'maximumForce', value: f.s16('the Maximum Force Magnitude'), unit: 'N' });
        fields.push({ name: 'minimumForce', value: f.s16('the Minimum Force Magnitude'), unit: 'N' });
      }
      if (flags & 0x0080) {
        fields.push({ name: 'maximumTorque', value: f.s16('the Maximum Torque Magnitude') / 32, unit: 'N.m' });
        fields.push({ name: 'minimumTorque', value: f.s16('the Minimum Torque Magnitude') / 32, unit: 'N.m' });
      }
      if (flags & 0x0100) {
        const packed = f.u24('the Extreme Angles');
        fields.push({ name: 'maximumAngle', value: packed & 0x0fff, unit: 'deg' });
        fields.push({ name: 'minimumAngle', value: packed >> 12, unit: 'deg' });
      }
      if (flags & 0x0200) fields.push({ name: 'topDeadSpotAngle', value: f.u16('the Top Dead Spot Angle'), unit: 'deg' });
      if (flags & 0x0400) fields.push({ name: 'bottomDeadSpotAngle', value: f.u16('the Bottom Dead Spot Angle'), unit: 'deg' });
      if (flags & 0x0800) fields.push({ name: 'accumulatedEnergy', value: f.u16('the Accumulated Energy'), unit: 'kJ' });
      if (flags & 0x1000) info.offsetCompensationIndicator = true;
    },
  },
};

function bloodPressure(f: Frame, fields: DecodedField[], info: Record<string, string | number | boolean>): void {
  const flags = f.u8('the Flags field');
  const unit = flags & 0x01 ? 'kPa' : 'mmHg';
  fields.push(floatField('systolic', f.sfloat('the Systolic value'), unit, HK('BloodPressureSystolic')));
  fields.push(floatField('diastolic', f.sfloat('the Diastolic value'), unit, HK('BloodPressureDiastolic')));
  fields.push(floatField('meanArterialPressure', f.sfloat('the Mean Arterial Pressure'), unit));
  if (flags & 0x02) { const t = f.dateTime('the Time Stamp'); if (t) info.timestamp = t; }
  if (flags & 0x04) fields.push(floatField('pulseRate', f.sfloat('the Pulse Rate'), 'count/min', HK('HeartRate')));
  if (flags & 0x08) info.userId = f.u8('the User ID');
  if (flags & 0x10) info.measurementStatus = f.u16('the Measurement Status');
}

function temperature(f: Frame, fields: DecodedField[], info: Record<string, string | number | boolean>): void {
  const flags = f.u8('the Flags field');
  fields.push(floatField('temperature', f.float('the Temperature Measurement Value'), flags & 0x01 ? 'degF' : 'degC', HK('BodyTemperature')));
  if (flags & 0x02) { const t = f.dateTime('the Time Stamp'); if (t) info.timestamp = t; }
  if (flags & 0x04) info.temperatureType = f.u8('the Temperature Type');
}

/** The display name of a known health characteristic, by any UUID spelling. */
export function gattCharacteristicName(uuid: string | number): string | undefined {
  return decoders[normalizeUuid(uuid)]?.name;
}

/**
 * Decodes a standard GATT health characteristic per the Bluetooth specifications (little-endian fields,
 * IEEE-11073 SFLOAT / FLOAT with their special values). Never throws: unknown characteristics and frames that
 * end early come back as `{ ok: false }` so the caller can keep the raw bytes.
 */
export function decodeGattCharacteristic(uuid: string | number, bytes: ByteInput): GattDecodeResult {
  let characteristic = '';
  try {
    characteristic = normalizeUuid(uuid);
    const decoder = decoders[characteristic];
    if (!decoder) return { ok: false, characteristic, reason: 'unknown', message: `characteristic ${characteristic} has no decoder` };
    const frame = new Frame(toBytes(bytes), decoder.name);
    const fields: DecodedField[] = [];
    const info: Record<string, string | number | boolean> = {};
    decoder.decode(frame, fields, info);
    return { ok: true, characteristic, name: decoder.name, fields, info };
  } catch (err) {
    const name = decoders[characteristic]?.name;
    return {
      ok: false,
      characteristic,
      ...(name ? { name } : {}),
      reason: 'malformed',
      message: err instanceof Error ? err.message : String(err),
    };
  }
}
