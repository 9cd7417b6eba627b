import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileReader } from '../../src/workspace/types.js';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/facts');

export function fixtureBytes(rel: string): Buffer {
  return fs.readFileSync(path.join(FIXTURES, rel));
}

export function fixtureText(rel: string): string {
  return fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
}

/** A reader over an in-memory tree; a path mapped to undefined behaves like an unreadable file. */
export function memoryReader(files: Record<string, string | Buffer | undefined>): FileReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    readText(rel) {
      reads.push(rel);
      const v = files[rel];
      return v === undefined ? undefined : Buffer.isBuffer(v) ? v.toString('utf8') : v;
    },
    readBytes(rel) {
      reads.push(rel);
      const v = files[rel];
      return v === undefined ? undefined : Buffer.isBuffer(v) ? v : Buffer.from(v, 'utf8');
    },
  };
}

/** A reader rooted at a fixture folder, like the workspace's. */
export function dirReader(root: string): FileReader {
  const abs = (rel: string): string => path.join(root, rel);
  return {
    readText(rel) {
      try { return fs.readFileSync(abs(rel), 'utf8'); } catch { return undefined; }
    },
    readBytes(rel) {
      try { return fs.readFileSync(abs(rel)); } catch { return undefined; }
    },
  };
}
