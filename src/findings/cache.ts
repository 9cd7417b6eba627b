/**
 * The persistent summary cache (SummaryCache in src/flow/types.ts). Front ends key entries on the file's
 * content hash; this store mixes in everything else a summary depends on — hkguard's version, the rules/
 * catalog, the configuration and any further "global" hash (the scanned app's package.json) — and drops the
 * whole store when one of them changes, so it never serves a result computed under other rules.
 *
 * One file per namespace (`<namespace>.cache`), loaded on first use:
 *   line 1: {"format":1,"key":"<global key>","run":N}
 *   then one line per entry: <key as JSON> TAB <run last written> TAB <value length> TAB <value as JSON>
 * Values stay as text until read, so loading is a split, not a parse of every summary. A file with another
 * key, a broken header or a line that does not add up is ignored (entry by entry where possible): a broken
 * cache costs a re-analysis, never a crash and never a wrong answer.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { SummaryCache } from '../flow/types.js';

const FORMAT = 1;
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

export interface CacheOptions {
  /** The cache folder (the CLI passes `node_modules/.cache/hkguard` under the scan root, or config.cacheDir). */
  dir: string;
  hkguardVersion: string;
  /** Catalog.hash: every YAML file under rules/. */
  catalogHash: string;
  /** hashValue(config) of the effective configuration. */
  configHash: string;
  /** Further hashes whose change invalidates everything: the scanned apps' package.json, ... Order does not matter. */
  globalHashes?: string[];
  /** Upper bound of each namespace file; the least recently written entries go first. */
  maxBytes?: number;
}

export interface CacheStats {
  hits: number;
  misses: number;
  /** Entries or files found broken and ignored. */
  corrupt: number;
  /** Namespace files that could not be written (the scan goes on without them). */
  writeErrors: number;
}

export type PersistentCache = SummaryCache & {
  /** Writes the namespaces that changed; never throws (a read-only disk just means no cache next time). */
  save(): Promise<void>;
  stats(): CacheStats;
};

interface Entry {
  json: string;
  run: number;
}

interface Namespace {
  entries: Map<string, Entry>;
  isDirty: boolean;
}

/** sha256 hex of a text or bytes: the content key front ends use. */
export function contentHash(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** A stable hash of a JSON-like value (object keys sorted), for the configuration hash. */
export function hashValue(value: unknown): string {
  return contentHash(stableStringify(value));
}

function stableStringify(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`).join(',')}}`;
}

function namespaceFile(dir: string, namespace: string): string {
  const safe = /^[a-z0-9][a-z0-9._-]{0,63}$/i.test(namespace) ? namespace : `ns-${contentHash(namespace).slice(0, 16)}`;
  return path.join(dir, `${safe}.cache`);
}

export function openCache(options: CacheOptions): PersistentCache {
  const { dir } = options;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const globalKey = hashValue({
    format: FORMAT,
    version: options.hkguardVersion,
    catalog: options.catalogHash,
    config: options.configHash,
    globals: [...(options.globalHashes ?? [])].sort(),
  });
  const counters: CacheStats = { hits: 0, misses: 0, corrupt: 0, writeErrors: 0 };
  const namespaces = new Map<string, Namespace>();
  let run = 1;

  const load = (namespace: string): Namespace => {
    const existing = namespaces.get(namespace);
    if (existing) return existing;
    const ns: Namespace = { entries: new Map(), isDirty: false };
    namespaces.set(namespace, ns);
    let text: string;
    try {
      text = fs.readFileSync(namespaceFile(dir, namespace), 'utf8');
    } catch {
      return ns;
    }
    const lines = text.split('\n');
    let header: { format?: unknown; key?: unknown; run?: unknown } | undefined;
    try {
      header = JSON.parse(lines[0] ?? '') as typeof header;
    } catch {
      header = undefined;
    }
    if (!header || header.format !== FORMAT || typeof header.run !== 'number') {
      counters.corrupt++;
      return ns;
    }
    // Another configuration, catalog or version wrote it: start empty, the next save replaces it.
    if (header.key !== globalKey) return ns;
    run = Math.max(run, header.run + 1);
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      if (line === '') continue;
      const t1 = line.indexOf('\t');
      const t2 = line.indexOf('\t', t1 + 1);
      const t3 = line.indexOf('\t', t2 + 1);
      if (t1 < 0 || t2 < 0 || t3 < 0) { counters.corrupt++; continue; }
      const json = line.slice(t3 + 1);
      const entryRun = Number(line.slice(t1 + 1, t2));
      if (Number(line.slice(t2 + 1, t3)) !== json.length || !Number.isInteger(entryRun)) { counters.corrupt++; continue; }
      let key: unknown;
      try {
        key = JSON.parse(line.slice(0, t1));
      } catch {
        counters.corrupt++;
        continue;
      }
      if (typeof key !== 'string') { counters.corrupt++; continue; }
      ns.entries.set(key, { json, run: entryRun });
    }
    return ns;
  };

  const serialize = (ns: Namespace): string => {
    let entries = [...ns.entries];
    let total = entries.reduce((n, [k, e]) => n + k.length + e.json.length + 16, 0);
    if (total > maxBytes) {
      // Most recently written first; ties by key keep the output deterministic.
      entries.sort(([ka, a], [kb, b]) => b.run - a.run || (ka < kb ? -1 : ka > kb ? 1 : 0));
      const kept: Array<[string, Entry]> = [];
      total = 0;
      for (const [k, e] of entries) {
        const size = k.length + e.json.length + 16;
        if (total + size > maxBytes) continue;
        total += size;
        kept.push([k, e]);
      }
      entries = kept;
      ns.entries = new Map(kept);
    }
    const out = [JSON.stringify({ format: FORMAT, key: globalKey, run })];
    for (const [k, e] of entries) out.push(`${JSON.stringify(k)}\t${e.run}\t${e.json.length}\t${e.json}`);
    return `${out.join('\n')}\n`;
  };

  return {
    get<T>(namespace: string, key: string): T | undefined {
      const ns = load(namespace);
      const entry = ns.entries.get(key);
      if (!entry) {
        counters.misses++;
        return undefined;
      }
      try {
        const value = JSON.parse(entry.json) as T;
        counters.hits++;
        return value;
      } catch {
        counters.corrupt++;
        counters.misses++;
        ns.entries.delete(key);
        ns.isDirty = true;
        return undefined;
      }
    },
    set<T>(namespace: string, key: string, value: T): void {
      const json = JSON.stringify(value);
      // undefined (or a function) has no JSON form; storing it would read back as a broken entry.
      if (json === undefined) return;
      const ns = load(namespace);
      ns.entries.set(key, { json, run });
      ns.isDirty = true;
    },
    async save(): Promise<void> {
      const dirty = [...namespaces].filter(([, ns]) => ns.isDirty).sort(([a], [b]) => (a < b ? -1 : 1));
      if (dirty.length === 0) return;
      try {
        await fsp.mkdir(dir, { recursive: true });
      } catch {
        counters.writeErrors += dirty.length;
        return;
      }
      for (const [name, ns] of dirty) {
        const file = namespaceFile(dir, name);
        const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
        try {
          await fsp.writeFile(tmp, serialize(ns), 'utf8');
          await fsp.rename(tmp, file);
          ns.isDirty = false;
        } catch {
          counters.writeErrors++;
          await fsp.rm(tmp, { force: true }).catch(() => undefined);
        }
      }
    },
    stats: () => ({ ...counters }),
  };
}
