import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../src/audit/log.js';
import { fileStore } from '../../src/audit/stores.js';
import { verifyAuditLog } from '../../src/audit/verify.js';
import { buildShim } from './helpers/build-shim.js';
import { heartRateFrame } from './helpers/gatt-frames.js';

const dir = mkdtempSync(join(tmpdir(), 'hkguard-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const HR = 'HKQuantityTypeIdentifierHeartRate';

describe('fileStore', () => {
  it('appends JSON Lines that verify, and continues the chain when the app restarts', async () => {
    const path = join(dir, 'restart.jsonl');
    for (let session = 0; session < 3; session++) {
      const log = createAuditLog({ store: fileStore(path), hmacKey: 'k' });
      for (let i = 0; i < 50; i++) log.record({ type: 'write', hkType: HR, value: 60 + i });
      await log.flush();
      if (session < 2) await log.close();
    }
    const r = verifyAuditLog(readFileSync(path), { key: 'k' });
    expect(r).toMatchObject({ status: 'intact', sessions: 3, hmac: 'verified', closed: false, lines: 3 * 51 + 2 });
  });

  it('terminates a torn last line on open, records it in the new session, and verify accepts the recovery', async () => {
    const path = join(dir, 'torn.jsonl');
    const log = createAuditLog({ store: fileStore(path) });
    for (let i = 0; i < 5; i++) log.record({ type: 'reading', peripheralId: 'p', characteristic: '2a37', value: heartRateFrame({ bpm: 70 + i }) });
    await log.flush();
    appendFileSync(path, '{"call":"c9","hkType":"HKQuantityTypeIdentifierHea');
    const next = createAuditLog({ store: fileStore(path) });
    next.record({ type: 'write', hkType: HR, value: 74 });
    await next.flush();
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n');
    expect(lines[6]).toBe('{"call":"c9","hkType":"HKQuantityTypeIdentifierHea');
    expect(JSON.parse(lines[7]!)).toMatchObject({ kind: 'open', seq: 6, resumed: { afterSeq: 5, tornLine: 7, tornBytes: 50 } });
    const r = verifyAuditLog(text);
    expect(r.status).toBe('intact');
    expect(r.problems).toEqual([{ kind: 'torn-recovered', ruleId: 'audit-log-truncated', severity: 'info', line: 7, message: expect.stringContaining('line 7 is a partial entry left by an interrupted session') }]);
    expect(r.entries.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('finds the tail of a log larger than its 1 MB read buffer', async () => {
    const path = join(dir, 'large.jsonl');
    const log = createAuditLog({ store: fileStore(path) });
    for (let i = 0; i < 12_000; i++) log.record({ type: 'write', hkType: HR, value: 60 + (i % 50), metadataKeys: ['HKWasUserEntered'] });
    await log.flush();
    const before = readFileSync(path);
    expect(before.length).toBeGreaterThan(3 << 20);
    appendFileSync(path, '{"call":"c1');
    const next = createAuditLog({ store: fileStore(path) });
    await next.flush();
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(JSON.parse(lines[12_002]!)).toMatchObject({ kind: 'open', seq: 12_001, resumed: { afterSeq: 12_000, tornLine: 12_002, tornBytes: 11 } });
    expect(verifyAuditLog(readFileSync(path))).toMatchObject({ status: 'intact', count: 12_002 });
  });

  it('reports an unwritable path through onError and rejects flush, without throwing from record', async () => {
    const errors: string[] = [];
    const log = createAuditLog({ store: fileStore(join(dir, 'no-such-dir', 'x.jsonl')), onError: (e, ctx) => errors.push(ctx + ' ' + e.message) });
    expect(() => log.record({ type: 'write', hkType: HR, value: 60 })).not.toThrow();
    await expect(log.flush()).rejects.toThrow(/ENOENT/);
    expect(errors.some((e) => e.startsWith('store.'))).toBe(true);
  });
});

describe('crash: kill -9 while writing', () => {
  it('every entry whose flush resolved is present and intact; a torn tail is reported as truncated', async () => {
    const shim = buildShim(join(dir, 'shim'));
    const path = join(dir, 'crash.jsonl');
    writeFileSync(path, '');
    const child = spawn(process.execPath, [join(import.meta.dirname, '../../fixtures/audit/crash-writer.mjs'), pathToFileURL(shim).href, path], { stdio: ['ignore', 'pipe', 'pipe'] });
    let acked = -1;
    let acks = 0;
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += String(d); });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (d) => {
        buf += String(d);
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const m = /^ack (\d+)$/.exec(buf.slice(0, nl));
          buf = buf.slice(nl + 1);
          if (m) { acked = Number(m[1]); acks++; }
          // Kill right after an acknowledgment, while the next batch is being written.
          if (acks === 8) { child.kill('SIGKILL'); resolve(); }
        }
      });
      child.on('exit', () => (acks < 8 ? reject(new Error(`writer exited early: ${stderr}`)) : resolve()));
    });
    expect(await exited).toBe('SIGKILL');
    expect(acked).toBeGreaterThan(0);
    const r = verifyAuditLog(readFileSync(path), { key: 'crash-test-key' });
    expect(['intact', 'truncated']).toContain(r.status);
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(r.intactThrough!.seq).toBeGreaterThanOrEqual(acked);
    expect(r.entries.slice(0, acked + 1).map((e) => e.seq)).toEqual(Array.from({ length: acked + 1 }, (_, i) => i));
    if (r.status === 'truncated') {
      expect(r.problems).toEqual([expect.objectContaining({ kind: 'truncated', ruleId: 'audit-log-truncated', line: r.intactThrough!.line + 1 })]);
    }
  });

  it('a tail cut at every byte of the last entry is reported as truncated with the prefix intact', async () => {
    const path = join(dir, 'cut.jsonl');
    const log = createAuditLog({ store: fileStore(path), hmacKey: 'k' });
    for (let i = 0; i < 3; i++) log.record({ type: 'write', hkType: HR, value: 60 + i });
    await log.close();
    const full = readFileSync(path);
    const lastStart = full.subarray(0, full.length - 1).lastIndexOf(0x0a) + 1;
    for (let cut = lastStart + 1; cut < full.length - 1; cut++) {
      const r = verifyAuditLog(full.subarray(0, cut), { key: 'k' });
      expect(r.status, `cut at ${cut}`).toBe('truncated');
      expect(r.intactThrough).toEqual({ seq: 3, line: 4 });
    }
  });
});
