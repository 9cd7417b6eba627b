import type * as NodeFs from 'node:fs';
import type { AuditStore, AuditStoreTail } from './types.js';

/** An in-memory store, for tests and benchmarks. */
export interface MemoryStore extends AuditStore {
  /** The complete log text so far. */
  text(): string;
  /** The stored lines, without their '\n'. */
  lines(): string[];
  /** How many times sync() was called. */
  readonly syncs: number;
}

/** Keeps the log in memory. Pass `initial` to simulate resuming an existing log. */
export function memoryStore(initial = ''): MemoryStore {
  const chunks: string[] = initial ? [initial] : [];
  let syncs = 0;
  return {
    open() {
      const text = chunks.join('');
      const lines = text.split('\n');
      lines.pop();
      const lastLine = lines[lines.length - 1];
      return lastLine ? { lastLine } : undefined;
    },
    append(chunk) {
      chunks.push(chunk);
    },
    sync() {
      syncs++;
    },
    text: () => chunks.join(''),
    lines() {
      const l = chunks.join('').split('\n');
      l.pop();
      return l;
    },
    get syncs() {
      return syncs;
    },
  };
}

function nodeFs(): typeof NodeFs {
  // Resolved at run time so that bundlers for React Native never see a node:fs import.
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.('node:fs') as typeof NodeFs | undefined;
  if (!fs) throw new Error('fileStore needs Node.js 20.16 or later; in an app, implement AuditStore over your storage');
  return fs;
}

/**
 * Appends JSON Lines to a file (Node). `sync()` is fdatasync, so a resolved `flush()` survives a crash or
 * power loss. On open, a partial last line left by a crash is terminated with '\n' and reported to the log,
 * which records it in the new session's first entry; the partial line itself is kept as evidence.
 */
export function fileStore(path: string): AuditStore {
  let handle: NodeFs.promises.FileHandle | undefined;
  const fs = nodeFs();
  return {
    async open(): Promise<AuditStoreTail | undefined> {
      let existing: Buffer | undefined;
      try {
        existing = await fs.promises.readFile(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      handle = await fs.promises.open(path, 'a');
      if (!existing || existing.length === 0) return undefined;
      const tail: AuditStoreTail = {};
      let end = existing.length;
      if (existing[end - 1] !== 0x0a) {
        const lastNl = existing.lastIndexOf(0x0a);
        tail.tornBytes = end - (lastNl + 1);
        let lineNo = 1;
        for (let i = 0; i <= lastNl; i++) if (existing[i] === 0x0a) lineNo++;
        tail.tornLine = lineNo;
        await handle.write('\n');
        end = lastNl + 1;
      }
      if (end > 0) {
        const prevNl = existing.lastIndexOf(0x0a, end - 2);
        tail.lastLine = existing.subarray(prevNl + 1, end - 1).toString('utf8');
      }
      return tail;
    },
    async append(chunk) {
      if (!handle) handle = await fs.promises.open(path, 'a');
      const buf = Buffer.from(chunk, 'utf8');
      let off = 0;
      while (off < buf.length) {
        const { bytesWritten } = await handle.write(buf, off, buf.length - off);
        off += bytesWritten;
      }
    },
    async sync() {
      await handle?.datasync();
    },
    async close() {
      const h = handle;
      handle = undefined;
      await h?.close();
    },
  };
}
