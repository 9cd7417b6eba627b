import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/audit/canonical.js';
import { defaultCrypto, pureCrypto } from '../../src/audit/crypto.js';
import { splitLogLines, verifyAuditLog as verifyFull, type VerifyOptions } from '../../src/audit/verify.js';
import { heartRateFrame } from './helpers/gatt-frames.js';
import { createAuditLog } from '../../src/audit/log.js';
import { memoryStore } from '../../src/audit/stores.js';
import { memoryLog, sha256 } from './helpers/log-helpers.js';

const HR = 'HKQuantityTypeIdentifierHeartRate';

/** A 21-line log: open, then 10 reading / write pairs. */
async function sampleLog(key?: string): Promise<string> {
  const { log, store, clock } = memoryLog(key ? { hmacKey: key } : {});
  for (let i = 0; i < 10; i++) {
    log.record({ type: 'reading', peripheralId: 'strap', characteristic: '2a37', value: heartRateFrame({ bpm: 60 + i }) });
    clock.advance(200);
    log.record({ type: 'write', hkType: HR, value: 60 + i });
    clock.advance(800);
  }
  await log.flush();
  return store.text();
}

/** Verifies in both modes (full entries, and the chain-only scan the CLI uses) and checks they agree. */
function verifyAuditLog(input: string | Uint8Array, options: VerifyOptions = {}) {
  const full = verifyFull(input, options);
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  // Chain-only over text, and over bytes (where an intact log takes the no-decoding fast path).
  for (const quick of [verifyFull(input, { ...options, entries: false }), verifyFull(bytes, { ...options, entries: false })]) {
    expect(quick.problems).toEqual(full.problems);
    expect([quick.status, quick.lines, quick.intactThrough, quick.count, quick.sessions, quick.closed, quick.hmac]).toEqual([full.status, full.lines, full.intactThrough, full.entries.length, full.sessions, full.closed, full.hmac]);
    expect(quick.entries).toEqual([]);
  }
  return full;
}

const lines = (t: string) => t.split('\n').slice(0, -1);
const join = (l: string[]) => l.join('\n') + '\n';

describe('verifyAuditLog', () => {
  it('accepts an untouched log and reports it intact through its last entry', async () => {
    const r = verifyAuditLog(await sampleLog());
    expect(r).toMatchObject({ status: 'intact', lines: 21, problems: [], hmac: 'not-present', sessions: 1, intactThrough: { seq: 20, line: 21 } });
    expect(r.entries).toHaveLength(21);
  });

  it('flip one byte: every position of a middle line is caught as that entry, modified', async () => {
    const text = await sampleLog();
    const start = lines(text).slice(0, 6).join('\n').length + 1; // line 7 = seq 6
    const len = lines(text)[6]!.length + 1; // its newline included
    for (let pos = start; pos < start + len; pos++) {
      const bytes = Buffer.from(text);
      bytes[pos] = bytes[pos]! ^ 0x01;
      const r = verifyAuditLog(bytes);
      expect(r.status, `byte ${pos - start}`).toBe('broken');
      expect(r.problems[0], `byte ${pos - start}`).toMatchObject({ ruleId: 'audit-chain-broken', line: 7, kind: 'modified' });
      expect(r.intactThrough).toEqual({ seq: 5, line: 6 });
    }
  });

  it('names a changed value as a modification of that seq', async () => {
    const l = lines(await sampleLog());
    l[4] = l[4]!.replace('"value":61', '"value":16');
    expect(verifyAuditLog(join(l)).problems).toEqual([
      { kind: 'modified', ruleId: 'audit-chain-broken', severity: 'error', line: 5, seq: 4, message: 'entry seq 4 (line 5) was modified: its content no longer matches its SHA-256' },
    ]);
  });

  it('delete a middle line', async () => {
    const l = lines(await sampleLog());
    l.splice(7, 1);
    const r = verifyAuditLog(join(l));
    expect(r.problems[0]).toMatchObject({ kind: 'deleted', line: 8, seq: 7, message: 'entry seq 7 is missing before line 8 (seq 8): it was deleted' });
    expect(r.intactThrough).toEqual({ seq: 6, line: 7 });
  });

  it('delete several lines, and the first line', async () => {
    const l = lines(await sampleLog());
    expect(verifyAuditLog(join([...l.slice(0, 5), ...l.slice(8)])).problems[0]).toMatchObject({ kind: 'deleted', seq: 5, line: 6, message: expect.stringContaining('entries seq 5-7 (3 entries)') });
    expect(verifyAuditLog(join(l.slice(1))).problems[0]).toMatchObject({ kind: 'deleted', seq: 0, line: 1 });
  });

  it('swap two lines', async () => {
    const l = lines(await sampleLog());
    [l[7], l[8]] = [l[8]!, l[7]!];
    expect(verifyAuditLog(join(l)).problems[0]).toMatchObject({ kind: 'reordered', line: 8, seq: 8, message: 'entry seq 8 (line 8) comes before seq 7 (line 9): entries were reordered' });
  });

  it('duplicate a line', async () => {
    const l = lines(await sampleLog());
    l.splice(5, 0, l[4]!);
    expect(verifyAuditLog(join(l)).problems[0]).toMatchObject({ kind: 'duplicated', line: 6, seq: 4, message: 'entry seq 4 at line 6 duplicates line 5' });
  });

  it('truncate mid-line: the torn tail is named and the prefix is intact', async () => {
    const text = await sampleLog();
    const cut = text.slice(0, text.length - 40);
    const r = verifyAuditLog(cut);
    expect(r.status).toBe('truncated');
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ kind: 'truncated', ruleId: 'audit-log-truncated', severity: 'warning', line: 21, seq: 20 });
    expect(r.problems[0]!.message).toMatch(/entries seq 0-19 \(lines 1-20\) are intact/);
    expect(r.entries).toHaveLength(20);
  });

  it('a complete last entry that only lacks its newline is intact; modified, it is named modified', async () => {
    const text = await sampleLog();
    expect(verifyAuditLog(text.slice(0, -1)).status).toBe('intact');
    const l = lines(text);
    l[20] = l[20]!.replace('"value":69', '"value":96');
    const edited = l.join('\n');
    expect(edited).not.toBe(text.slice(0, -1));
    expect(verifyAuditLog(edited).problems).toEqual([expect.objectContaining({ kind: 'modified', line: 21, seq: 20 })]);
  });

  it('wrong key', async () => {
    const r = verifyAuditLog(await sampleLog('right'), { key: 'wrong' });
    expect(r.status).toBe('broken');
    expect(r.hmac).toBe('failed');
    expect(r.problems[0]).toMatchObject({ kind: 'wrong-key', line: 1, seq: 0 });
    expect(r.problems[0]!.message).toMatch(/^wrong key: the log was written with key id [0-9a-f]{16}, the given key has id [0-9a-f]{16}/);
  });

  it('the right key verifies every HMAC; no key leaves them unchecked', async () => {
    const text = await sampleLog('right');
    expect(verifyAuditLog(text, { key: 'right' })).toMatchObject({ status: 'intact', hmac: 'verified' });
    expect(verifyAuditLog(text)).toMatchObject({ status: 'intact', hmac: 'not-checked' });
  });

  it('a whole-file rewrite passes the chain but not the HMAC', async () => {
    const l = lines(await sampleLog('right'));
    // The attacker edits seq 4 and recomputes every hash from there on, keeping the old HMAC strings.
    let prev = (JSON.parse(l[3]!) as { hash: string }).hash;
    for (let i = 4; i < l.length; i++) {
      const { hash: _h, hmac, ...body } = JSON.parse(l[i]!) as Record<string, unknown>;
      body.prev = prev;
      if (i === 4) body.value = 180;
      const text = canonicalJson(body);
      prev = sha256(text);
      l[i] = text.slice(0, -1) + `,"hash":"${prev}","hmac":"${String(hmac)}"}`;
    }
    expect(verifyAuditLog(join(l)).status).toBe('intact');
    expect(verifyAuditLog(join(l), { key: 'right' }).problems[0]).toMatchObject({ kind: 'hmac-mismatch', line: 5, seq: 4 });
  });

  it('a rewrite that drops the HMACs is caught when the key is given', async () => {
    const l = lines(await sampleLog()).map((x) => x);
    expect(verifyAuditLog(join(l), { key: 'right' }).problems[0]).toMatchObject({ kind: 'hmac-missing', line: 1, seq: 0 });
  });

  it('an entry altered and re-hashed without fixing the next link', async () => {
    const l = lines(await sampleLog());
    const { hash: _h, ...body } = JSON.parse(l[4]!) as Record<string, unknown>;
    body.value = 999;
    const text = canonicalJson(body);
    l[4] = text.slice(0, -1) + `,"hash":"${sha256(text)}"}`;
    expect(verifyAuditLog(join(l)).problems[0]).toMatchObject({ kind: 'modified', line: 6, seq: 5, message: 'entry seq 5 (line 6) does not link to the entry before it (seq 4, line 5): that entry was altered and re-hashed' });
  });

  it('names two concatenated logs', async () => {
    const r = verifyAuditLog((await sampleLog()) + (await sampleLog()));
    expect(r.problems[0]).toMatchObject({ kind: 'reordered', line: 22, seq: 0, message: expect.stringMatching(/^a second log starts at line 22 \(seq 0 after seq 20\)/) });
  });

  it('names a CRLF conversion of the whole file', async () => {
    const r = verifyAuditLog((await sampleLog()).replace(/\n/g, '\r\n'));
    expect(r.problems[0]).toMatchObject({ kind: 'modified', line: 1, seq: 0, message: 'entry seq 0 (line 1) was modified: its line ending was converted to CRLF, so the file was rewritten by a tool' });
  });

  it('empty file, whitespace, binary garbage and foreign JSON are not logs', () => {
    expect(verifyAuditLog(new Uint8Array(0))).toMatchObject({ status: 'not-a-log', reason: 'it is empty' });
    expect(verifyAuditLog('\n\n')).toMatchObject({ status: 'not-a-log' });
    const garbage = Uint8Array.from({ length: 512 }, (_, i) => (i * 7919 + 13) % 256);
    expect(verifyAuditLog(garbage)).toMatchObject({ status: 'not-a-log', reason: 'it holds binary data, not JSON Lines' });
    expect(verifyAuditLog('{"level":"info","msg":"hello"}\n')).toMatchObject({ status: 'not-a-log', reason: expect.stringMatching(/no line is an hkguard audit entry/) });
  });

  it('a corrupted first line of a real log is a modification, not "not a log"', async () => {
    const l = lines(await sampleLog());
    l[0] = '\u0000\u0001garbage';
    expect(verifyAuditLog(join(l)).problems[0]).toMatchObject({ kind: 'modified', line: 1, seq: 0 });
  });

  it('a log whose only line was torn on its first write is truncated with nothing intact', () => {
    expect(verifyAuditLog('{"kind":"open","logId":"ab')).toMatchObject({ status: 'truncated', problems: [{ kind: 'truncated', line: 1 }] });
  });

  it('decodes bytes in newline-aligned pieces (no whole-file string), identical to splitting the text', async () => {
    const { log, store } = memoryLog({ app: { name: 'Pulsé 漢字 😀' } });
    for (let i = 0; i < 5; i++) log.record({ type: 'write', hkType: HR, value: 60 + i });
    await log.flush();
    const text = store.text() + '{"partial":"é漢';
    const bytes = new TextEncoder().encode(text);
    const whole = splitLogLines(text);
    for (const chunk of [1, 7, 64, 300, 5000]) {
      const pieces = splitLogLines(bytes, chunk);
      expect(pieces.lines, `chunk ${chunk}`).toEqual(whole.lines);
      expect(pieces.endsWithNewline).toBe(false);
    }
    expect(verifyFull(bytes).problems).toEqual([expect.objectContaining({ kind: 'truncated', line: 7 })]);
  });

  it('checks an intact byte log without decoding it (the verify command\'s path), with and without a key', async () => {
    for (const base of [defaultCrypto(), pureCrypto]) {
      const calls = { text: 0, bytes: 0, hmacBytes: 0 };
      const crypto = {
        ...base,
        sha256Hex: (t: string) => { calls.text++; return base.sha256Hex(t); },
        sha256HexBytes: (b: Uint8Array) => { calls.bytes++; return base.sha256HexBytes!(b); },
        hmacSha256HexBytes: (k: Uint8Array, b: Uint8Array) => { calls.hmacBytes++; return base.hmacSha256HexBytes!(k, b); },
      };
      // Two sessions, each opened and closed, so open and close entries are on the path too.
      const first = memoryLog({ hmacKey: 'k' });
      for (let i = 0; i < 20; i++) first.log.record({ type: 'write', hkType: HR, value: 60 + i });
      await first.log.close();
      const store = memoryStore(first.store.text());
      const second = createAuditLog({ store, hmacKey: 'k' });
      second.record({ type: 'write', hkType: HR, value: 70 });
      await second.close();
      const bytes = new TextEncoder().encode(store.text());
      const r = verifyFull(bytes, { entries: false, key: 'k', crypto });
      expect(r).toMatchObject({ status: 'intact', count: 25, lines: 25, hmac: 'verified', sessions: 2, closed: true, intactThrough: { seq: 24, line: 25 } });
      expect(calls).toEqual({ text: 0, bytes: 25, hmacBytes: 25 });
      expect(verifyFull(bytes, { entries: false, crypto })).toMatchObject({ status: 'intact', hmac: 'not-checked' });
    }
  });
});
