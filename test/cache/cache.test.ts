import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { contentHash, hashValue, openCache, type CacheOptions } from '../../src/findings/cache.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hkg-cache-'));
});

const base = (): CacheOptions => ({
  dir, hkguardVersion: '0.1.0', catalogHash: 'cat1', configHash: hashValue({ firstPartyHosts: ['api.example.app'] }),
  globalHashes: [contentHash('{"name":"app","dependencies":{}}')],
});

async function seed(opts: CacheOptions = base()): Promise<void> {
  const c = openCache(opts);
  c.set('ts-summary', contentHash('export const a = 1;'), { exports: ['a'], sinks: [] });
  c.set('swift-summary', 'k1', [1, 2, 3]);
  await c.save();
}

describe('openCache', () => {
  it('persists entries across runs and counts hits and misses', async () => {
    await seed();
    const c = openCache(base());
    expect(c.get('ts-summary', contentHash('export const a = 1;'))).toEqual({ exports: ['a'], sinks: [] });
    expect(c.get('swift-summary', 'k1')).toEqual([1, 2, 3]);
    expect(c.get('ts-summary', contentHash('export const a = 2;'))).toBeUndefined();
    expect(c.stats()).toEqual({ hits: 2, misses: 1, corrupt: 0, writeErrors: 0 });
  });

  it('keys on file content: changed content is a miss', async () => {
    await seed();
    const c = openCache(base());
    expect(c.get('ts-summary', contentHash('export const a = 1; // edited'))).toBeUndefined();
  });

  const invalidations: Array<[string, (o: CacheOptions) => CacheOptions]> = [
    ["hkguard's version", (o) => ({ ...o, hkguardVersion: '0.2.0' })],
    ['the rules/ catalog hash', (o) => ({ ...o, catalogHash: 'cat2' })],
    ['the configuration hash', (o) => ({ ...o, configHash: hashValue({ firstPartyHosts: ['api.example.app', 'cdn.example.app'] }) })],
    ["the app's package.json hash", (o) => ({ ...o, globalHashes: [contentHash('{"name":"app","dependencies":{"mixpanel-react-native":"3.0.0"}}')] })],
    ['an added global hash', (o) => ({ ...o, globalHashes: [...o.globalHashes!, 'other-app-package-json'] })],
  ];
  for (const [what, change] of invalidations) {
    it(`drops the whole store when ${what} changes`, async () => {
      await seed();
      const changed = openCache(change(base()));
      expect(changed.get('ts-summary', contentHash('export const a = 1;'))).toBeUndefined();
      expect(changed.get('swift-summary', 'k1')).toBeUndefined();
      expect(changed.stats().corrupt).toBe(0);
      // The next save under the new key replaces the old store; the old key then misses too.
      changed.set('ts-summary', 'x', 1);
      await changed.save();
      expect(openCache(base()).get('ts-summary', 'x')).toBeUndefined();
      expect(openCache(change(base())).get('ts-summary', 'x')).toBe(1);
    });
  }

  it('does not care about the order of global hashes', async () => {
    const o = { ...base(), globalHashes: ['a', 'b'] };
    await seed(o);
    expect(openCache({ ...o, globalHashes: ['b', 'a'] }).get('swift-summary', 'k1')).toEqual([1, 2, 3]);
  });

  it('hashValue ignores key order and undefined keys but not values', () => {
    expect(hashValue({ a: 1, b: [1, 2], c: undefined })).toBe(hashValue({ b: [1, 2], a: 1 }));
    expect(hashValue({ a: 1, b: [2, 1] })).not.toBe(hashValue({ a: 1, b: [1, 2] }));
  });

  it('writes atomically: no temporary files remain, and files are replaced whole', async () => {
    await seed();
    const c = openCache(base());
    c.set('ts-summary', 'new', { n: 1 });
    await c.save();
    expect(fs.readdirSync(dir).sort()).toEqual(['swift-summary.cache', 'ts-summary.cache']);
    expect(openCache(base()).get('ts-summary', 'new')).toEqual({ n: 1 });
    expect(openCache(base()).get('ts-summary', contentHash('export const a = 1;'))).toEqual({ exports: ['a'], sinks: [] });
  });

  it('ignores a garbage cache file without crashing, and repairs it on save', async () => {
    fs.writeFileSync(path.join(dir, 'ts-summary.cache'), '\u0000\u0001not a cache at all');
    const c = openCache(base());
    expect(c.get('ts-summary', 'k')).toBeUndefined();
    expect(c.stats().corrupt).toBe(1);
    c.set('ts-summary', 'k', 'v');
    await c.save();
    expect(openCache(base()).get('ts-summary', 'k')).toBe('v');
  });

  it('ignores a truncated tail entry by entry and keeps the intact ones', async () => {
    const c = openCache(base());
    c.set('ns', 'a', { value: 'first' });
    c.set('ns', 'b', 12345);
    await c.save();
    const file = path.join(dir, 'ns.cache');
    const text = fs.readFileSync(file, 'utf8');
    // Cut inside the last value: "12345" becomes "123", still valid JSON, caught by the length field.
    fs.writeFileSync(file, text.slice(0, text.length - 3));
    const d = openCache(base());
    expect(d.get('ns', 'a')).toEqual({ value: 'first' });
    expect(d.get('ns', 'b')).toBeUndefined();
    expect(d.stats().corrupt).toBe(1);
  });

  it('treats an entry whose value does not parse as a miss', async () => {
    const c = openCache(base());
    c.set('ns', 'a', { v: 1 });
    await c.save();
    const file = path.join(dir, 'ns.cache');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('{"v":1}', '{"v":!'));
    const d = openCache(base());
    expect(d.get('ns', 'a')).toBeUndefined();
    expect(d.stats()).toMatchObject({ misses: 1, corrupt: 1 });
  });

  it('never throws when the folder cannot be written', async () => {
    const blocker = path.join(dir, 'file-not-dir');
    fs.writeFileSync(blocker, 'x');
    const c = openCache({ ...base(), dir: path.join(blocker, 'cache') });
    c.set('ns', 'a', 1);
    await expect(c.save()).resolves.toBeUndefined();
    expect(c.stats().writeErrors).toBe(1);
  });

  it('stays under maxBytes by dropping the least recently written entries', async () => {
    const small = { ...base(), maxBytes: 400 };
    const first = openCache(small);
    for (let i = 0; i < 5; i++) first.set('ns', `old${i}`, 'x'.repeat(40));
    await first.save();
    const second = openCache(small);
    for (let i = 0; i < 5; i++) second.set('ns', `new${i}`, 'y'.repeat(40));
    await second.save();
    expect(fs.statSync(path.join(dir, 'ns.cache')).size).toBeLessThanOrEqual(400 + 80);
    const third = openCache(small);
    for (let i = 0; i < 5; i++) expect(third.get('ns', `new${i}`)).toBe('y'.repeat(40));
    expect([0, 1, 2, 3, 4].filter((i) => third.get('ns', `old${i}`) !== undefined).length).toBeLessThan(5);
  });

  it('maps unusual namespace names to safe file names', async () => {
    const c = openCache(base());
    c.set('../../etc/passwd', 'k', 1);
    await c.save();
    const files = fs.readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^ns-[0-9a-f]{16}\.cache$/);
    expect(openCache(base()).get('../../etc/passwd', 'k')).toBe(1);
  });

  it('does not write when nothing changed', async () => {
    await seed();
    const file = path.join(dir, 'ts-summary.cache');
    const before = fs.statSync(file).mtimeMs;
    fs.utimesSync(file, new Date(0), new Date(0));
    const c = openCache(base());
    c.get('ts-summary', contentHash('export const a = 1;'));
    await c.save();
    expect(fs.statSync(file).mtimeMs).toBe(0);
    expect(before).toBeGreaterThan(0);
  });
});
