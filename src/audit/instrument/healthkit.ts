import type { AuditLog } from '../log.js';
import { guard, observe, patchMethod, patchTarget } from './patch.js';

type AnyFn = (...args: unknown[]) => unknown;

interface RnHealthSave {
  hkType: string;
  /** The unit native code uses when `unit` is absent or unknown; `fixed` when it ignores `unit` altogether. */
  unit?: string;
  fixed?: boolean;
  /** Option keys native code reads for the sample's start and end, in order of preference. */
  start: string[];
  end: string[];
}

const Q = (id: string) => `HKQuantityTypeIdentifier${id}`;
const at = (key: string) => ({ start: [key], end: [key] });
const span = { start: ['startDate'], end: ['endDate'] };

// Per react-native-health 1.19.0 RCTAppleHealthKit+Methods_*.m: which type, unit default and date keys each save uses.
const RN_HEALTH_SAVES: Record<string, RnHealthSave> = {
  saveHeartRateSample: { hkType: Q('HeartRate'), unit: 'bpm', ...at('date') },
  saveWeight: { hkType: Q('BodyMass'), unit: 'pound', ...at('startDate') },
  saveHeight: { hkType: Q('Height'), unit: 'inch', ...at('date') },
  saveBmi: { hkType: Q('BodyMassIndex'), unit: 'count', fixed: true, ...at('date') },
  saveBodyFatPercentage: { hkType: Q('BodyFatPercentage'), unit: 'percent', fixed: true, ...at('date') },
  saveBodyTemperature: { hkType: Q('BodyTemperature'), unit: 'fahrenheit', ...at('startDate') },
  saveLeanBodyMass: { hkType: Q('LeanBodyMass'), unit: 'pound', ...at('startDate') },
  saveBloodGlucoseSample: { hkType: Q('BloodGlucose'), unit: 'mmolPerL', start: ['startDate', 'date'], end: ['endDate', 'startDate', 'date'] },
  saveSteps: { hkType: Q('StepCount'), unit: 'count', fixed: true, ...span },
  saveWalkingRunningDistance: { hkType: Q('DistanceWalkingRunning'), unit: 'meter', ...span },
  saveWaistCircumference: { hkType: Q('WaistCircumference'), unit: 'inch', ...at('date') },
  savePeakFlow: { hkType: Q('PeakExpiratoryFlowRate'), unit: 'literPerMinute', ...at('date') },
  saveBloodAlcoholContent: { hkType: Q('BloodAlcoholContent'), unit: 'percent', ...at('startDate') },
  saveInsulinDeliverySample: { hkType: Q('InsulinDelivery'), unit: 'IU', fixed: true, ...span },
  saveCarbohydratesSample: { hkType: Q('DietaryCarbohydrates'), unit: 'gram', ...at('date') },
  saveWater: { hkType: Q('DietaryWater'), ...at('date') },
  saveFood: { hkType: 'HKCorrelationTypeIdentifierFood', ...span },
  saveMindfulSession: { hkType: 'HKCategoryTypeIdentifierMindfulSession', ...span },
  saveWorkout: { hkType: 'HKWorkoutTypeIdentifier', ...span },
};

// Unit names RCTAppleHealthKit+Utils.m hkUnitFromOptions understands; any other string falls back to the default.
const RN_HEALTH_UNITS = new Set([
  'gram', 'kg', 'stone', 'pound', 'meter', 'cm', 'inch', 'mile', 'foot', 'second', 'minute', 'hour', 'day', 'joule',
  'calorie', 'count', 'percent', 'bpm', 'fahrenheit', 'celsius', 'mmhg', 'mmolPerL', 'literPerMinute', 'mgPerdL', 'mlPerKgMin',
]);

function pick(options: Record<string, unknown>, keys: string[]): string | number | Date | undefined {
  for (const k of keys) {
    const v = options[k];
    if (typeof v === 'string' || typeof v === 'number' || v instanceof Date) return v;
  }
  return undefined;
}

function metadataKeys(metadata: unknown): string[] | undefined {
  return metadata && typeof metadata === 'object' ? Object.keys(metadata) : undefined;
}

/**
 * Instruments react-native-health's `AppleHealthKit` object in place and returns it: each save* function is
 * recorded with its type, value, effective unit (as the native module resolves it), dates, metadata keys
 * and the callback's error or success.
 */
export function instrumentReactNativeHealth<T extends object>(module: T, log: AuditLog): T {
  const { target, already } = patchTarget(module, log, 'AppleHealthKit');
  if (already) return target;
  for (const [name, spec] of Object.entries(RN_HEALTH_SAVES)) {
    patchMethod(target, name, (original) => function (this: unknown, ...args: unknown[]) {
      let call: string | undefined;
      guard(log, `react-native-health.${name}`, () => {
        const options = (args[0] && typeof args[0] === 'object' ? args[0] : {}) as Record<string, unknown>;
        const requested = typeof options.unit === 'string' ? options.unit : undefined;
        const unit = spec.fixed || requested === undefined || !RN_HEALTH_UNITS.has(requested) ? spec.unit : requested;
        const start = pick(options, spec.start);
        const end = pick(options, spec.end) ?? start;
        call = log.record({
          type: 'write',
          hkType: spec.hkType,
          value: typeof options.value === 'number' ? options.value : null,
          ...(unit !== undefined ? { unit } : {}),
          ...(start !== undefined ? { start } : {}),
          ...(end !== undefined ? { end } : {}),
          ...(metadataKeys(options.metadata) ? { metadataKeys: metadataKeys(options.metadata)! } : {}),
          source: `react-native-health.${name}`,
        });
      });
      const cb = args[1];
      if (call !== undefined && typeof cb === 'function') {
        const id = call;
        args[1] = function (this: unknown, ...cbArgs: unknown[]) {
          const err = cbArgs[0];
          guard(log, `react-native-health.${name}`, () => {
            log.record({ type: 'result', call: id, ok: err === null || err === undefined || err === '', ...(err ? { error: err } : {}) });
          });
          return (cb as AnyFn).apply(this, cbArgs);
        };
      }
      return original.apply(this, args);
    });
  }
  return target;
}

interface KingstinctQuantityForSaving {
  quantityType?: string;
  quantity?: number;
  unit?: string;
  startDate?: Date;
  endDate?: Date;
  metadata?: object;
  categoryType?: string;
  value?: number;
  start?: Date;
  end?: Date;
}

function settle(log: AuditLog, call: string | undefined, result: unknown, source: string): void {
  if (call === undefined) return;
  observe(result, () => guard(log, source, () => log.record({ type: 'result', call, ok: true })),
    (err) => guard(log, source, () => log.record({ type: 'result', call, ok: false, error: err })));
}

function callThrough(log: AuditLog, call: string | undefined, source: string, run: () => unknown): unknown {
  let result: unknown;
  try {
    result = run();
  } catch (err) {
    // A synchronous throw (for example the non-iOS stubs) is recorded and rethrown unchanged.
    if (call !== undefined) guard(log, source, () => log.record({ type: 'result', call, ok: false, error: err }));
    throw err;
  }
  settle(log, call, result, source);
  return result;
}

/**
 * Instruments @kingstinct/react-native-healthkit in place and returns it: `saveQuantitySample`,
 * `saveCorrelationSample` (one write entry per contained sample, sharing a call id) and `saveCategorySample`.
 * Pass the default export; a frozen module namespace gets a delegating copy (use the returned object).
 */
export function instrumentKingstinctHealthKit<T extends object>(module: T, log: AuditLog): T {
  const { target, already } = patchTarget(module, log, 'HealthKit module');
  if (already) return target;
  patchMethod(target, 'saveQuantitySample', (original) => function (this: unknown, ...args: unknown[]) {
    const source = 'kingstinct.saveQuantitySample';
    let call: string | undefined;
    guard(log, source, () => {
      const [identifier, unit, value, start, end, metadata] = args as [string, string, number, Date, Date, object?];
      const keys = metadataKeys(metadata);
      call = log.record({
        type: 'write', hkType: String(identifier), value: typeof value === 'number' ? value : null,
        ...(typeof unit === 'string' ? { unit } : {}), start, end, ...(keys ? { metadataKeys: keys } : {}), source,
      });
    });
    return callThrough(log, call, source, () => original.apply(this, args));
  });
  patchMethod(target, 'saveCorrelationSample', (original) => function (this: unknown, ...args: unknown[]) {
    const source = 'kingstinct.saveCorrelationSample';
    let call: string | undefined;
    guard(log, source, () => {
      const [typeIdentifier, samples, start, end, metadata] = args as [string, KingstinctQuantityForSaving[], Date, Date, object?];
      const keys = metadataKeys(metadata);
      for (const s of Array.isArray(samples) ? samples : []) {
        const isQuantity = typeof s?.quantityType === 'string';
        const id = log.record({
          type: 'write',
          hkType: String(isQuantity ? s.quantityType : s?.categoryType),
          value: isQuantity ? (typeof s.quantity === 'number' ? s.quantity : null) : typeof s?.value === 'number' ? s.value : null,
          ...(isQuantity && typeof s.unit === 'string' ? { unit: s.unit } : {}),
          start: (isQuantity ? s.startDate : s?.start) ?? start,
          end: (isQuantity ? s.endDate : s?.end) ?? end,
          ...(keys ? { metadataKeys: keys } : {}),
          correlationType: String(typeIdentifier),
          ...(call !== undefined ? { call } : {}),
          source,
        });
        call ??= id;
      }
    });
    return callThrough(log, call, source, () => original.apply(this, args));
  });
  patchMethod(target, 'saveCategorySample', (original) => function (this: unknown, ...args: unknown[]) {
    const source = 'kingstinct.saveCategorySample';
    let call: string | undefined;
    guard(log, source, () => {
      const [identifier, value, start, end, metadata] = args as [string, number, Date, Date, object?];
      const keys = metadataKeys(metadata);
      call = log.record({ type: 'write', hkType: String(identifier), value: typeof value === 'number' ? value : null, start, end, ...(keys ? { metadataKeys: keys } : {}), source });
    });
    return callThrough(log, call, source, () => original.apply(this, args));
  });
  return target;
}
