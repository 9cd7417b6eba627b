import type { SourceLocation } from '../findings/types.js';

/**
 * A configuration value with where it was written. Plists, JSON files and statically evaluated
 * app.config.ts all produce this one tree, so the extractors that read it do not care about the format.
 */
export type LNode = LObject | LArray | LScalar | LUnknown;

export interface LObject { kind: 'object'; entries: LEntry[]; loc: SourceLocation }
export interface LArray { kind: 'array'; items: LNode[]; loc: SourceLocation }
export interface LScalar { kind: 'scalar'; value: string | number | boolean | null | Date | Buffer; loc: SourceLocation }
/** A value that could not be evaluated statically (never guessed). */
export interface LUnknown { kind: 'unknown'; loc: SourceLocation; text?: string }

export interface LEntry { key: string; keyLoc: SourceLocation; value: LNode }

/** Maps character offsets of a text to 1-based lines and columns. */
export class LineMap {
  private readonly starts: number[] = [0];
  constructor(readonly file: string, text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
  loc(start: number, end: number): SourceLocation {
    const s = this.position(start);
    const e = this.position(Math.max(start, end));
    return { file: this.file, line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
  }
}

export function fileStart(file: string): SourceLocation {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

/** The last entry wins, as in every format read here (JSON, plist dicts, object literals). */
export function entry(node: LNode | undefined, key: string): LEntry | undefined {
  if (node?.kind !== 'object') return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) if (node.entries[i]!.key === key) return node.entries[i];
  return undefined;
}

export function child(node: LNode | undefined, ...path: string[]): LNode | undefined {
  let cur = node;
  for (const key of path) cur = entry(cur, key)?.value;
  return cur;
}

export function stringOf(node: LNode | undefined): string | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

/** Plain JS value; unknown parts become undefined. */
export function toPlain(node: LNode | undefined): unknown {
  if (!node) return undefined;
  switch (node.kind) {
    case 'scalar': return node.value;
    case 'unknown': return undefined;
    case 'array': return node.items.map(toPlain);
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const e of node.entries) out[e.key] = toPlain(e.value);
      return out;
    }
  }
}

/** True when the node or anything under it could not be evaluated. */
export function hasUnknown(node: LNode | undefined): boolean {
  if (!node) return false;
  if (node.kind === 'unknown') return true;
  if (node.kind === 'array') return node.items.some(hasUnknown);
  if (node.kind === 'object') return node.entries.some((e) => hasUnknown(e.value));
  return false;
}

/** Wraps a plain value (from a parser without positions) with one location for the whole tree. */
export function fromPlain(value: unknown, loc: SourceLocation): LNode {
  if (Array.isArray(value)) return { kind: 'array', items: value.map((v) => fromPlain(v, loc)), loc };
  if (value instanceof Date || Buffer.isBuffer(value)) return { kind: 'scalar', value, loc };
  if (value !== null && typeof value === 'object') {
    return {
      kind: 'object',
      entries: Object.entries(value as Record<string, unknown>).map(([key, v]) => ({ key, keyLoc: loc, value: fromPlain(v, loc) })),
      loc,
    };
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return { kind: 'scalar', value, loc };
  }
  if (typeof value === 'bigint') return { kind: 'scalar', value: Number(value), loc };
  return { kind: 'unknown', loc };
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
}
