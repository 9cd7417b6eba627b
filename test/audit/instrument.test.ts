import { describe, expect, it } from 'vitest';
import { instrumentBleManager, instrumentBlePlx, instrumentCapacitorBle } from '../../src/audit/instrument/ble.js';
import { instrumentKingstinctHealthKit, instrumentReactNativeHealth } from '../../src/audit/instrument/healthkit.js';
import { createAuditLog } from '../../src/audit/log.js';
import { memoryStore } from '../../src/audit/stores.js';
import type { AuditStore } from '../../src/audit/types.js';
import { FakeBleManagerV11, fakeBleClient, fakeBleManagerV12, fakeKingstinct, fakeKingstinctStub, FakePlxManager, fakeReactNativeHealth } from './helpers/fake-libs.js';
import { bloodPressureFrame, heartRateFrame, plxSpotFrame, sfloat, weightFrame } from './helpers/gatt-frames.js';
import { entriesOf, memoryLog } from './helpers/log-helpers.js';

const HR = 'HKQuantityTypeIdentifierHeartRate';
const tick = () => new Promise((r) => setImmediate(r));

describe('instrumentBlePlx', () => {
  it('records notifications from manager, Device, Service and Characteristic monitors, in the same objects', async () => {
    const { log, store } = memoryLog({ redact: 'keep' });
    const manager = new FakePlxManager();
    expect(instrumentBlePlx(manager, log)).toBe(manager);
    const seen: number[] = [];
    const listener = (err: unknown, c: { value: string | null } | null) => { if (!err && c) seen.push(Buffer.from(c.value!, 'base64')[1]!); };
    const sub = manager.monitorCharacteristicForDevice('strap-1', '180d', '2a37', listener);
    manager.device('strap-2').monitorCharacteristicForService('180D', '2A37', listener);
    manager.service('strap-3', '180d').monitorCharacteristic('2a37', listener);
    manager.characteristic('strap-4', '180d', '2a37').monitor(listener);
    for (const [i, id] of ['strap-1', 'strap-2', 'strap-3', 'strap-4'].entries()) manager.notify(id, '180d', '2a37', heartRateFrame({ bpm: 70 + i }));
    expect(seen).toEqual([70, 71, 72, 73]);
    expect(typeof sub.remove).toBe('function');
    sub.remove();
    manager.notify('strap-1', '180d', '2a37', heartRateFrame({ bpm: 99 }));
    await log.flush();
    const readings = entriesOf(store.text()).filter((e) => e.kind === 'reading');
    expect(readings.map((r) => [(r.fields as Array<{ value: number }>)[0]!.value, r.source])).toEqual([
      [70, 'ble-plx.monitorCharacteristicForDevice'],
      [71, 'ble-plx.monitorCharacteristicForDevice'],
      [72, 'ble-plx.monitorCharacteristicForService'],
      [73, 'ble-plx.monitorCharacteristic'],
    ]);
    expect(new Set(readings.map((r) => r.peripheral)).size).toBe(4);
  });

  it('records reads and passes the very same promise and result through', async () => {
    const { log, store } = memoryLog({ redact: 'keep' });
    const manager = instrumentBlePlx(new FakePlxManager(), log);
    manager.setValue('scale', '181d', '2a9d', weightFrame({ raw: 14040 }));
    const p = manager.readCharacteristicForDevice('scale', '181d', '2a9d');
    expect(p).toBeInstanceOf(Promise);
    const c = await p;
    expect(c.value).toBe(Buffer.from(weightFrame({ raw: 14040 })).toString('base64'));
    await manager.device('scale').readCharacteristicForService('181d', '2a9d');
    await manager.characteristic('scale', '181d', '2a9d').read();
    await manager.service('scale', '181d').readCharacteristic('2a9d');
    await expect(manager.readCharacteristicForDevice('scale', '181d', '2a9e')).rejects.toThrow('Characteristic not found');
    await log.flush();
    expect(entriesOf(store.text()).filter((e) => e.kind === 'reading').map((e) => e.source)).toEqual([
      'ble-plx.readCharacteristicForDevice', 'ble-plx.readCharacteristicForDevice', 'ble-plx.readCharacteristic', 'ble-plx.readCharacteristicForService',
    ]);
  });

  it('passes errors to the listener unchanged and records nothing for them', async () => {
    const { log, store } = memoryLog();
    const manager = instrumentBlePlx(new FakePlxManager(), log);
    const got: unknown[] = [];
    manager.monitorCharacteristicForDevice('strap', '180d', '2a37', (err, c) => got.push([err, c]));
    manager.fail('strap', 'Device strap was disconnected');
    expect(got).toEqual([[{ message: 'Device strap was disconnected' }, null]]);
    await log.flush();
    expect(entriesOf(store.text()).some((e) => e.kind === 'reading')).toBe(false);
  });

  it('keeps the app\'s listener exceptions and return values, and instruments only once', async () => {
    const { log, store } = memoryLog();
    const manager = new FakePlxManager();
    instrumentBlePlx(manager, log);
    instrumentBlePlx(manager, log);
    manager.monitorCharacteristicForDevice('strap', '180d', '2a37', () => { throw new Error('app bug'); });
    expect(() => manager.notify('strap', '180d', '2a37', heartRateFrame({ bpm: 60 }))).toThrow('app bug');
    await log.flush();
    expect(entriesOf(store.text()).filter((e) => e.kind === 'reading')).toHaveLength(1);
  });

  it('a store that fails does not disturb the Bluetooth callbacks', async () => {
    const errors: string[] = [];
    const store: AuditStore = { append() { throw new Error('EACCES'); }, sync() {} };
    const log = createAuditLog({ store, onError: (e) => errors.push(e.message) });
    const manager = instrumentBlePlx(new FakePlxManager(), log);
    const values: number[] = [];
    manager.monitorCharacteristicForDevice('strap', '180d', '2a37', (_e, c) => values.push(Buffer.from(c!.value!, 'base64')[1]!));
    for (let i = 0; i < 3; i++) manager.notify('strap', '180d', '2a37', heartRateFrame({ bpm: 80 + i }));
    expect(values).toEqual([80, 81, 82]);
    await expect(log.flush()).rejects.toThrow('EACCES');
    expect(errors).toContain('EACCES');
  });
});

describe('instrumentBleManager', () => {
  it('v12: onDidUpdateValueForCharacteristic and read', async () => {
    const { log, store } = memoryLog({ redact: 'keep' });
    const ble = fakeBleManagerV12();
    expect(instrumentBleManager(ble, log)).toBe(ble);
    const events: unknown[] = [];
    const sub = ble.onDidUpdateValueForCharacteristic((ev) => events.push(ev));
    ble.emit('AA:BB', '1810', '2a35', bloodPressureFrame({ sys: sfloat(121, 0), dia: sfloat(79, 0), map: sfloat(93, 0) }));
    expect(events).toHaveLength(1);
    expect((events[0] as { value: number[] }).value).toEqual([...bloodPressureFrame({ sys: sfloat(121, 0), dia: sfloat(79, 0), map: sfloat(93, 0) })]);
    sub.remove();
    ble.setValue('AA:BB', '2a37', heartRateFrame({ bpm: 58 }));
    expect(await ble.read('AA:BB', '180d', '2a37')).toEqual([...heartRateFrame({ bpm: 58 })]);
    await expect(ble.read('AA:BB', '180d', 'ffff')).rejects.toBe('Could not find characteristic');
    await log.flush();
    const r = entriesOf(store.text()).filter((e) => e.kind === 'reading');
    expect(r.map((e) => [e.characteristic, e.source])).toEqual([['2a35', 'ble-manager.onDidUpdateValueForCharacteristic'], ['2a37', 'ble-manager.read']]);
    expect(r[0]).toMatchObject({ fields: [{ name: 'systolic', value: 121 }, { name: 'diastolic', value: 79 }, { name: 'meanArterialPressure', value: 93 }] });
  });

  it('v11: addListener on the emitter, removeListener with the original listener still works', async () => {
    const { log, store } = memoryLog();
    const ble = new FakeBleManagerV11();
    instrumentBleManager(ble, log);
    const got: unknown[] = [];
    const listener = (ev: unknown) => got.push(ev);
    ble.addListener('BleManagerDidUpdateValueForCharacteristic', listener);
    ble.addListener('BleManagerStopScan', listener);
    ble.emit('BleManagerDidUpdateValueForCharacteristic', { peripheral: 'p1', service: '180d', characteristic: '2a37', value: [...heartRateFrame({ bpm: 64 })] });
    ble.emit('BleManagerStopScan', { status: 0 });
    expect(got).toHaveLength(2);
    ble.removeListener('BleManagerDidUpdateValueForCharacteristic', listener);
    expect(ble.listenerCount('BleManagerDidUpdateValueForCharacteristic')).toBe(0);
    await log.flush();
    expect(entriesOf(store.text()).filter((e) => e.kind === 'reading').map((e) => e.source)).toEqual(['ble-manager.addListener']);
  });
});

describe('instrumentCapacitorBle', () => {
  it('records startNotifications callbacks and read results (DataView at an offset)', async () => {
    const { log, store } = memoryLog({ redact: 'keep' });
    const client = fakeBleClient();
    expect(instrumentCapacitorBle(client, log)).toBe(client);
    const views: DataView[] = [];
    const svc = '00001822-0000-1000-8000-00805f9b34fb';
    const chr = '00002a5e-0000-1000-8000-00805f9b34fb';
    await expect(client.startNotifications('oxi', svc, chr, (v) => views.push(v))).resolves.toBeUndefined();
    client.notify('oxi', svc, chr, plxSpotFrame({ spo2: sfloat(96, 0), pr: sfloat(70, 0) }));
    expect(views[0]!.byteOffset).toBe(2);
    client.setValue('oxi', svc, chr, plxSpotFrame({ spo2: sfloat(99, 0), pr: sfloat(61, 0) }));
    const dv = await client.read('oxi', svc, chr);
    expect(dv.getUint8(1)).toBe(99);
    await log.flush();
    const r = entriesOf(store.text()).filter((e) => e.kind === 'reading');
    expect(r.map((e) => [e.characteristic, e.service, (e.fields as Array<{ value: number }>)[0]!.value])).toEqual([['2a5e', '1822', 96], ['2a5e', '1822', 99]]);
  });
});

describe('instrumentReactNativeHealth', () => {
  it('records the write with native unit and date rules, then the callback result, and passes everything through', async () => {
    const { log, store, clock } = memoryLog({ redact: 'keep' });
    const hk = fakeReactNativeHealth();
    expect(instrumentReactNativeHealth(hk, log)).toBe(hk);
    const options = { value: 72, date: '2026-11-20T08:00:00.000Z', metadata: { HKMetadataKeyHeartRateSensorLocation: 1 } };
    const results: unknown[] = [];
    const ret = hk.saveHeartRateSample(options, (err, res) => results.push([err, res]));
    expect(ret).toBeUndefined();
    expect(hk.calls[0]!.options).toBe(options);
    clock.advance(10);
    // react-native-health ignores `unit` for body fat and always uses HKUnit.percent (a 0-1 fraction).
    hk.saveBodyFatPercentage({ value: 0.225, unit: 'whatever' } as never, (err, res) => results.push([err, res]));
    // An unknown unit string falls back to the native default (pound for weight).
    hk.saveWeight({ value: 154.8, unit: 'lbs' } as never, (err, res) => results.push([err, res]));
    await tick();
    await tick();
    expect(results).toEqual([[null, true], [null, 0.225], [null, 154.8]]);
    await log.flush();
    const e = entriesOf(store.text());
    const writes = e.filter((x) => x.kind === 'write');
    expect(writes.map((w) => [w.hkType, w.value, w.unit])).toEqual([
      [HR, 72, 'bpm'],
      ['HKQuantityTypeIdentifierBodyFatPercentage', 0.225, 'percent'],
      ['HKQuantityTypeIdentifierBodyMass', 154.8, 'pound'],
    ]);
    expect(writes[0]).toMatchObject({ start: Date.parse(options.date), end: Date.parse(options.date), metadataKeys: ['HKMetadataKeyHeartRateSensorLocation'], source: 'react-native-health.saveHeartRateSample' });
    expect(e.filter((x) => x.kind === 'result').map((x) => [x.call, x.ok])).toEqual(writes.map((w) => [w.call, true]));
  });

  it('passes native errors to the callback unchanged and records them', async () => {
    const { log, store } = memoryLog();
    const hk = instrumentReactNativeHealth(fakeReactNativeHealth({ fail: new Set(['saveBloodGlucoseSample']) }), log);
    const got: unknown[] = [];
    hk.saveBloodGlucoseSample({ value: 5.4, unit: 'mmolPerL' }, (err) => got.push(err));
    await tick();
    expect(got).toEqual([{ message: 'An error occured while saving the glucose sample', code: 'EUNSPECIFIED' }]);
    await log.flush();
    expect(entriesOf(store.text()).find((x) => x.kind === 'result')).toMatchObject({ ok: false, error: 'An error occured while saving the glucose sample' });
  });

  it('links a write made inside a Bluetooth listener to that reading', async () => {
    const { log, store } = memoryLog();
    const manager = instrumentBlePlx(new FakePlxManager(), log);
    const hk = instrumentReactNativeHealth(fakeReactNativeHealth(), log);
    manager.monitorCharacteristicForDevice('strap', '180d', '2a37', (_e, c) => {
      const bpm = Buffer.from(c!.value!, 'base64')[1]!;
      hk.saveHeartRateSample({ value: bpm }, () => {});
    });
    manager.notify('strap', '180d', '2a37', heartRateFrame({ bpm: 77 }));
    await log.flush();
    const e = entriesOf(store.text());
    expect(e[2]).toMatchObject({ kind: 'write', value: 77, provenance: { seq: 1, field: 'heartRate' }, check: { match: true } });
  });
});

describe('react-native-health defaults caught by the value check', () => {
  it('a kilogram value saved without a unit is stored as pounds by the native module, and flagged', async () => {
    const { log, store } = memoryLog({ redact: 'keep' });
    const manager = instrumentBlePlx(new FakePlxManager(), log);
    const hk = instrumentReactNativeHealth(fakeReactNativeHealth(), log);
    manager.setValue('scale', '181d', '2a9d', weightFrame({ raw: 14040 }));
    const c = await manager.readCharacteristicForDevice('scale', '181d', '2a9d');
    const kg = (Buffer.from(c.value!, 'base64').readUInt16LE(1) * 5) / 1000;
    hk.saveWeight({ value: kg }, () => {});
    await log.flush();
    const write = entriesOf(store.text()).find((e) => e.kind === 'write')!;
    expect(write).toMatchObject({ value: 70.2, unit: 'pound', check: { match: false, ratio: 0.4536 } });
    expect(write.expected).toBeCloseTo(70.2 / 0.45359237, 6);
  });
});

describe('instrumentKingstinctHealthKit', () => {
  it('records saveQuantitySample and resolves with the library\'s own result', async () => {
    const { log, store } = memoryLog({ redact: 'keep' });
    const hk = fakeKingstinct();
    expect(instrumentKingstinctHealthKit(hk, log)).toBe(hk);
    const start = new Date('2026-11-20T08:00:00Z');
    const res = await hk.saveQuantitySample(HR, 'count/min', 66, start, start, { HKWasUserEntered: false });
    expect(res).toMatchObject({ uuid: 'uuid-1', quantity: 66 });
    expect(hk.calls[0]!.args[3]).toBe(start);
    await log.flush();
    const e = entriesOf(store.text());
    expect(e[1]).toMatchObject({ kind: 'write', hkType: HR, unit: 'count/min', value: 66, start: start.getTime(), metadataKeys: ['HKWasUserEntered'], source: 'kingstinct.saveQuantitySample' });
    expect(e[2]).toMatchObject({ kind: 'result', call: e[1]!.call, ok: true });
  });

  it('passes rejections through unchanged and records them', async () => {
    const { log, store } = memoryLog();
    const hk = instrumentKingstinctHealthKit(fakeKingstinct({ reject: new Set(['HKQuantityTypeIdentifierBloodGlucose']) }), log);
    const d = new Date();
    await expect(hk.saveQuantitySample('HKQuantityTypeIdentifierBloodGlucose', 'mg/dL', 98, d, d)).rejects.toThrow('Not authorized to share HKQuantityTypeIdentifierBloodGlucose');
    await log.flush();
    expect(entriesOf(store.text())[2]).toMatchObject({ kind: 'result', ok: false, error: 'Not authorized to share HKQuantityTypeIdentifierBloodGlucose' });
  });

  it('rethrows synchronous throws of the platform stubs unchanged', async () => {
    const { log, store } = memoryLog();
    const hk = instrumentKingstinctHealthKit(fakeKingstinctStub(), log);
    const d = new Date();
    expect(() => hk.saveQuantitySample(HR, 'count/min', 60, d, d)).toThrow('HealthKit is not available on this platform');
    await log.flush();
    expect(entriesOf(store.text())[2]).toMatchObject({ kind: 'result', ok: false, error: 'HealthKit is not available on this platform' });
  });

  it('records each sample of a blood pressure correlation under one call, and category samples', async () => {
    const { log, store } = memoryLog({ redact: 'keep' });
    const hk = instrumentKingstinctHealthKit(fakeKingstinct(), log);
    const d = new Date('2026-11-20T09:00:00Z');
    const p = hk.saveCorrelationSample('HKCorrelationTypeIdentifierBloodPressure', [
      { quantityType: 'HKQuantityTypeIdentifierBloodPressureSystolic', quantity: 121, unit: 'mmHg', startDate: d, endDate: d },
      { quantityType: 'HKQuantityTypeIdentifierBloodPressureDiastolic', quantity: 79, unit: 'mmHg', startDate: d, endDate: d },
    ], d, d);
    await expect(p).resolves.toMatchObject({ uuid: 'corr-1' });
    await hk.saveCategorySample('HKCategoryTypeIdentifierMindfulSession', 0, d, d);
    await log.flush();
    const e = entriesOf(store.text());
    expect(e.filter((x) => x.kind === 'write').map((x) => [x.hkType, x.value, x.correlationType, x.call])).toEqual([
      ['HKQuantityTypeIdentifierBloodPressureSystolic', 121, 'HKCorrelationTypeIdentifierBloodPressure', e[1]!.call],
      ['HKQuantityTypeIdentifierBloodPressureDiastolic', 79, 'HKCorrelationTypeIdentifierBloodPressure', e[1]!.call],
      ['HKCategoryTypeIdentifierMindfulSession', 0, undefined, expect.any(String)],
    ]);
  });

  it('a frozen module gets a delegating copy, reported to onError', async () => {
    const { log, errors } = memoryLog();
    const frozen = Object.freeze(fakeKingstinct());
    const hk = instrumentKingstinctHealthKit(frozen, log);
    expect(hk).not.toBe(frozen);
    const d = new Date();
    await expect(hk.saveQuantitySample(HR, 'count/min', 60, d, d)).resolves.toMatchObject({ quantity: 60 });
    expect(errors[0]!.message).toMatch(/cannot be changed in place/);
  });
});

describe('memoryStore', () => {
  it('holds the text and counts syncs', async () => {
    const store = memoryStore();
    const log = createAuditLog({ store });
    await log.flush();
    await log.flush();
    expect(store.lines()).toHaveLength(1);
    expect(store.syncs).toBe(2);
  });
});

describe('pass-through: the library\'s own return values, arguments and exceptions', () => {
  type Fn = (...args: unknown[]) => unknown;
  const cases: Array<[string, (o: object, l: ReturnType<typeof memoryLog>['log']) => object, string, unknown[]]> = [
    ['ble-plx', instrumentBlePlx, 'monitorCharacteristicForDevice', ['dev', '180d', '2a37', () => {}, 'tx1', 'notification']],
    ['ble-plx', instrumentBlePlx, 'readCharacteristicForDevice', ['dev', '180d', '2a37', 'tx2']],
    ['ble-plx', instrumentBlePlx, '_readCharacteristic', ['chr-1', 'tx3']],
    ['ble-manager', instrumentBleManager, 'read', ['p', 's', 'c']],
    ['ble-manager', instrumentBleManager, 'onDidUpdateValueForCharacteristic', [() => {}]],
    ['ble-manager', instrumentBleManager, 'addListener', ['BleManagerDidUpdateValueForCharacteristic', () => {}]],
    ['capacitor', instrumentCapacitorBle, 'startNotifications', ['d', 's', 'c', () => {}, { timeout: 5000 }]],
    ['capacitor', instrumentCapacitorBle, 'read', ['d', 's', 'c', { timeout: 5000 }]],
    ['react-native-health', instrumentReactNativeHealth, 'saveWeight', [{ value: 70, unit: 'kg' }, () => {}]],
    ['kingstinct', instrumentKingstinctHealthKit, 'saveQuantitySample', [HR, 'count/min', 60, new Date(0), new Date(0), { a: 1 }]],
    ['kingstinct', instrumentKingstinctHealthKit, 'saveCorrelationSample', ['HKCorrelationTypeIdentifierBloodPressure', [], new Date(0), new Date(0)]],
    ['kingstinct', instrumentKingstinctHealthKit, 'saveCategorySample', ['HKCategoryTypeIdentifierMindfulSession', 0, new Date(0), new Date(0)]],
  ];
  it.each(cases)('%s %s returns the very object the library returned, with the same this and arguments', async (_lib, instrument, method, args) => {
    const { log } = memoryLog();
    const sentinel = Object.assign(Promise.resolve({ sentinel: true }), { remove() {} });
    const seen: Array<{ self: unknown; args: unknown[] }> = [];
    const target: Record<string, Fn> = {
      [method]: function (this: unknown, ...a: unknown[]) { seen.push({ self: this, args: a }); return sentinel; },
    };
    const out = instrument(target, log) as Record<string, Fn>;
    expect(out).toBe(target);
    expect(out[method]!(...args)).toBe(sentinel);
    expect(seen[0]!.self).toBe(target);
    expect(seen[0]!.args).toHaveLength(args.length);
    args.forEach((a, i) => { if (typeof a !== 'function') expect(seen[0]!.args[i]).toBe(a); });
    await sentinel;
  });
  it.each(cases)('%s %s rethrows the library\'s synchronous exception unchanged', (_lib, instrument, method, args) => {
    const { log } = memoryLog();
    const boom = new TypeError('native module missing');
    const out = instrument({ [method]: () => { throw boom; } }, log) as Record<string, Fn>;
    let caught: unknown;
    try { out[method]!(...args); } catch (e) { caught = e; }
    expect(caught).toBe(boom);
  });
});
