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
      // 'a+': appends always go to the end (O_APPEND) and the file can still be read to find its tail.
      handle = await fs.promises.open(path, 'a+');
      const { size } = await handle.stat();
      if (size === 0) return undefined;
      // One pass in 1 MB reads, counting lines and keeping the last two newline offsets: constant memory
      // however long the log has grown.
      const buf = Buffer.alloc(1 << 20);
      let newlines = 0;
      let lastNl = -1;
      let prevNl = -1;
      for (let pos = 0; pos < size;) {
        const { bytesRead } = await handle.read(buf, 0, Math.min(buf.length, size - pos), pos);
        if (bytesRead === 0) break;
        for (let i = buf.indexOf(0x0a, 0); i >= 0 && i < bytesRead; i = buf.indexOf(0x0a, i + 1)) {
          newlines++;
          prevNl = lastNl;
          lastNl = pos + i;
        }
        pos += bytesRead;
      }
      const tail: AuditStoreTail = {};
      if (lastNl !== size - 1) {
        tail.tornBytes = size - (lastNl + 1);
        tail.tornLine = newlines + 1;
        await handle.write('\n');
      }
      if (lastNl >= 0) {
        const line = Buffer.alloc(lastNl - (prevNl + 1));
        await handle.read(line, 0, line.length, prevNl + 1);
        tail.lastLine = line.toString('utf8');
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
