import { createHash } from 'node:crypto';
import type { RawFinding } from './types.js';
import type { FileReader } from '../workspace/types.js';

interface Span {
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

/**
 * What a formatter may change without changing the code: whitespace, quote style, semicolons and trailing
 * commas (Prettier, swift-format). Removing them keeps a print when a call is reflowed onto several lines.
 */
export function normalizeCode(text: string): string {
  return text.replace(/\s+/g, '').replace(/["'`]/g, "'").replace(/;/g, '').replace(/,(?=[)\]}>])/g, '');
}

/**
 * The code a finding points at: the located span (the sink call, the source call) when it has one, else its
 * whole line. Using the span, not the line, keeps the print when the call is reflowed or the line around it
 * (an assignment's left side) is edited; line numbers never enter it.
 */
function spanText(read: FileReader, file: string, at: Span, cache: Map<string, string[] | undefined>): string {
  if (!cache.has(file)) cache.set(file, read.readText(file)?.split(/\r\n|\r|\n/));
  const lines = cache.get(file);
  if (!lines) return '';
  const first = lines[at.line - 1] ?? '';
  const endLine = at.endLine ?? at.line;
  const hasSpan = at.column !== undefined && at.endColumn !== undefined && endLine >= at.line &&
    (endLine > at.line || at.endColumn > at.column) && endLine - at.line < 200;
  if (!hasSpan) return normalizeCode(first);
  let text: string;
  if (endLine === at.line) {
    text = first.slice(at.column! - 1, at.endColumn! - 1);
  } else {
    const middle = lines.slice(at.line, endLine - 1);
    text = [first.slice(at.column! - 1), ...middle, (lines[endLine - 1] ?? '').slice(0, at.endColumn! - 1)].join('\n');
  }
  const normalized = normalizeCode(text);
  return normalized.length > 0 ? normalized : normalizeCode(first);
}

/**
 * Stable fingerprints (baselines, SARIF partialFingerprints): rule, file, the normalized code at the finding and,
 * for flows, the file and code of the source — never line numbers, so edits and reformatting elsewhere keep
 * the print, while a change to the flow itself (another source, another sink, other data passed to it) changes
 * it. Identical keys in one file get an occurrence index in position order.
 */
export function assignFingerprints(raw: RawFinding[], read: FileReader): string[] {
  const cache = new Map<string, string[] | undefined>();
  // Many flows share a sink or a source: normalize each span once.
  const spans = new Map<string, string>();
  const code = (file: string, at: Span): string => {
    const key = `${file}\u0000${at.line}:${at.column}:${at.endLine}:${at.endColumn}`;
    let text = spans.get(key);
    if (text === undefined) {
      text = spanText(read, file, at, cache);
      spans.set(key, text);
    }
    return text;
  };
  const keys = raw.map((f) => {
    const parts = [f.ruleId, f.location.file, code(f.location.file, f.location), f.fingerprintHint ?? ''];
    if (f.flow && f.flow.length > 0) {
      const src = f.flow[0]!;
      parts.push(src.file, code(src.file, src));
    }
    for (const step of f.fingerprintSteps ?? []) parts.push(step.file, code(step.file, step));
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
