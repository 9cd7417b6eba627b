import { createHash } from 'node:crypto';
import type { RawFinding } from './types.js';
import type { FileReader } from '../workspace/types.js';

/** Whitespace-free text of a line: reformatting other lines, or this one's indentation, keeps the print. */
function lineText(read: FileReader, file: string, line: number, cache: Map<string, string[] | undefined>): string {
  if (!cache.has(file)) cache.set(file, read.readText(file)?.split(/\r?\n/));
  return (cache.get(file)?.[line - 1] ?? '').replace(/\s+/g, '');
}

/**
 * Stable fingerprints (baselines, SARIF partialFingerprints): rule, file, the text of the finding's line and,
 * for flows, the text of the source and sink lines — never line numbers, so an edit elsewhere in the file keeps
 * the print, while a change to the flow itself changes it. Identical keys in one file get an occurrence index
 * in line order.
 */
export function assignFingerprints(raw: RawFinding[], read: FileReader): string[] {
  const cache = new Map<string, string[] | undefined>();
  const keys = raw.map((f) => {
    const parts = [f.ruleId, f.location.file, lineText(read, f.location.file, f.location.line, cache), f.fingerprintHint ?? ''];
    if (f.flow && f.flow.length > 0) {
      const src = f.flow[0]!;
      parts.push(src.file, lineText(read, src.file, src.line, cache));
    }
    return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
  });
  // Occurrence index by position, so two identical findings keep distinct prints.
  const order = raw.map((f, i) => i).sort((a, b) =>
    raw[a]!.location.line - raw[b]!.location.line || raw[a]!.location.column - raw[b]!.location.column || a - b);
  const seen = new Map<string, number>();
  const out = new Array<string>(raw.length);
  for (const i of order) {
    const n = seen.get(keys[i]!) ?? 0;
    seen.set(keys[i]!, n + 1);
    out[i] = n === 0 ? keys[i]! : `${keys[i]}:${n}`;
  }
  return out;
}
