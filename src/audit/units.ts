// Unit model shared by the shim (value checks at record time) and the report. Each unit maps to a dimension
// and a factor to that dimension's base unit (temperature is affine and handled apart).

interface UnitDef { dim: string; factor: number; offset?: number }

const MMOL_GLUCOSE = 18.015588; // mg/dL per mmol/L, from glucose's molar mass 180.15588 g/mol

const COMMON: Record<string, UnitDef> = {
  'count/min': { dim: 'frequency', factor: 1 }, bpm: { dim: 'frequency', factor: 1 }, 'count/s': { dim: 'frequency', factor: 60 },
  Hz: { dim: 'frequency', factor: 60 },
  kg: { dim: 'mass', factor: 1 }, g: { dim: 'mass', factor: 0.001 }, gram: { dim: 'mass', factor: 0.001 },
  lb: { dim: 'mass', factor: 0.45359237 }, pound: { dim: 'mass', factor: 0.45359237 }, oz: { dim: 'mass', factor: 0.028349523125 },
  st: { dim: 'mass', factor: 6.35029318 }, stone: { dim: 'mass', factor: 6.35029318 },
  m: { dim: 'length', factor: 1 }, meter: { dim: 'length', factor: 1 }, cm: { dim: 'length', factor: 0.01 },
  mm: { dim: 'length', factor: 0.001 }, in: { dim: 'length', factor: 0.0254 }, inch: { dim: 'length', factor: 0.0254 },
  ft: { dim: 'length', factor: 0.3048 }, foot: { dim: 'length', factor: 0.3048 }, km: { dim: 'length', factor: 1000 },
  mi: { dim: 'length', factor: 1609.344 }, mile: { dim: 'length', factor: 1609.344 },
  degC: { dim: 'temperature', factor: 1 }, celsius: { dim: 'temperature', factor: 1 },
  degF: { dim: 'temperature', factor: 5 / 9, offset: -32 }, fahrenheit: { dim: 'temperature', factor: 5 / 9, offset: -32 },
  K: { dim: 'temperature', factor: 1, offset: -273.15 },
  mmHg: { dim: 'pressure', factor: 1 }, mmhg: { dim: 'pressure', factor: 1 }, kPa: { dim: 'pressure', factor: 7.50062 },
  'mg/dL': { dim: 'glucose', factor: 1 }, mgPerdL: { dim: 'glucose', factor: 1 },
  'mmol/L': { dim: 'glucose', factor: MMOL_GLUCOSE }, mmolPerL: { dim: 'glucose', factor: MMOL_GLUCOSE },
  'mmol<180.15588000005408>/l': { dim: 'glucose', factor: MMOL_GLUCOSE },
  'mmol<180.1558800000541>/l': { dim: 'glucose', factor: MMOL_GLUCOSE },
  'kg/L': { dim: 'glucose', factor: 1e5 }, 'mol/L': { dim: 'glucose', factor: 1000 * MMOL_GLUCOSE },
  kcal: { dim: 'energy', factor: 1 }, Cal: { dim: 'energy', factor: 1 }, kilocalorie: { dim: 'energy', factor: 1 },
  cal: { dim: 'energy', factor: 0.001 }, calorie: { dim: 'energy', factor: 0.001 },
  kJ: { dim: 'energy', factor: 1 / 4.184 }, J: { dim: 'energy', factor: 1 / 4184 }, joule: { dim: 'energy', factor: 1 / 4184 },
  W: { dim: 'power', factor: 1 },
  count: { dim: 'count', factor: 1 }, 'kg/m2': { dim: 'count', factor: 1 },
  s: { dim: 'time', factor: 1 }, second: { dim: 'time', factor: 1 }, ms: { dim: 'time', factor: 0.001 },
  min: { dim: 'time', factor: 60 }, minute: { dim: 'time', factor: 60 }, hr: { dim: 'time', factor: 3600 }, hour: { dim: 'time', factor: 3600 },
};

// HealthKit's percent unit holds a 0-1 fraction ('%' in HKUnit strings, 'percent' in react-native-health),
// while GATT characteristics report 0-100: the same symbol, two scales, and the classic 98-instead-of-0.98 bug.
const HK_UNITS: Record<string, UnitDef> = { ...COMMON, '%': { dim: 'fraction', factor: 1 }, percent: { dim: 'fraction', factor: 1 } };
const SENSOR_UNITS: Record<string, UnitDef> = { ...COMMON, '%': { dim: 'fraction', factor: 0.01 } };

/** Converts a sensor value (GATT units) to a HealthKit unit; undefined when the units are unrelated or unknown. */
export function convertSensorToHealthKit(value: number, sensorUnit: string, hkUnit: string): number | undefined {
  const from = SENSOR_UNITS[sensorUnit];
  const to = HK_UNITS[hkUnit];
  if (!from || !to || from.dim !== to.dim) return undefined;
  const base = (value + (from.offset ?? 0)) * from.factor;
  return base / to.factor - (to.offset ?? 0);
}

/** Converts between two HealthKit units; undefined when unrelated. */
export function convertHealthKit(value: number, fromUnit: string, toUnit: string): number | undefined {
  const from = HK_UNITS[fromUnit];
  const to = HK_UNITS[toUnit];
  if (!from || !to || from.dim !== to.dim) return undefined;
  return ((value + (from.offset ?? 0)) * from.factor) / to.factor - (to.offset ?? 0);
}

/** What the shim knows about a HealthKit quantity type: the unit its checks use, precision, plausible range. */
export interface HealthTypeInfo {
  unit: string;
  /** Rounding step in `unit` for the `round` redaction policy: the precision the type needs. */
  step: number;
  /** Physiologically plausible range in `unit` for one sample. */
  min: number;
  max: number;
}

const T = (unit: string, step: number, min: number, max: number): HealthTypeInfo => ({ unit, step, min, max });

/** The quantity types the shim checks and rounds, with their check unit, precision and plausible range. */
export const HEALTH_TYPES: Record<string, HealthTypeInfo> = {
  HKQuantityTypeIdentifierHeartRate: T('count/min', 1, 20, 300),
  HKQuantityTypeIdentifierRestingHeartRate: T('count/min', 1, 20, 200),
  HKQuantityTypeIdentifierWalkingHeartRateAverage: T('count/min', 1, 30, 250),
  HKQuantityTypeIdentifierOxygenSaturation: T('%', 0.01, 0.5, 1),
  HKQuantityTypeIdentifierBodyTemperature: T('degC', 0.1, 25, 45),
  HKQuantityTypeIdentifierBasalBodyTemperature: T('degC', 0.05, 30, 42),
  HKQuantityTypeIdentifierBodyMass: T('kg', 0.1, 0.3, 650),
  HKQuantityTypeIdentifierLeanBodyMass: T('kg', 0.1, 0.3, 400),
  HKQuantityTypeIdentifierHeight: T('m', 0.01, 0.2, 2.8),
  HKQuantityTypeIdentifierBodyMassIndex: T('count', 0.1, 7, 120),
  HKQuantityTypeIdentifierBodyFatPercentage: T('%', 0.001, 0.01, 0.8),
  HKQuantityTypeIdentifierBloodGlucose: T('mg/dL', 1, 10, 1500),
  HKQuantityTypeIdentifierBloodPressureSystolic: T('mmHg', 1, 40, 300),
  HKQuantityTypeIdentifierBloodPressureDiastolic: T('mmHg', 1, 20, 200),
  HKQuantityTypeIdentifierRespiratoryRate: T('count/min', 1, 2, 80),
  HKQuantityTypeIdentifierCyclingPower: T('W', 1, 0, 3000),
  HKQuantityTypeIdentifierCyclingCadence: T('count/min', 1, 0, 250),
  HKQuantityTypeIdentifierActiveEnergyBurned: T('kcal', 1, 0, 10000),
  HKQuantityTypeIdentifierBasalEnergyBurned: T('kcal', 1, 0, 10000),
  HKQuantityTypeIdentifierStepCount: T('count', 1, 0, 100000),
  HKQuantityTypeIdentifierHeartRateVariabilitySDNN: T('ms', 1, 1, 500),
};

/** Value in the type's check unit, or undefined when the unit cannot be converted. */
export function toTypeUnit(hkType: string, value: number, unit: string | undefined): number | undefined {
  const info = HEALTH_TYPES[hkType];
  if (!info) return undefined;
  if (unit === undefined || unit === info.unit) return value;
  return convertHealthKit(value, unit, info.unit);
}

/** Rounds `value` (in `unit`) to the precision its type needs. */
export function roundForType(hkType: string | undefined, value: number, unit: string | undefined, sensorSide: boolean): number {
  const info = hkType ? HEALTH_TYPES[hkType] : undefined;
  let step = 0.1;
  if (info) {
    const base = unit === undefined ? undefined : sensorSide ? convertSensorToHealthKit(1, unit, info.unit) : convertHealthKit(1, unit, info.unit);
    const zero = unit === undefined ? undefined : sensorSide ? convertSensorToHealthKit(0, unit, info.unit) : convertHealthKit(0, unit, info.unit);
    // Step expressed in the value's own unit: the size of one type step divided by the size of one value unit.
    step = base !== undefined && zero !== undefined && base !== zero ? info.step / Math.abs(base - zero) : info.step;
  }
  const decimals = Math.max(0, Math.min(6, Math.ceil(-Math.log10(step) - 1e-9)));
  const rounded = Math.round(value / step) * step;
  return Number(rounded.toFixed(decimals));
}
