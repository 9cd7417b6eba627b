import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { createAuditLog, fileStore, instrumentBleManager, instrumentBlePlx, instrumentCapacitorBle, instrumentKingstinctHealthKit, instrumentReactNativeHealth } from '../../src/audit/index.js';
import { registerAuditCommand } from '../../src/cli/commands/audit.js';
import { fakeBleClient, fakeBleManagerV12, fakeKingstinct, FakePlxManager, fakeReactNativeHealth } from './helpers/fake-libs.js';
import { bloodPressureFrame, float32, glucoseFrame, dateTime, heartRateFrame, sfloat, temperatureFrame, weightFrame } from './helpers/gatt-frames.js';

const dir = mkdtempSync(join(tmpdir(), 'hkguard-audit-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  let code: number | undefined;
  const program = new Command().exitOverride();
  registerAuditCommand(program, {
    loadDeclaredHealthTypes: async () => ({
      read: [],
      write: ['HKQuantityTypeIdentifierHeartRate', 'HKQuantityTypeIdentifierBodyTemperature', 'HKQuantityTypeIdentifierBodyMass', 'HKQuantityTypeIdentifierBloodPressureSystolic', 'HKQuantityTypeIdentifierBloodPressureDiastolic', 'HKQuantityTypeIdentifierBloodGlucose'],
      source: 'ios/App/Info.plist + src/health.ts',
    }),
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    setExitCode: (c) => { code = c; },
  });
  await program.parseAsync(argv, { from: 'user' });
  return { code, stdout, stderr };
}

describe('end to end: stream, write, flush, verify, report', () => {
  it('four sensors over three Bluetooth libraries into two HealthKit libraries, verified and reported clean', async () => {
    const path = join(dir, 'audit.jsonl');
    writeFileSync(join(dir, 'key'), 'device-keychain-secret\n');
    const log = createAuditLog({ store: fileStore(path), hmacKey: 'device-keychain-secret', app: { name: 'SensorSync', version: '3.0.0' } });
    const plx = instrumentBlePlx(new FakePlxManager(), log);
    const bleManager = instrumentBleManager(fakeBleManagerV12(), log);
    const capacitor = instrumentCapacitorBle(fakeBleClient(), log);
    const rnHealth = instrumentReactNativeHealth(fakeReactNativeHealth(), log);
    const kingstinct = instrumentKingstinctHealthKit(fakeKingstinct(), log);
    const settled: Array<Promise<unknown>> = [];

    // Heart-rate strap, react-native-ble-manager v12 -> react-native-health (callback style).
    bleManager.onDidUpdateValueForCharacteristic((ev) => {
      const bytes = Uint8Array.from(ev.value);
      settled.push(new Promise((resolve) => rnHealth.saveHeartRateSample({ value: bytes[1]!, date: new Date().toISOString() }, resolve)));
    });
    for (let bpm = 60; bpm < 100; bpm += 2) bleManager.emit('C4:7C:8D:6A:11:02', '180d', '2a37', heartRateFrame({ bpm, contact: 3 }));

    // Thermometer in Fahrenheit, Capacitor -> kingstinct in degC after conversion.
    const svc = '00001809-0000-1000-8000-00805f9b34fb';
    const chr = '00002a1c-0000-1000-8000-00805f9b34fb';
    await capacitor.startNotifications('thermo', svc, chr, (dv) => {
      const raw = dv.getUint32(1, true);
      const f = (raw & 0xffffff) / 10;
      const c = Math.round(((f - 32) * 5) / 9 * 10) / 10;
      settled.push(kingstinct.saveQuantitySample('HKQuantityTypeIdentifierBodyTemperature', 'degC', c, new Date(), new Date()));
    });
    capacitor.notify('thermo', svc, chr, temperatureFrame({ value: float32(986, -1), fahrenheit: true, type: 6 }));

    // Scale read once over react-native-ble-plx -> react-native-health in pounds.
    plx.setValue('scale', '181d', '2a9d', weightFrame({ raw: 15480, imperial: true }));
    const weight = await plx.device('scale').readCharacteristicForService('181d', '2a9d');
    settled.push(new Promise((resolve) => rnHealth.saveWeight({ value: Buffer.from(weight.value!, 'base64').readUInt16LE(1) / 100, unit: 'pound' }, resolve)));

    // Blood pressure cuff and glucose meter over react-native-ble-plx -> kingstinct correlation / quantity.
    plx.monitorCharacteristicForDevice('cuff', '1810', '2a35', (_e, c) => {
      const b = Buffer.from(c!.value!, 'base64');
      const d = new Date();
      settled.push(kingstinct.saveCorrelationSample('HKCorrelationTypeIdentifierBloodPressure', [
        { quantityType: 'HKQuantityTypeIdentifierBloodPressureSystolic', quantity: b.readUInt16LE(1) & 0xfff, unit: 'mmHg', startDate: d, endDate: d },
        { quantityType: 'HKQuantityTypeIdentifierBloodPressureDiastolic', quantity: b.readUInt16LE(3) & 0xfff, unit: 'mmHg', startDate: d, endDate: d },
      ], d, d));
    });
    plx.notify('cuff', '1810', '2a35', bloodPressureFrame({ sys: sfloat(118, 0), dia: sfloat(76, 0), map: sfloat(90, 0), pulse: sfloat(64, 0) }));
    const glucoseToken = log.record({ type: 'reading', peripheralId: 'meter', service: '1808', characteristic: '2a18', value: glucoseFrame({ seq: 3, base: dateTime(2026, 11, 20, 7, 0, 0), conc: sfloat(101, -5), type: 1, location: 1 }) })!;
    log.withProvenance(glucoseToken, () => settled.push(kingstinct.saveQuantitySample('HKQuantityTypeIdentifierBloodGlucose', 'mg/dL', 101, new Date(), new Date())));

    await Promise.all(settled);
    await log.flush();
    await log.close();

    const verify = await cli('audit', 'verify', path, '--key', join(dir, 'key'));
    expect(verify).toMatchObject({ code: 0, stderr: '' });
    expect(verify.stdout).toMatch(/chain intact: \d+ verified entries .* HMAC verified; 1 session, closed cleanly/);

    const report = await cli('audit', 'report', path, '--format', 'json', '--against', 'apps/sensor-sync', '--key', join(dir, 'key'));
    expect(report.stderr).toBe('');
    const r = JSON.parse(report.stdout);
    expect(r.findings).toEqual([]);
    expect(report.code).toBe(0);
    expect(r.totals).toEqual({ readings: 24, writes: 25, failedWrites: 0, withoutProvenance: 0 });
    expect(r.devices).toHaveLength(5);
    expect(Object.fromEntries(r.types.map((t: { hkType: string; writes: number; min: number; max: number }) => [t.hkType.replace('HKQuantityTypeIdentifier', ''), [t.writes, t.min, t.max]]))).toEqual({
      BloodGlucose: [1, 101, 101],
      BloodPressureDiastolic: [1, 76, 76],
      BloodPressureSystolic: [1, 118, 118],
      BodyMass: [1, 70.2161, 70.2161],
      BodyTemperature: [1, 37, 37],
      HeartRate: [20, 60, 98],
    });
    expect(readFileSync(path, 'utf8')).not.toContain('C4:7C:8D');

    // An insider edits one heart rate in the file: verify and report both say where.
    const lines = readFileSync(path, 'utf8').split('\n');
    const i = lines.findIndex((l) => l.includes('"kind":"write"') && l.includes('"value":70'));
    lines[i] = lines[i]!.replace('"value":70', '"value":75');
    writeFileSync(path, lines.join('\n'));
    const tampered = await cli('audit', 'verify', path, '--key', join(dir, 'key'));
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain(`${i + 1}:1  error    entry seq ${i} (line ${i + 1}) was modified: its content no longer matches its SHA-256  audit-chain-broken`);
  });
});
