import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../findings/types.js';
import type { FileReader } from './types.js';

/** Reads root-relative files once, strips a BOM, and turns read failures into diagnostics. */
export function createFileReader(root: string, diagnostics: Diagnostic[], contents?: ReadonlyMap<string, string>): FileReader & { filesRead(): number } {
  const text = new Map<string, string | undefined>();
  const bytes = new Map<string, Buffer | undefined>();
  const failed = new Set<string>();
  const readBytes = (rel: string): Buffer | undefined => {
    if (bytes.has(rel)) return bytes.get(rel);
    let value: Buffer | undefined;
    const given = contents?.get(path.join(root, rel));
    if (given !== undefined) {
      value = Buffer.from(given, 'utf8');
      bytes.set(rel, value);
      return value;
    }
    try {
      value = fs.readFileSync(path.join(root, rel));
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (!failed.has(rel)) {
        failed.add(rel);
        const why = err.code === 'ENOENT' ? 'the file does not exist (a broken symbolic link?)'
          : err.code === 'EACCES' ? 'permission denied'
          : err.code === 'EISDIR' ? 'it is a directory' : `cannot be read (${err.code ?? err.message})`;
        diagnostics.push({ file: rel, message: `cannot read the file: ${why}`, severity: 'warning' });
      }
    }
    bytes.set(rel, value);
    return value;
  };
  return {
    readBytes,
    readText(rel) {
      if (text.has(rel)) return text.get(rel);
      const buf = readBytes(rel);
      const value = buf === undefined ? undefined : buf.toString('utf8').replace(/^\uFEFF/, '');
      text.set(rel, value);
      return value;
    },
    filesRead: () => bytes.size,
  };
}
