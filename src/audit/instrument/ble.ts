import type { ByteInput } from '../bytes.js';
import type { AuditLog } from '../log.js';
import { guard, observe, patchMethod, patchTarget } from './patch.js';

type AnyFn = (...args: unknown[]) => unknown;

/** The fields of a react-native-ble-plx Characteristic that the shim reads. */
interface PlxCharacteristic {
  deviceID?: string;
  serviceUUID?: string;
  uuid?: string;
  value?: string | null;
}

function recordPlx(log: AuditLog, c: unknown, source: string): void {
  guard(log, source, () => {
    const ch = c as PlxCharacteristic | null | undefined;
    if (!ch || typeof ch.value !== 'string' || !ch.uuid) return;
    log.record({
      type: 'reading',
      peripheralId: String(ch.deviceID ?? ''),
      ...(ch.serviceUUID ? { service: ch.serviceUUID } : {}),
      characteristic: ch.uuid,
      value: { base64: ch.value },
      source,
    });
  });
}

function wrapListener(log: AuditLog, listener: unknown, source: string): unknown {
  if (typeof listener !== 'function') return listener;
  return function (this: unknown, error: unknown, characteristic: unknown) {
    // Recorded before the app's listener runs, so a HealthKit write made inside it finds this reading.
    if (!error) recordPlx(log, characteristic, source);
    return (listener as AnyFn).call(this, error, characteristic);
  };
}

/**
 * Instruments a react-native-ble-plx `BleManager` in place and returns it. Device, Service and Characteristic
 * objects delegate their monitor/read calls to their manager, so they are covered as well.
 */
export function instrumentBlePlx<T extends object>(manager: T, log: AuditLog): T {
  const { target, already } = patchTarget(manager, log, 'BleManager');
  if (already) return target;
  const monitors: Array<[string, number]> = [
    ['monitorCharacteristicForDevice', 3],
    ['_monitorCharacteristicForService', 2],
    ['_monitorCharacteristic', 1],
  ];
  for (const [name, listenerIndex] of monitors) {
    patchMethod(target, name, (original) => function (this: unknown, ...args: unknown[]) {
      args[listenerIndex] = wrapListener(log, args[listenerIndex], `ble-plx.${name.replace(/^_/, '')}`);
      return original.apply(this, args);
    });
  }
  for (const name of ['readCharacteristicForDevice', '_readCharacteristicForService', '_readCharacteristic']) {
    patchMethod(target, name, (original) => function (this: unknown, ...args: unknown[]) {
      const result = original.apply(this, args);
      observe(result, (c) => recordPlx(log, c, `ble-plx.${name.replace(/^_/, '')}`), () => {});
      return result;
    });
  }
  return target;
}

const BLE_MANAGER_VALUE_EVENT = 'BleManagerDidUpdateValueForCharacteristic';

interface BleManagerValueEvent {
  peripheral?: string;
  service?: string;
  characteristic?: string;
  value?: ArrayLike<number>;
}

function recordBleManagerEvent(log: AuditLog, ev: unknown, source: string): void {
  guard(log, source, () => {
    const e = ev as BleManagerValueEvent | null | undefined;
    if (!e || !e.characteristic || !e.value) return;
    log.record({
      type: 'reading',
      peripheralId: String(e.peripheral ?? ''),
      ...(e.service ? { service: e.service } : {}),
      characteristic: e.characteristic,
      value: e.value as ByteInput,
      source,
    });
  });
}

/**
 * Instruments react-native-ble-manager in place and returns it: `read`, the v12 `onDidUpdateValueForCharacteristic`
 * method, and `addListener('BleManagerDidUpdateValueForCharacteristic', ...)` of the v11 default export or of a
 * `NativeEventEmitter` you pass instead.
 */
export function instrumentBleManager<T extends object>(module: T, log: AuditLog): T {
  const { target, already } = patchTarget(module, log, 'BleManager');
  if (already) return target;
  patchMethod(target, 'read', (original) => function (this: unknown, ...args: unknown[]) {
    const result = original.apply(this, args);
    const [peripheral, service, characteristic] = args as string[];
    observe<ArrayLike<number>>(result, (value) => recordBleManagerEvent(log, { peripheral, service, characteristic, value }, 'ble-manager.read'), () => {});
    return result;
  });
  patchMethod(target, 'onDidUpdateValueForCharacteristic', (original) => function (this: unknown, ...args: unknown[]) {
    const cb = args[0];
    if (typeof cb === 'function') {
      args[0] = function (this: unknown, ev: unknown) {
        recordBleManagerEvent(log, ev, 'ble-manager.onDidUpdateValueForCharacteristic');
        return (cb as AnyFn).call(this, ev);
      };
    }
    return original.apply(this, args);
  });
  // Wrapped listeners are remembered so removeListener(event, originalListener) still finds them.
  const wrappedOf = new WeakMap<object, AnyFn>();
  patchMethod(target, 'addListener', (original) => function (this: unknown, ...args: unknown[]) {
    const [event, cb] = args;
    if (event === BLE_MANAGER_VALUE_EVENT && typeof cb === 'function') {
      let wrapped = wrappedOf.get(cb);
      if (!wrapped) {
        wrapped = function (this: unknown, ev: unknown) {
          recordBleManagerEvent(log, ev, 'ble-manager.addListener');
          return (cb as AnyFn).call(this, ev);
        };
        wrappedOf.set(cb, wrapped);
      }
      args[1] = wrapped;
    }
    return original.apply(this, args);
  });
  for (const name of ['removeListener', 'off']) {
    patchMethod(target, name, (original) => function (this: unknown, ...args: unknown[]) {
      const cb = args[1];
      if (args[0] === BLE_MANAGER_VALUE_EVENT && typeof cb === 'function' && wrappedOf.has(cb)) args[1] = wrappedOf.get(cb);
      return original.apply(this, args);
    });
  }
  return target;
}

function recordDataView(log: AuditLog, deviceId: unknown, service: unknown, characteristic: unknown, value: unknown, source: string): void {
  guard(log, source, () => {
    if (!value || typeof characteristic !== 'string' || !ArrayBuffer.isView(value)) return;
    log.record({
      type: 'reading',
      peripheralId: String(deviceId ?? ''),
      ...(typeof service === 'string' ? { service } : {}),
      characteristic,
      value: value as DataView,
      source,
    });
  });
}

/** Instruments @capacitor-community/bluetooth-le's `BleClient` in place and returns it (`startNotifications`, `read`). */
export function instrumentCapacitorBle<T extends object>(client: T, log: AuditLog): T {
  const { target, already } = patchTarget(client, log, 'BleClient');
  if (already) return target;
  patchMethod(target, 'startNotifications', (original) => function (this: unknown, ...args: unknown[]) {
    const [deviceId, service, characteristic, cb] = args;
    if (typeof cb === 'function') {
      args[3] = function (this: unknown, value: unknown) {
        recordDataView(log, deviceId, service, characteristic, value, 'capacitor-ble.startNotifications');
        return (cb as AnyFn).call(this, value);
      };
    }
    return original.apply(this, args);
  });
  patchMethod(target, 'read', (original) => function (this: unknown, ...args: unknown[]) {
    const result = original.apply(this, args);
    const [deviceId, service, characteristic] = args;
    observe(result, (value) => recordDataView(log, deviceId, service, characteristic, value, 'capacitor-ble.read'), () => {});
    return result;
  });
  return target;
}
