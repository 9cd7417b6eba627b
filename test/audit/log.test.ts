import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/audit/canonical.js';
import { defaultCrypto, pureCrypto } from '../../src/audit/crypto.js';
import { createAuditLog } from '../../src/audit/log.js';
import { memoryStore } from '../../src/audit/stores.js';
import type { AuditStore } from '../../src/audit/types.js';
import { verifyAuditLog } from '../../src/audit/verify.js';
import { float32, heartRateFrame, plxContinuousFrame, sfloat, temperatureFrame } from './helpers/gatt-frames.js';
import { entriesOf, memoryLog, sha256 } from './helpers/log-helpers.js';

const HR = 'HKQuantityTypeIdentifierHeartRate';
const SPO2 = 'HKQuantityTypeIdentifierOxygenSaturation';

describe('hash primitives', () => {
  it('pure-JS SHA-256 and HMAC match node:crypto and the published vectors', () => {
    expect(pureCrypto.sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(pureCrypto.sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // RFC 4231 test case 2
    expect(pureCrypto.hmacSha256Hex(new TextEncoder().encode('Jefe'), 'what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    for (let i = 0; i < 200; i++) {
      const text = randomBytes(i * 3).toString('base64') + (i % 7 === 0 ? 'é漢😀' : '');
      const key = randomBytes((i * 7) % 130);
      expect(pureCrypto.sha256Hex(text)).toBe(createHash('sha256').update(text).digest('hex'));
      expect(pureCrypto.hmacSha256Hex(key, text)).toBe(createHmac('sha256', key).update(text).digest('hex'));
    }
    expect(defaultCrypto().sha256Hex('abc')).toBe(pureCrypto.sha256Hex('abc'));
  });
  it('canonical JSON sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined, x: NaN }], c: 'é' }, u: undefined })).toBe('{"a":{"c":"é","d":[1,{"x":null,"z":1}]},"b":1}');
  });
});

describe('createAuditLog: the chain', () => {
  it('writes an open entry, then one entry per event, each linked to the previous by SHA-256 of its canonical body', async () => {
    const { log, store, clock } = memoryLog({ app: { name: 'StrapSync', version: '2.1.0' } });
    log.record({ type: 'reading', peripheralId: 'AA:BB:CC:DD:EE:FF', service: '180d', characteristic: '2a37', value: heartRateFrame({ bpm: 72 }) });
    clock.advance(300);
    log.record({ type: 'write', hkType: HR, value: 72, unit: 'count/min', start: new Date(clock.t), end: new Date(clock.t) });
    await log.flush();
    const lines = store.lines();
    expect(lines).toHaveLength(3);
    let prev = '0'.repeat(64);
    lines.forEach((line, i) => {
      const e = JSON.parse(line) as Record<string, unknown>;
      expect(e.seq).toBe(i);
      expect(e.prev).toBe(prev);
      const { hash, hmac, ...body } = e;
      expect(hmac).toBeUndefined();
      expect(hash).toBe(sha256(canonicalJson(body)));
      prev = hash as string;
    });
    const [open, reading, write] = entriesOf(store.text());
    expect(open).toMatchObject({ kind: 'open', app: { name: 'StrapSync', version: '2.1.0' }, hmacEnabled: false, policy: { values: 'round', peripheralIds: 'hash' }, shim: 'hkguard/audit@1' });
    expect(reading).toMatchObject({ kind: 'reading', characteristic: '2a37', service: '180d', name: 'Heart Rate Measurement', fields: [{ name: 'heartRate', value: 72 }] });
    expect(write).toMatchObject({ kind: 'write', hkType: HR, value: 72, provenance: { seq: 1, field: 'heartRate', ageMs: 300 }, check: { match: true, plausible: true } });
    expect(store.syncs).toBe(1);
  });

  it('adds an HMAC per entry and a key id in the open entry when given a key', async () => {
    const { log, store } = memoryLog({ hmacKey: 'k3y' });
    log.record({ type: 'write', hkType: HR, value: 60 });
    await log.flush();
    for (const line of store.lines()) {
      const { hash, hmac, ...body } = JSON.parse(line) as Record<string, unknown>;
      expect(hmac).toBe(createHmac('sha256', 'k3y').update(canonicalJson(body)).digest('hex'));
      expect(hash).toBe(sha256(canonicalJson(body)));
    }
    expect(entriesOf(store.text())[0]).toMatchObject({ hmacEnabled: true, keyId: createHmac('sha256', 'k3y').update('hkguard-audit-key-id').digest('hex').slice(0, 16) });
  });

  it('works with the pure-JS crypto (React Native) and produces the same hashes', async () => {
    const { log, store } = memoryLog({ crypto: pureCrypto, hmacKey: 'k' });
    log.record({ type: 'write', hkType: HR, value: 60 });
    await log.flush();
    expect(verifyAuditLog(store.text(), { key: 'k' }).status).toBe('intact');
  });

  it('continues the chain of an existing store in a new session', async () => {
    const first = memoryLog();
    first.log.record({ type: 'write', hkType: HR, value: 61 });
    await first.log.close();
    const store = memoryStore(first.store.text());
    const log = createAuditLog({ store });
    log.record({ type: 'write', hkType: HR, value: 62 });
    await log.flush();
    const entries = entriesOf(store.text());
    expect(entries.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(entries[3]).toMatchObject({ kind: 'open', resumed: { afterSeq: 2 } });
    const v = verifyAuditLog(store.text());
    expect(v.status).toBe('intact');
    expect(v.sessions).toBe(2);
  });
});

describe('createAuditLog: provenance and checks', () => {
  it('links a write to the latest matching reading inside the correlation window only', async () => {
    const { log, store, clock } = memoryLog({ correlationWindowMs: 5000 });
    log.record({ type: 'reading', peripheralId: 'strap', characteristic: '2a37', value: heartRateFrame({ bpm: 70 }) });
    clock.advance(1000);
    log.record({ type: 'reading', peripheralId: 'strap', characteristic: '2a37', value: heartRateFrame({ bpm: 71 }) });
    clock.advance(1000);
    log.record({ type: 'write', hkType: HR, value: 71 });
    clock.advance(10_000);
    log.record({ type: 'write', hkType: HR, value: 71 });
    await log.flush();
    const e = entriesOf(store.text());
    expect(e[3]!.provenance).toMatchObject({ seq: 2, ageMs: 1000 });
    expect(e[4]!.provenance).toBeUndefined();
  });

  it('uses an explicit provenance token, from withProvenance or the write itself', async () => {
    const { log, store } = memoryLog();
    const t1 = log.record({ type: 'reading', peripheralId: 'oxi', characteristic: '2a5f', value: plxContinuousFrame({ spo2: sfloat(97, 0), pr: sfloat(66, 0) }) })!;
    log.record({ type: 'reading', peripheralId: 'oxi', characteristic: '2a5f', value: plxContinuousFrame({ spo2: sfloat(95, 0), pr: sfloat(60, 0) }) });
    log.withProvenance(t1, () => log.record({ type: 'write', hkType: SPO2, value: 0.97, unit: '%' }));
    log.record({ type: 'write', hkType: HR, value: 66, provenance: t1 });
    log.record({ type: 'write', hkType: HR, value: 66, provenance: 'lab-import-42' });
    await log.flush();
    const e = entriesOf(store.text());
    expect(e[3]).toMatchObject({ provenance: { seq: 1, field: 'spo2', explicit: true }, check: { match: true } });
    expect(e[4]).toMatchObject({ provenance: { seq: 1, field: 'pulseRate', explicit: true }, check: { match: true } });
    expect(e[5]).toMatchObject({ provenance: { token: 'lab-import-42', explicit: true, external: true } });
  });

  it('flags a percentage written as 98 instead of 0.98, and implausible values', async () => {
    const { log, store } = memoryLog();
    log.record({ type: 'reading', peripheralId: 'oxi', characteristic: '2a5f', value: plxContinuousFrame({ spo2: sfloat(98, 0), pr: sfloat(66, 0) }) });
    log.record({ type: 'write', hkType: SPO2, value: 98, unit: '%' });
    log.record({ type: 'write', hkType: HR, value: 400, unit: 'count/min' });
    await log.flush();
    const e = entriesOf(store.text());
    expect(e[2]).toMatchObject({ value: 98, expected: 0.98, check: { match: false, ratio: 100, plausible: false } });
    expect(e[3]).toMatchObject({ check: { plausible: false, match: false } });
  });

  it('converts units before comparing (a Celsius thermometer written in Fahrenheit)', async () => {
    const { log, store } = memoryLog({ redact: 'keep' });
    log.record({ type: 'reading', peripheralId: 't', characteristic: '2a1c', value: temperatureFrame({ value: float32(366, -1) }) });
    log.record({ type: 'write', hkType: 'HKQuantityTypeIdentifierBodyTemperature', value: 97.9, unit: 'degF' });
    await log.flush();
    expect(entriesOf(store.text())[2]).toMatchObject({ expected: 97.88, check: { match: true, plausible: true } });
  });
});

describe('createAuditLog: redaction', () => {
  const frame = heartRateFrame({ bpm: 72, rr1024: [850] });
  it('keep: raw bytes and exact values', async () => {
    const { log, store } = memoryLog({ redact: { values: 'keep', peripheralIds: 'keep' } });
    log.record({ type: 'reading', peripheralId: 'AA:BB:CC:DD:EE:FF', characteristic: '2a37', value: frame });
    log.record({ type: 'write', hkType: HR, value: 72.4 });
    await log.flush();
    const [, r, w] = entriesOf(store.text());
    expect(r).toMatchObject({ peripheral: 'AA:BB:CC:DD:EE:FF', raw: Buffer.from(frame).toString('hex'), fields: [{ value: 72 }, { value: [850 / 1024] }] });
    expect(w!.value).toBe(72.4);
  });
  it('round (default): values to the precision of their type, no raw bytes, hashed peripheral id', async () => {
    const { log, store } = memoryLog();
    log.record({ type: 'reading', peripheralId: 'AA:BB:CC:DD:EE:FF', characteristic: '2a37', value: frame });
    log.record({ type: 'write', hkType: HR, value: 72.4 });
    log.record({ type: 'write', hkType: SPO2, value: 0.9765, unit: '%' });
    log.record({ type: 'write', hkType: 'HKQuantityTypeIdentifierBodyTemperature', value: 36.64, unit: 'degC' });
    log.record({ type: 'write', hkType: 'HKQuantityTypeIdentifierBodyMass', value: 154.83, unit: 'lb' });
    await log.flush();
    const [, r, hr, spo2, temp, mass] = entriesOf(store.text());
    expect(r!.raw).toBeUndefined();
    expect(r!.rawLength).toBe(frame.length);
    expect(r!.peripheral).toMatch(/^[0-9a-f]{16}$/);
    expect(store.text()).not.toContain('AA:BB');
    expect([hr!.value, spo2!.value, temp!.value, mass!.value]).toEqual([72, 0.98, 36.6, 154.8]);
  });
  it('hash: salted hashes for values and raw bytes, no device-reported facts', async () => {
    const { log, store } = memoryLog({ redact: 'hash' });
    log.record({ type: 'reading', peripheralId: 'AA:BB:CC:DD:EE:FF', characteristic: '2a37', value: heartRateFrame({ bpm: 72, contact: 3 }) });
    log.record({ type: 'write', hkType: HR, value: 72 });
    await log.flush();
    const [, r, w] = entriesOf(store.text());
    expect(w!.value).toMatch(/^#[0-9a-f]{16}$/);
    expect((r!.fields as Array<{ value: unknown }>)[0]!.value).toMatch(/^#[0-9a-f]{16}$/);
    expect(r!.raw).toMatch(/^#[0-9a-f]{16}$/);
    expect(r!.info).toBeUndefined();
    // Unsalted, a heart rate is trivially reversed; the per-log salt prevents that.
    expect(w!.value).not.toBe('#' + sha256('72').slice(0, 16));
    expect(w).toMatchObject({ check: { match: true, plausible: true } });
  });
  it('hashes peripheral ids the same way across sessions with the same key, differently with another', async () => {
    const id = async (key?: string) => {
      const { log, store } = memoryLog(key ? { hmacKey: key } : {});
      log.record({ type: 'reading', peripheralId: 'C0FFEE00-1234-5678-9ABC-DEF012345678', characteristic: '2a37', value: frame });
      await log.flush();
      return entriesOf(store.text())[1]!.peripheral;
    };
    expect(await id('a')).toBe(await id('a'));
    expect(await id('a')).not.toBe(await id('b'));
    expect(await id()).toBe(await id());
  });
});

describe('createAuditLog: never in the app\'s way', () => {
  it('records synchronously without touching the store until a later tick', async () => {
    let appends = 0;
    const store: AuditStore = { append() { appends++; }, sync() {} };
    const log = createAuditLog({ store });
    log.record({ type: 'write', hkType: HR, value: 60 });
    expect(appends).toBe(0);
    await new Promise((r) => setTimeout(r, 5));
    expect(appends).toBe(1);
  });

  it('reports store failures to onError, never throws from record, and rejects flush', async () => {
    const errors: string[] = [];
    const store: AuditStore = { append() { throw new Error('disk full'); }, sync() {} };
    const log = createAuditLog({ store, onError: (e, ctx) => errors.push(`${ctx}: ${e.message}`) });
    expect(() => log.record({ type: 'write', hkType: HR, value: 60 })).not.toThrow();
    await expect(log.flush()).rejects.toThrow('disk full');
    expect(errors).toEqual(['store.append: disk full']);
  });

  it('after a lost batch every flush rejects, concurrent ones included; the gap stays visible to verify', async () => {
    const stored = memoryStore();
    let failNext = false;
    const store: AuditStore = { open: () => stored.open!(), append(chunk) { if (failNext) { failNext = false; throw new Error('EIO'); } return stored.append(chunk); }, sync() {} };
    const log = createAuditLog({ store });
    log.record({ type: 'write', hkType: HR, value: 60 });
    await log.flush();
    failNext = true;
    log.record({ type: 'write', hkType: HR, value: 61 });
    const results = await Promise.allSettled([log.flush(), log.flush()]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    log.record({ type: 'write', hkType: HR, value: 62 });
    await expect(log.flush()).rejects.toThrow('EIO');
    // The stored file has a gap where the lost entry was; verify names it.
    expect(verifyAuditLog(stored.text()).problems[0]).toMatchObject({ kind: 'deleted', seq: 2 });
    const resumed = memoryStore(stored.text());
    const next = createAuditLog({ store: resumed });
    next.record({ type: 'write', hkType: HR, value: 63 });
    await expect(next.flush()).resolves.toBeUndefined();
    expect(entriesOf(resumed.text()).slice(-2).map((e) => [e.seq, e.kind])).toEqual([[4, 'open'], [5, 'write']]);
    expect(verifyAuditLog(resumed.text()).problems).toEqual([expect.objectContaining({ kind: 'deleted', seq: 2, line: 3 })]);
  });

  it('rejects flush when sync fails, and survives an onError that throws', async () => {
    const store: AuditStore = { append() {}, sync() { return Promise.reject(new Error('EIO')); } };
    const log = createAuditLog({ store, onError: () => { throw new Error('bad hook'); } });
    log.record({ type: 'write', hkType: HR, value: 60 });
    await expect(log.flush()).rejects.toThrow('EIO');
  });

  it('turns bad input into onError reports and unreadable or malformed frames into raw entries', async () => {
    const { log, store, errors } = memoryLog({ redact: 'keep' });
    expect(log.record(null as never)).toBeUndefined();
    expect(log.record({ type: 'nonsense' } as never)).toBeUndefined();
    log.record({ type: 'reading', peripheralId: 'x', characteristic: '2a37', value: undefined as never });
    log.record({ type: 'reading', peripheralId: 'x', characteristic: '2a37', value: Uint8Array.from([0x01, 0x48]) });
    log.record({ type: 'reading', peripheralId: 'x', characteristic: 'fff1', value: Uint8Array.from([1, 2]) });
    log.record({ type: 'reading', peripheralId: 'x', characteristic: '2a37', value: { base64: 'AB$$' } });
    await log.flush();
    expect(errors.map((e) => e.context)).toEqual(['record', 'record', 'decode', 'decode', 'decode']);
    const [, missing, malformed, unknown, unreadable] = entriesOf(store.text());
    expect(missing).toMatchObject({ raw: '', decodeError: expect.stringMatching(/^value could not be read/) });
    expect(malformed).toMatchObject({ raw: '0148', name: 'Heart Rate Measurement', decodeError: expect.stringMatching(/ends before the Heart Rate Value/) });
    expect(unknown).toMatchObject({ raw: '0102', decodeError: 'unknown characteristic', characteristic: 'fff1' });
    expect(unreadable).toMatchObject({ raw: '', decodeError: expect.stringMatching(/^value could not be read: invalid base64/) });
  });

  it('flush resolves only after everything recorded so far was appended and synced', async () => {
    const events: string[] = [];
    let release!: () => void;
    const store: AuditStore = {
      append(chunk) { events.push(`append ${chunk.split('\n').length - 1}`); },
      sync() { events.push('sync'); return new Promise<void>((r) => { release = r; }); },
    };
    const log = createAuditLog({ store });
    for (let i = 0; i < 5; i++) log.record({ type: 'write', hkType: HR, value: 60 + i });
    let done = false;
    const f = log.flush().then(() => { done = true; });
    await new Promise((r) => setTimeout(r, 5));
    expect(events).toEqual(['append 6', 'sync']);
    expect(done).toBe(false);
    release();
    await f;
    expect(done).toBe(true);
  });

  it('close writes a closing entry and drops later records with a report', async () => {
    const { log, store, errors } = memoryLog();
    log.record({ type: 'write', hkType: HR, value: 60 });
    await log.close();
    log.record({ type: 'write', hkType: HR, value: 61 });
    expect(entriesOf(store.text()).map((e) => e.kind)).toEqual(['open', 'write', 'close']);
    expect(errors[0]!.message).toMatch(/after close/);
    expect(verifyAuditLog(store.text()).closed).toBe(true);
  });
});
