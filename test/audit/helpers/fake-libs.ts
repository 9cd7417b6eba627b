// Fakes with the real call shapes of the five libraries (checked against the published .d.ts and sources:
// react-native-ble-plx 3.5.1, react-native-ble-manager 12.5.3 / 11.x, @capacitor-community/bluetooth-le 8.3.0,
// react-native-health 1.19.0, @kingstinct/react-native-healthkit 16.0.0).
import { toBase64 } from './gatt-frames.js';

type PlxListener = (error: { message: string } | null, characteristic: FakeCharacteristic | null) => void;

/** react-native-ble-plx Characteristic: value is base64; its methods delegate to the manager. */
export class FakeCharacteristic {
  constructor(
    readonly _manager: FakePlxManager,
    readonly id: string,
    readonly deviceID: string,
    readonly serviceUUID: string,
    readonly uuid: string,
    readonly value: string | null,
  ) {}
  monitor(listener: PlxListener, transactionId?: string) {
    return this._manager._monitorCharacteristic(this.id, listener, transactionId);
  }
  read(transactionId?: string) {
    return this._manager._readCharacteristic(this.id, transactionId);
  }
}

/** react-native-ble-plx Service: delegates to the manager's private *ForService methods, as the library does. */
export class FakeService {
  constructor(readonly _manager: FakePlxManager, readonly id: string, readonly deviceID: string, readonly uuid: string) {}
  monitorCharacteristic(characteristicUUID: string, listener: PlxListener, transactionId?: string) {
    return this._manager._monitorCharacteristicForService(this.id, characteristicUUID, listener, transactionId);
  }
  readCharacteristic(characteristicUUID: string, transactionId?: string) {
    return this._manager._readCharacteristicForService(this.id, characteristicUUID, transactionId);
  }
}

/** react-native-ble-plx Device: delegates to the public *ForDevice methods of its manager. */
export class FakeDevice {
  constructor(readonly _manager: FakePlxManager, readonly id: string) {}
  monitorCharacteristicForService(serviceUUID: string, characteristicUUID: string, listener: PlxListener, transactionId?: string) {
    return this._manager.monitorCharacteristicForDevice(this.id, serviceUUID, characteristicUUID, listener, transactionId);
  }
  readCharacteristicForService(serviceUUID: string, characteristicUUID: string, transactionId?: string) {
    return this._manager.readCharacteristicForDevice(this.id, serviceUUID, characteristicUUID, transactionId);
  }
}

interface Sub { deviceId: string; service: string; characteristic: string; listener: PlxListener; tx: string }

/** A BleManager over simulated peripherals: `notify` emits a frame to the monitors of a characteristic. */
export class FakePlxManager {
  private subs: Sub[] = [];
  private values = new Map<string, Uint8Array>();
  private services = new Map<string, { deviceId: string; service: string }>();
  private characteristics = new Map<string, { deviceId: string; service: string; characteristic: string }>();
  private nextTx = 0;
  readonly calls: string[] = [];

  private key(d: string, s: string, c: string) { return `${d}|${s.toLowerCase()}|${c.toLowerCase()}`; }

  service(deviceId: string, service: string): FakeService {
    const id = `svc-${deviceId}-${service}`;
    this.services.set(id, { deviceId, service });
    return new FakeService(this, id, deviceId, service);
  }
  device(id: string): FakeDevice { return new FakeDevice(this, id); }
  characteristic(deviceId: string, service: string, characteristic: string): FakeCharacteristic {
    const id = `chr-${deviceId}-${characteristic}`;
    this.characteristics.set(id, { deviceId, service, characteristic });
    const v = this.values.get(this.key(deviceId, service, characteristic));
    return new FakeCharacteristic(this, id, deviceId, service, characteristic, v ? toBase64(v) : null);
  }
  setValue(deviceId: string, service: string, characteristic: string, bytes: Uint8Array) {
    this.values.set(this.key(deviceId, service, characteristic), bytes);
  }
  /** The peripheral notifies a new value. */
  notify(deviceId: string, service: string, characteristic: string, bytes: Uint8Array) {
    this.setValue(deviceId, service, characteristic, bytes);
    for (const s of this.subs) {
      if (s.deviceId === deviceId && s.characteristic.toLowerCase() === characteristic.toLowerCase()) {
        s.listener(null, new FakeCharacteristic(this, `chr-${deviceId}-${characteristic}`, deviceId, service, characteristic, toBase64(bytes)));
      }
    }
  }
  /** The native side reports a monitoring error (e.g. the device disconnected). */
  fail(deviceId: string, message: string) {
    for (const s of this.subs) if (s.deviceId === deviceId) s.listener({ message }, null);
  }

  monitorCharacteristicForDevice(deviceId: string, serviceUUID: string, characteristicUUID: string, listener: PlxListener, transactionId?: string, _subscriptionType?: string) {
    this.calls.push('monitorCharacteristicForDevice');
    const tx = transactionId ?? `tx${++this.nextTx}`;
    const sub: Sub = { deviceId, service: serviceUUID, characteristic: characteristicUUID, listener, tx };
    this.subs.push(sub);
    return { remove: () => { this.subs = this.subs.filter((x) => x !== sub); } };
  }
  _monitorCharacteristicForService(serviceId: string, characteristicUUID: string, listener: PlxListener, transactionId?: string) {
    this.calls.push('_monitorCharacteristicForService');
    const s = this.services.get(serviceId)!;
    const tx = transactionId ?? `tx${++this.nextTx}`;
    const sub: Sub = { deviceId: s.deviceId, service: s.service, characteristic: characteristicUUID, listener, tx };
    this.subs.push(sub);
    return { remove: () => { this.subs = this.subs.filter((x) => x !== sub); } };
  }
  _monitorCharacteristic(characteristicId: string, listener: PlxListener, transactionId?: string) {
    this.calls.push('_monitorCharacteristic');
    const c = this.characteristics.get(characteristicId)!;
    const tx = transactionId ?? `tx${++this.nextTx}`;
    const sub: Sub = { deviceId: c.deviceId, service: c.service, characteristic: c.characteristic, listener, tx };
    this.subs.push(sub);
    return { remove: () => { this.subs = this.subs.filter((x) => x !== sub); } };
  }
  async readCharacteristicForDevice(deviceId: string, serviceUUID: string, characteristicUUID: string, _tx?: string) {
    this.calls.push('readCharacteristicForDevice');
    return this.nativeRead(deviceId, serviceUUID, characteristicUUID);
  }
  // Like BleModule.read*: the real manager's private read methods call native code, not the public method.
  private async nativeRead(deviceId: string, serviceUUID: string, characteristicUUID: string) {
    const v = this.values.get(this.key(deviceId, serviceUUID, characteristicUUID));
    if (!v) throw Object.assign(new Error('Characteristic not found'), { errorCode: 502 });
    return new FakeCharacteristic(this, `chr-${deviceId}-${characteristicUUID}`, deviceId, serviceUUID, characteristicUUID, toBase64(v));
  }
  async _readCharacteristicForService(serviceId: string, characteristicUUID: string, tx?: string) {
    this.calls.push('_readCharacteristicForService');
    const s = this.services.get(serviceId)!;
    void tx;
    return this.nativeRead(s.deviceId, s.service, characteristicUUID);
  }
  async _readCharacteristic(characteristicId: string, tx?: string) {
    this.calls.push('_readCharacteristic');
    const c = this.characteristics.get(characteristicId)!;
    void tx;
    return this.nativeRead(c.deviceId, c.service, c.characteristic);
  }
}

type ValueEvent = { peripheral: string; characteristic: string; service: string; value: number[] };

/** react-native-ble-manager v12: promise methods plus onXxx(callback) => EventSubscription. */
export function fakeBleManagerV12() {
  const cbs = new Set<(ev: ValueEvent) => void>();
  const values = new Map<string, number[]>();
  return {
    async read(peripheralId: string, serviceUUID: string, characteristicUUID: string): Promise<number[]> {
      const v = values.get(`${peripheralId}|${characteristicUUID}`);
      if (!v) throw 'Could not find characteristic';
      void serviceUUID;
      return v;
    },
    async startNotification(_p: string, _s: string, _c: string): Promise<void> {},
    onDidUpdateValueForCharacteristic(callback: (ev: ValueEvent) => void) {
      cbs.add(callback);
      return { remove: () => { cbs.delete(callback); } };
    },
    onConnectPeripheral(callback: (ev: unknown) => void) { void callback; return { remove() {} }; },
    // Test controls
    setValue(peripheral: string, characteristic: string, bytes: Uint8Array) { values.set(`${peripheral}|${characteristic}`, [...bytes]); },
    emit(peripheral: string, service: string, characteristic: string, bytes: Uint8Array) {
      for (const cb of cbs) cb({ peripheral, service, characteristic, value: [...bytes] });
    },
  };
}

/** react-native-ble-manager v11: the default export extends NativeEventEmitter (addListener / removeListener). */
export class FakeBleManagerV11 {
  private listeners = new Map<string, Array<(ev: unknown) => void>>();
  addListener(eventType: string, listener: (ev: unknown) => void) {
    const list = this.listeners.get(eventType) ?? [];
    list.push(listener);
    this.listeners.set(eventType, list);
    return { remove: () => this.removeListener(eventType, listener) };
  }
  removeListener(eventType: string, listener: (ev: unknown) => void) {
    this.listeners.set(eventType, (this.listeners.get(eventType) ?? []).filter((l) => l !== listener));
  }
  listenerCount(eventType: string) { return (this.listeners.get(eventType) ?? []).length; }
  emit(eventType: string, ev: unknown) { for (const l of this.listeners.get(eventType) ?? []) l(ev); }
  async read(_p: string, _s: string, _c: string): Promise<number[]> { return [0, 72]; }
}

/** @capacitor-community/bluetooth-le BleClient: DataView values, startNotifications(…, callback). */
export function fakeBleClient() {
  const cbs = new Map<string, (value: DataView) => void>();
  const values = new Map<string, Uint8Array>();
  return {
    async startNotifications(deviceId: string, service: string, characteristic: string, callback: (value: DataView) => void, _options?: { timeout?: number }): Promise<void> {
      cbs.set(`notification|${deviceId}|${service}|${characteristic}`, callback);
    },
    async read(deviceId: string, service: string, characteristic: string, _options?: { timeout?: number }): Promise<DataView> {
      const v = values.get(`${deviceId}|${service}|${characteristic}`);
      if (!v) throw new Error('Characteristic not found.');
      return new DataView(v.buffer.slice(0));
    },
    setValue(deviceId: string, service: string, characteristic: string, bytes: Uint8Array) { values.set(`${deviceId}|${service}|${characteristic}`, bytes); },
    notify(deviceId: string, service: string, characteristic: string, bytes: Uint8Array) {
      // A DataView over a larger buffer at an offset, as Capacitor's hex conversion can produce.
      const backing = new Uint8Array(bytes.length + 4);
      backing.set(bytes, 2);
      cbs.get(`notification|${deviceId}|${service}|${characteristic}`)?.(new DataView(backing.buffer, 2, bytes.length));
    },
  };
}

type RnCallback = (err: unknown, result?: unknown) => void;

/**
 * react-native-health: callback style `(options, (err, result) => void)`; the native module answers on a
 * later tick with a number, true or a UUID string, and errors are objects with a message.
 */
export function fakeReactNativeHealth(opts: { fail?: Set<string> } = {}) {
  const calls: Array<{ fn: string; options: unknown }> = [];
  const answer = (fn: string, result: unknown, message: string) => (options: unknown, callback: RnCallback) => {
    calls.push({ fn, options });
    setImmediate(() => {
      if (opts.fail?.has(fn)) callback({ message, code: 'EUNSPECIFIED' });
      else callback(null, result);
    });
  };
  const module = {
    calls,
    Constants: { Units: { bpm: 'bpm', percent: 'percent', pound: 'pound' } },
    saveHeartRateSample: answer('saveHeartRateSample', true, 'An error occured saving the heart rate sample'),
    saveWeight(options: { value: number; unit?: string; startDate?: string }, callback: RnCallback) { answer('saveWeight', options.value, 'error saving the weight')(options, callback); },
    saveBodyFatPercentage(options: { value: number; date?: string }, callback: RnCallback) { answer('saveBodyFatPercentage', options.value, 'error saving body fat percent sample')(options, callback); },
    saveBodyTemperature(options: { value: number; unit?: string; startDate?: string }, callback: RnCallback) { answer('saveBodyTemperature', options.value, 'error saving body temperature sample')(options, callback); },
    saveBloodGlucoseSample: answer('saveBloodGlucoseSample', '5B0D6F47-9A2B-4C1E-8F3A-2D6E1B7C9A10', 'An error occured while saving the glucose sample'),
    getHeartRateSamples(_options: unknown, callback: RnCallback) { setImmediate(() => callback(null, [])); },
  };
  return module;
}

/** @kingstinct/react-native-healthkit v16 default export: promise-returning save functions. */
export function fakeKingstinct(opts: { reject?: Set<string>; throwSync?: boolean } = {}) {
  const calls: Array<{ fn: string; args: unknown[] }> = [];
  return {
    calls,
    async saveQuantitySample(identifier: string, unit: string, value: number, start: Date, end: Date, metadata?: object) {
      calls.push({ fn: 'saveQuantitySample', args: [identifier, unit, value, start, end, metadata] });
      if (opts.throwSync) throw new Error('not available on this platform');
      if (opts.reject?.has(identifier)) throw new Error(`Not authorized to share ${identifier}`);
      return { uuid: `uuid-${calls.length}`, quantityType: identifier, quantity: value, unit, startDate: start, endDate: end, metadata: metadata ?? {} };
    },
    saveCorrelationSample(typeIdentifier: string, samples: Array<{ quantityType: string; quantity: number; unit: string; startDate: Date; endDate: Date }>, start: Date, end: Date, metadata?: object) {
      calls.push({ fn: 'saveCorrelationSample', args: [typeIdentifier, samples, start, end, metadata] });
      return Promise.resolve({ uuid: 'corr-1', correlationType: typeIdentifier, objects: samples, startDate: start, endDate: end });
    },
    async saveCategorySample(identifier: string, value: number, startDate: Date, endDate: Date, metadata?: object) {
      calls.push({ fn: 'saveCategorySample', args: [identifier, value, startDate, endDate, metadata] });
      return { uuid: 'cat-1', categoryType: identifier, value };
    },
    async queryQuantitySamples(_identifier: string, _options: { limit: number }) { return []; },
  };
}

/** A kingstinct build whose functions throw synchronously (the non-iOS stubs). */
export function fakeKingstinctStub() {
  return {
    saveQuantitySample(_i: string, _u: string, _v: number, _s: Date, _e: Date): Promise<unknown> {
      throw new Error('HealthKit is not available on this platform');
    },
  };
}
