import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { objcFrontEnd, swiftFrontEnd, swiftGrammarName } from '../../src/flow/swift/index.js';
import { MODERN_SWIFT_GRAMMAR } from '../../src/flow/swift/grammar.js';
import { memoryCache, swiftInput } from './support.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');

describe('Swift front end', () => {
  it('analyzes a file with syntax errors as far as its tree allows and names the file in a diagnostic', async () => {
    const input = swiftInput(path.join(FIXTURES, 'flow/swift-broken'), ['Broken.swift']);
    const result = await swiftFrontEnd.analyze(input);
    expect(result.filesAnalyzed).toBe(1);
    expect(result.flows.map((f) => [f.sink.category, f.sink.location.line])).toEqual([['log', 8]]);
    expect(input.diagnostics).toHaveLength(1);
    expect(input.diagnostics[0]).toMatchObject({ file: 'Broken.swift', severity: 'warning', line: 13 });
  });

  it('reports an unreadable file and goes on', async () => {
    const input = swiftInput(path.join(FIXTURES, 'flow/swift-broken'), ['Missing.swift', 'Broken.swift']);
    const result = await swiftFrontEnd.analyze(input);
    expect(result.filesAnalyzed).toBe(1);
    expect(input.diagnostics.map((d) => d.file)).toEqual(['Broken.swift', 'Missing.swift']);
  });

  it('says which grammar parsed the files', async () => {
    await swiftFrontEnd.analyze(swiftInput(path.join(FIXTURES, 'flow/swift-broken'), ['Broken.swift']));
    expect(swiftGrammarName()).toBe(MODERN_SWIFT_GRAMMAR);
  });

  it('gives the same result from cached per-file summaries, keyed by content hash', async () => {
    const root = path.join(FIXTURES, 'flow/swift');
    const files = ['propagation/DashboardModel.swift', 'propagation/HealthRepository.swift', 'propagation/Reporter.swift'];
    const cache = memoryCache();
    const first = await swiftFrontEnd.analyze(swiftInput(root, files, {}, cache));
    // Per file: its IR, its name index and (for files with any) its usage facts.
    const size = cache.size();
    expect(size).toBeGreaterThanOrEqual(6);
    const second = await swiftFrontEnd.analyze(swiftInput(root, files, {}, cache));
    expect(cache.size()).toBe(size);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('analyzes only the neighbourhood of changed files when a cache holds the rest', async () => {
    const root = path.join(FIXTURES, 'flow/swift');
    const files = ['propagation/DashboardModel.swift', 'propagation/HealthRepository.swift', 'propagation/Reporter.swift'];
    const cache = memoryCache();
    const full = await swiftFrontEnd.analyze(swiftInput(root, files, {}, cache));
    const input = { ...swiftInput(root, files, {}, cache), changedFiles: new Set(['propagation/HealthRepository.swift']) };
    const partial = await swiftFrontEnd.analyze(input);
    // Reporter.swift neither defines a name HealthRepository.swift uses nor uses one it defines.
    expect(partial.filesAnalyzed).toBe(2);
    const sinks = (r: typeof full) => r.flows.map((f) => `${f.sink.location.file}:${f.sink.location.line}`);
    expect(sinks(partial)).toEqual(sinks(full).filter((s) => s.startsWith('propagation/DashboardModel.swift')));
    expect(sinks(full).some((s) => s.startsWith('propagation/Reporter.swift'))).toBe(true);
    // Usage facts stay complete (the permission rules compare reads with requests across the app).
    const reads = (r: typeof full) => r.usage.healthkit.map((u) => `${u.kind}:${u.location.file}:${u.location.line}`).sort();
    expect(reads(partial)).toEqual(reads(full));
  });

  it('is deterministic on the corpus and finds its flows', async () => {
    const root = path.join(FIXTURES, 'swift-corpus');
    const files = fs.readdirSync(root).filter((f) => f.endsWith('.swift')).sort();
    const input = swiftInput(root, files);
    const a = await swiftFrontEnd.analyze(input);
    const b = await swiftFrontEnd.analyze(swiftInput(root, [...files].reverse()));
    expect(JSON.stringify(b.flows)).toBe(JSON.stringify(a.flows));
    expect(a.filesAnalyzed, JSON.stringify(input.diagnostics)).toBe(files.length);
    // The corpus is written the careful way (privacy: .private logging, counts rather than values): no flows.
    expect(a.flows).toEqual([]);
    expect(a.usage.authorizations.map((x) => [x.location.file, x.read.length, x.write.length, x.hasUnresolved])).toEqual([
      ['ClinicalRecords.swift', 3, 0, false], ['HealthStoreManager.swift', 5, 2, false], ['OnboardingFlow.swift', 2, 1, false],
    ]);
    expect(a.usage.healthkit.filter((u) => u.kind === 'characteristic-read').map((u) => u.healthTypes[0])).toEqual([
      'HKCharacteristicTypeIdentifierDateOfBirth', 'HKCharacteristicTypeIdentifierBiologicalSex', 'HKCharacteristicTypeIdentifierBloodType', 'HKCharacteristicTypeIdentifierWheelchairUse',
    ]);
  });

  it('survives pathological input (a 4,000-term expression, deep nesting) without a crash', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hkguard-swift-deep-'));
    const sum = Array.from({ length: 4000 }, (_, i) => `v${i}`).join(' + ');
    const nested = `${'f('.repeat(800)}x${')'.repeat(800)}`;
    fs.writeFileSync(path.join(dir, 'Deep.swift'), `func a() -> Int {\n  let s = ${sum}\n  let n = ${nested}\n  print(s, n)\n  return s\n}\n`);
    const input = swiftInput(dir, ['Deep.swift']);
    const result = await swiftFrontEnd.analyze(input);
    expect(result.filesAnalyzed).toBe(1);
    expect(result.flows).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('has an Objective-C front end', async () => {
    const result = await objcFrontEnd.analyze(swiftInput(FIXTURES, []));
    expect(result.filesAnalyzed).toBe(0);
  });
});
