// The persistent cache wired into the real scan pipeline and TypeScript front end: per-file summaries are
// reused across runs, and no change that matters — an imported file, .hkguard.yaml, package.json — can make
// a run report what a run without the cache would not.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { scan, type ScanHooks } from '../../src/scan/scan.js';
import type { PersistentCache } from '../../src/findings/cache.js';
import { defaultHooks } from '../../src/scan/hooks.js';

let app: string;
let last: PersistentCache | undefined;

/** The CLI's own hooks (src/scan/hooks.ts), with the store kept for its hit and miss counts. */
const real = defaultHooks();
const hooks: ScanHooks = {
  ...real,
  openCache: (keys) => {
    last = real.openCache!(keys) as PersistentCache;
    return last;
  },
};

function write(rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(app, rel)), { recursive: true });
  fs.writeFileSync(path.join(app, rel), text);
}

const HEALTH = `import AppleHealthKit, { type HealthValue } from 'react-native-health';

export function latestHeartRate(cb: (bpm: number) => void): void {
  AppleHealthKit.getHeartRateSamples({ startDate: '2024-01-01' }, (err: string, results: HealthValue[]) => {
    cb(results[0].value);
  });
}
`;
const SEND = `import analytics from '@react-native-firebase/analytics';
import { latestHeartRate } from './health';
import { toZone } from './zones';

export function report(): void {
  latestHeartRate((bpm) => {
    analytics().logEvent('hr', { bpm: toZone(bpm) });
  });
}
`;
const ZONES = `export function toZone(bpm: number): number {
  return Math.round(bpm / 10) * 10;
}
`;

async function flows(): Promise<string[]> {
  const result = await scan({ paths: [app] }, hooks);
  return result.findings.filter((f) => f.ruleId === 'health-data-to-analytics').map((f) => `${f.location.file}:${f.location.line} ${f.status}`);
}

/** The same scan without any cache: what a cached run must agree with. */
async function uncachedFlows(): Promise<string[]> {
  const result = await scan({ paths: [app], cacheDir: false });
  return result.findings.filter((f) => f.ruleId === 'health-data-to-analytics').map((f) => `${f.location.file}:${f.location.line} ${f.status}`);
}

beforeEach(() => {
  app = fs.mkdtempSync(path.join(os.tmpdir(), 'hkg-cache-app-'));
  write('package.json', JSON.stringify({ name: 'x', dependencies: { 'react-native': '0.76.0', 'react-native-health': '1.19.0', '@react-native-firebase/analytics': '21.0.0' } }));
  write('src/health.ts', HEALTH);
  write('src/send.ts', SEND);
  write('src/zones.ts', ZONES);
  last = undefined;
});

describe('cache in the scan pipeline', () => {
  it('a warm run reuses every summary and reports the same cross-file flow', async () => {
    const cold = await flows();
    expect(cold).toEqual(['src/send.ts:7 open']);
    expect(last!.stats()).toMatchObject({ hits: 0, misses: 3 });
    expect(await flows()).toEqual(cold);
    expect(last!.stats()).toMatchObject({ hits: 3, misses: 0 });
  });

  it('a change in an imported file changes the flow in the unchanged importer', async () => {
    await flows();
    write('src/health.ts', HEALTH.replace('cb(results[0].value);', 'cb(results.length > 0 ? 80 : 0);'));
    const after = await flows();
    expect(last!.stats()).toMatchObject({ hits: 2, misses: 1 }); // send.ts and zones.ts come from the cache
    expect(after).toEqual(await uncachedFlows());
    expect(after).toEqual([]);
  });

  it('a change in a callee in another file changes the flow in the unchanged caller', async () => {
    expect(await flows()).toEqual(['src/send.ts:7 open']);
    write('src/zones.ts', 'export function toZone(_bpm: number): number {\n  return 1;\n}\n');
    const after = await flows();
    expect(last!.stats()).toMatchObject({ hits: 2, misses: 1 });
    expect(after).toEqual(await uncachedFlows());
    expect(after).toEqual([]);
  });

  it('a change in .hkguard.yaml invalidates the whole store', async () => {
    expect(await flows()).toEqual(['src/send.ts:7 open']);
    write('.hkguard.yaml', 'sanitizers:\n  - { function: toZone, module: src/zones.ts }\n');
    expect(await flows()).toEqual(['src/send.ts:7 sanitized']);
    expect(last!.stats()).toMatchObject({ hits: 0, misses: 3 });
    expect(await flows()).toEqual(await uncachedFlows());
  });

  it("a change in the app's package.json invalidates the whole store", async () => {
    await flows();
    write('package.json', JSON.stringify({ name: 'x', dependencies: { 'react-native': '0.76.0', 'react-native-health': '1.19.0', '@react-native-firebase/analytics': '22.0.0' } }));
    expect(await flows()).toEqual(['src/send.ts:7 open']);
    expect(last!.stats()).toMatchObject({ hits: 0, misses: 3 });
  });

  it('a broken cache file costs a re-analysis, not a wrong answer or a crash', async () => {
    await flows();
    const dir = path.join(app, 'node_modules', '.cache', 'hkguard');
    for (const f of fs.readdirSync(dir)) fs.writeFileSync(path.join(dir, f), '{"format":1,"key":"x"');
    expect(await flows()).toEqual(['src/send.ts:7 open']);
    expect(last!.stats().hits).toBe(0);
  });
});

describe('cache in the scan pipeline, Swift', () => {
  const STORE = `import HealthKit

final class HeartStore {
    let store = HKHealthStore()

    func latest(_ done: @escaping (Double) -> Void) {
        let query = HKSampleQuery(sampleType: HKQuantityType(.heartRate), predicate: nil, limit: 1, sortDescriptors: nil) { _, samples, _ in
            let bpm = (samples?.first as? HKQuantitySample)?.quantity.doubleValue(for: HKUnit(from: "count/min")) ?? 0
            done(bpm)
        }
        store.execute(query)
    }
}
`;
  const LOGGER = `final class HeartLogger {
    let source = HeartStore()

    func run() {
        source.latest { value in
            print("latest \\(value)")
        }
    }
}
`;

  it('a change in one Swift file changes the flow in an unchanged file, as a scan without the cache says', async () => {
    fs.rmSync(path.join(app, 'src'), { recursive: true, force: true });
    write('Pulse/HeartStore.swift', STORE);
    write('Pulse/HeartLogger.swift', LOGGER);
    const logs = async (cacheDir?: false) => (await scan({ paths: [app], ...(cacheDir === false ? { cacheDir } : {}) }, hooks)).findings
      .filter((f) => f.ruleId === 'health-data-to-log').map((f) => `${f.location.file}:${f.location.line}`);
    expect(await logs()).toEqual(['Pulse/HeartLogger.swift:6']);
    expect(await logs()).toEqual(['Pulse/HeartLogger.swift:6']);
    // The store now hands out a constant: the unchanged logger no longer logs health data.
    write('Pulse/HeartStore.swift', STORE.replace('done(bpm)', 'done(0)'));
    expect(await logs()).toEqual([]);
    expect(await logs(false)).toEqual([]);
  });
});
