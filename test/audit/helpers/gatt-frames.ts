// Byte frames built from the Bluetooth GATT characteristic definitions (field order, flags, little-endian,
// IEEE-11073 encodings), written independently of src/audit/gatt.ts so the decoder is tested against the spec.

/** IEEE-11073 SFLOAT: 4-bit signed exponent in bits 15-12, 12-bit signed mantissa in bits 11-0. */
export function sfloat(mantissa: number, exponent: number): number {
  if (mantissa < -2048 || mantissa > 2047 || exponent < -8 || exponent > 7) throw new Error('out of SFLOAT range');
  return ((exponent & 0x0f) << 12) | (mantissa & 0x0fff);
}

/** IEEE-11073 FLOAT: 8-bit signed exponent in the top byte, 24-bit signed mantissa below. */
export function float32(mantissa: number, exponent: number): number {
  return (((exponent & 0xff) << 24) | (mantissa & 0xffffff)) >>> 0;
}

export const SFLOAT_NAN = 0x07ff;
export const SFLOAT_NRES = 0x0800;
export const SFLOAT_PINF = 0x07fe;
export const SFLOAT_NINF = 0x0802;
export const FLOAT_NAN = 0x007fffff;
export const FLOAT_NRES = 0x00800000;
export const FLOAT_PINF = 0x007ffffe;
export const FLOAT_NINF = 0x00800002;

export const u8 = (v: number) => [v & 0xff];
export const le16 = (v: number) => [v & 0xff, (v >> 8) & 0xff];
export const le24 = (v: number) => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff];
export const le32 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
/** Date Time (0x2A08): year uint16, month, day, hours, minutes, seconds. */
export const dateTime = (y: number, mo: number, d: number, h: number, mi: number, s: number) => [...le16(y), mo, d, h, mi, s];

/** Heart Rate Measurement 0x2A37. */
export function heartRateFrame(o: { bpm: number; wide?: boolean; contact?: 0 | 2 | 3; energyKj?: number; rr1024?: number[] }): Uint8Array {
  let flags = 0;
  if (o.wide) flags |= 0x01;
  flags |= (o.contact ?? 0) << 1;
  if (o.energyKj !== undefined) flags |= 0x08;
  if (o.rr1024) flags |= 0x10;
  const bytes = [flags, ...(o.wide ? le16(o.bpm) : u8(o.bpm))];
  if (o.energyKj !== undefined) bytes.push(...le16(o.energyKj));
  for (const rr of o.rr1024 ?? []) bytes.push(...le16(rr));
  return Uint8Array.from(bytes);
}

/** Blood Pressure Measurement 0x2A35: SFLOAT words for systolic, diastolic, MAP and pulse. */
export function bloodPressureFrame(o: { sys: number; dia: number; map: number; kPa?: boolean; time?: number[]; pulse?: number; userId?: number; status?: number }): Uint8Array {
  let flags = o.kPa ? 0x01 : 0;
  if (o.time) flags |= 0x02;
  if (o.pulse !== undefined) flags |= 0x04;
  if (o.userId !== undefined) flags |= 0x08;
  if (o.status !== undefined) flags |= 0x10;
  const b = [flags, ...le16(o.sys), ...le16(o.dia), ...le16(o.map)];
  if (o.time) b.push(...o.time);
  if (o.pulse !== undefined) b.push(...le16(o.pulse));
  if (o.userId !== undefined) b.push(o.userId);
  if (o.status !== undefined) b.push(...le16(o.status));
  return Uint8Array.from(b);
}

/** Glucose Measurement 0x2A18. `conc` is an SFLOAT word; molPerL selects mol/L instead of kg/L. */
export function glucoseFrame(o: { seq: number; base: number[]; offsetMin?: number; conc?: number; molPerL?: boolean; type?: number; location?: number; status?: number }): Uint8Array {
  let flags = 0;
  if (o.offsetMin !== undefined) flags |= 0x01;
  if (o.conc !== undefined) flags |= 0x02;
  if (o.molPerL) flags |= 0x04;
  if (o.status !== undefined) flags |= 0x08;
  const b = [flags, ...le16(o.seq), ...o.base];
  if (o.offsetMin !== undefined) b.push(...le16(o.offsetMin & 0xffff));
  if (o.conc !== undefined) b.push(...le16(o.conc), ((o.location ?? 0) << 4) | (o.type ?? 0));
  if (o.status !== undefined) b.push(...le16(o.status));
  return Uint8Array.from(b);
}

/** Weight Measurement 0x2A9D: weight in 0.005 kg (SI) or 0.01 lb units. */
export function weightFrame(o: { raw: number; imperial?: boolean; time?: number[]; userId?: number; bmi10?: number; height?: number }): Uint8Array {
  let flags = o.imperial ? 0x01 : 0;
  if (o.time) flags |= 0x02;
  if (o.userId !== undefined) flags |= 0x04;
  if (o.bmi10 !== undefined) flags |= 0x08;
  const b = [flags, ...le16(o.raw)];
  if (o.time) b.push(...o.time);
  if (o.userId !== undefined) b.push(o.userId);
  if (o.bmi10 !== undefined) b.push(...le16(o.bmi10), ...le16(o.height ?? 0));
  return Uint8Array.from(b);
}

/** Body Composition Measurement 0x2A9C with a uint16 flags field. */
export function bodyCompositionFrame(o: { fat10: number; imperial?: boolean; weightRaw?: number; fatFreeRaw?: number; impedance10?: number; heightRaw?: number }): Uint8Array {
  let flags = o.imperial ? 0x0001 : 0;
  if (o.fatFreeRaw !== undefined) flags |= 0x0040;
  if (o.impedance10 !== undefined) flags |= 0x0200;
  if (o.weightRaw !== undefined) flags |= 0x0400;
  if (o.heightRaw !== undefined) flags |= 0x0800;
  const b = [...le16(flags), ...le16(o.fat10)];
  if (o.fatFreeRaw !== undefined) b.push(...le16(o.fatFreeRaw));
  if (o.impedance10 !== undefined) b.push(...le16(o.impedance10));
  if (o.weightRaw !== undefined) b.push(...le16(o.weightRaw));
  if (o.heightRaw !== undefined) b.push(...le16(o.heightRaw));
  return Uint8Array.from(b);
}

/** Temperature Measurement 0x2A1C: a FLOAT word; fahrenheit sets flag bit 0. */
export function temperatureFrame(o: { value: number; fahrenheit?: boolean; time?: number[]; type?: number }): Uint8Array {
  let flags = o.fahrenheit ? 0x01 : 0;
  if (o.time) flags |= 0x02;
  if (o.type !== undefined) flags |= 0x04;
  const b = [flags, ...le32(o.value)];
  if (o.time) b.push(...o.time);
  if (o.type !== undefined) b.push(o.type);
  return Uint8Array.from(b);
}

/** PLX Spot-Check Measurement 0x2A5E. */
export function plxSpotFrame(o: { spo2: number; pr: number; time?: number[]; status?: number; deviceStatus?: number; pai?: number }): Uint8Array {
  let flags = 0;
  if (o.time) flags |= 0x01;
  if (o.status !== undefined) flags |= 0x02;
  if (o.deviceStatus !== undefined) flags |= 0x04;
  if (o.pai !== undefined) flags |= 0x08;
  const b = [flags, ...le16(o.spo2), ...le16(o.pr)];
  if (o.time) b.push(...o.time);
  if (o.status !== undefined) b.push(...le16(o.status));
  if (o.deviceStatus !== undefined) b.push(...le24(o.deviceStatus));
  if (o.pai !== undefined) b.push(...le16(o.pai));
  return Uint8Array.from(b);
}

/** PLX Continuous Measurement 0x2A5F. */
export function plxContinuousFrame(o: { spo2: number; pr: number; fast?: [number, number]; slow?: [number, number]; status?: number; deviceStatus?: number; pai?: number }): Uint8Array {
  let flags = 0;
  if (o.fast) flags |= 0x01;
  if (o.slow) flags |= 0x02;
  if (o.status !== undefined) flags |= 0x04;
  if (o.deviceStatus !== undefined) flags |= 0x08;
  if (o.pai !== undefined) flags |= 0x10;
  const b = [flags, ...le16(o.spo2), ...le16(o.pr)];
  if (o.fast) b.push(...le16(o.fast[0]), ...le16(o.fast[1]));
  if (o.slow) b.push(...le16(o.slow[0]), ...le16(o.slow[1]));
  if (o.status !== undefined) b.push(...le16(o.status));
  if (o.deviceStatus !== undefined) b.push(...le24(o.deviceStatus));
  if (o.pai !== undefined) b.push(...le16(o.pai));
  return Uint8Array.from(b);
}

/** Cycling Power Measurement 0x2A63 (fields in specification order). */
export function cyclingPowerFrame(o: { power: number; balanceHalfPct?: number; torque32?: number; wheel?: [number, number]; crank?: [number, number]; energyKj?: number }): Uint8Array {
  let flags = 0;
  if (o.balanceHalfPct !== undefined) flags |= 0x0001;
  if (o.torque32 !== undefined) flags |= 0x0004;
  if (o.wheel) flags |= 0x0010;
  if (o.crank) flags |= 0x0020;
  if (o.energyKj !== undefined) flags |= 0x0800;
  const b = [...le16(flags), ...le16(o.power & 0xffff)];
  if (o.balanceHalfPct !== undefined) b.push(o.balanceHalfPct);
  if (o.torque32 !== undefined) b.push(...le16(o.torque32));
  if (o.wheel) b.push(...le32(o.wheel[0]), ...le16(o.wheel[1]));
  if (o.crank) b.push(...le16(o.crank[0]), ...le16(o.crank[1]));
  if (o.energyKj !== undefined) b.push(...le16(o.energyKj));
  return Uint8Array.from(b);
}

/** Standard base64 without Buffer, as react-native-ble-plx hands values over. */
export function toBase64(bytes: Uint8Array): string {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let s = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    s += A[(n >> 18) & 63]! + A[(n >> 12) & 63]! + (i + 1 < bytes.length ? A[(n >> 6) & 63]! : '=') + (i + 2 < bytes.length ? A[n & 63]! : '=');
  }
  return s;
}
