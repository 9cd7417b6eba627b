// Benchmark of hkguard/audit. Run after `npm run build`:
//   node bench/audit.mjs [--events 20000] [--file-entries 100000] [--rounds 5]
// Prints one JSON object. Targets (issue 4): median record overhead < 20 us with memoryStore,
// >= 20,000 entries/s to a file with batched fsync, verify >= 200,000 entries/s.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuditLog, fileStore, memoryStore, pureCrypto, verifyAuditLog } from '../dist/audit/index.js';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const EVENTS = arg('events', 20_000);
const FILE_ENTRIES = arg('file-entries', 100_000);
const ROUNDS = arg('rounds', 5);
const FLUSH_EVERY = 1000;
const HR = 'HKQuantityTypeIdentifierHeartRate';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
// A Heart Rate Measurement with RR intervals, as a strap sends it about once a second.
const frame = (bpm) => Uint8Array.from([0x10, bpm, 0x52, 0x03, 0x60, 0x03]);

/** Per-call time of record() and the amortized cost per event including hashing and the memory store. */
async function recordOverhead(crypto) {
  const log = createAuditLog({ store: memoryStore(), hmacKey: 'bench-key', ...(crypto ? { crypto } : {}) });
  const perCall = [];
  for (let i = 0; i < 2000; i++) {
    log.record({ type: 'reading', peripheralId: 'C4:7C:8D:6A:11:02', service: '180d', characteristic: '2a37', value: frame(60 + (i % 100)) });
    log.record({ type: 'write', hkType: HR, value: 60 + (i % 100), unit: 'count/min', start: 1, end: 1 });
  }
  await log.flush();
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < EVENTS; i++) {
    const a = process.hrtime.bigint();
    if (i % 2 === 0) log.record({ type: 'reading', peripheralId: 'C4:7C:8D:6A:11:02', service: '180d', characteristic: '2a37', value: frame(60 + (i % 100)) });
    else log.record({ type: 'write', hkType: HR, value: 60 + (i % 100), unit: 'count/min', start: 1, end: 1 });
    perCall.push(Number(process.hrtime.bigint() - a) / 1000);
    if (i % FLUSH_EVERY === FLUSH_EVERY - 1) await log.flush();
  }
  await log.flush();
  const totalUs = Number(process.hrtime.bigint() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { recordMedianUs: median(perCall), recordP99Us: pct(perCall, 0.99), amortizedUs: totalUs / EVENTS, amortizedCpuUs: (c.user + c.system) / EVENTS };
}

async function fileThroughput(path) {
  rmSync(path, { force: true });
  const c0 = process.cpuUsage();
  const log = createAuditLog({ store: fileStore(path), hmacKey: 'bench-key' });
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < FILE_ENTRIES; i++) {
    if (i % 2 === 0) log.record({ type: 'reading', peripheralId: 'C4:7C:8D:6A:11:02', service: '180d', characteristic: '2a37', value: frame(60 + (i % 100)) });
    else log.record({ type: 'write', hkType: HR, value: 60 + (i % 100), unit: 'count/min', start: 1, end: 1 });
    // Batched fsync: the app awaits flush() every FLUSH_EVERY entries.
    if (i % FLUSH_EVERY === FLUSH_EVERY - 1) await log.flush();
  }
  await log.flush();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  await log.close();
  return { wall: FILE_ENTRIES / s, cpu: FILE_ENTRIES / ((c.user + c.system) / 1e6) };
}

/** Entries per second; `entries: false` is the chain-only scan of `hkguard audit verify`, true what `report` needs. */
function verifySpeed(bytes, options) {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const r = verifyAuditLog(bytes, options);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  if (r.status !== 'intact') throw new Error(`bench log not intact: ${r.status}`);
  // CPU time as well as wall time: on a shared machine the wall clock also measures the neighbours.
  return { wall: r.count / s, cpu: r.count / ((c.user + c.system) / 1e6) };
}

const dir = mkdtempSync(join(tmpdir(), 'hkguard-audit-bench-'));
const rounds = { node: [], pure: [], file: [], verify: [], verifyKey: [], verifyFull: [] };
try {
  for (let r = 0; r < ROUNDS; r++) {
    rounds.node.push(await recordOverhead());
    rounds.pure.push(await recordOverhead(pureCrypto));
    const path = join(dir, `bench-${r}.jsonl`);
    rounds.file.push(await fileThroughput(path));
    const bytes = readFileSync(path);
    rounds.verify.push(verifySpeed(bytes, { entries: false }));
    rounds.verifyKey.push(verifySpeed(bytes, { entries: false, key: 'bench-key' }));
    rounds.verifyFull.push(verifySpeed(bytes, {}));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const m = (list, key) => Number(median(list.map((x) => x[key])).toFixed(2));
const result = {
  node: process.version,
  rounds: ROUNDS,
  events: EVENTS,
  fileEntries: FILE_ENTRIES,
  flushEvery: FLUSH_EVERY,
  recordMedianUs: m(rounds.node, 'recordMedianUs'),
  recordP99Us: m(rounds.node, 'recordP99Us'),
  amortizedPerEventUs: m(rounds.node, 'amortizedUs'),
  amortizedCpuPerEventUs: m(rounds.node, 'amortizedCpuUs'),
  pureJsCrypto: { recordMedianUs: m(rounds.pure, 'recordMedianUs'), amortizedPerEventUs: m(rounds.pure, 'amortizedUs') },
  fileEntriesPerSecond: Math.round(m(rounds.file, 'wall')),
  fileEntriesPerCpuSecond: Math.round(m(rounds.file, 'cpu')),
  verifyEntriesPerSecond: Math.round(m(rounds.verify, 'wall')),
  verifyEntriesPerCpuSecond: Math.round(m(rounds.verify, 'cpu')),
  verifyWithHmacEntriesPerSecond: Math.round(m(rounds.verifyKey, 'wall')),
  verifyWithHmacEntriesPerCpuSecond: Math.round(m(rounds.verifyKey, 'cpu')),
  verifyParsingEntriesPerSecond: Math.round(m(rounds.verifyFull, 'wall')),
  verifyParsingEntriesPerCpuSecond: Math.round(m(rounds.verifyFull, 'cpu')),
  loadAverage: (await import('node:os')).loadavg().map((x) => Number(x.toFixed(2))),
  targets: { recordMedianUs: 20, fileEntriesPerSecond: 20000, verifyEntriesPerSecond: 200000 },
};
process.stdout.write(JSON.stringify(result, null, 2) + '\n');
