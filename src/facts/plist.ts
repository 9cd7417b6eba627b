import { parseBuffer } from 'bplist-parser';
import type { Diagnostic } from '../findings/types.js';
import { fileStart, fromPlain, type LEntry, type LNode } from './located.js';
import { parseXml, type XmlElement } from './xml.js';

export interface ParsedPlist {
  /** The root value (usually a dict); undefined when nothing could be read. */
  root?: LNode;
  isBinary: boolean;
}

const BPLIST_MAGIC = 'bplist00';

/**
 * Reads an XML or binary property list (Info.plist, .entitlements, PrivacyInfo.xcprivacy).
 * XML plists keep the 1-based position of every key and value; binary plists have none, so every
 * value points at line 1. Malformed input yields a diagnostic and whatever was read before the fault.
 */
export function parsePlist(file: string, input: Buffer | string, diagnostics: Diagnostic[]): ParsedPlist {
  if (Buffer.isBuffer(input) && input.subarray(0, 8).toString('latin1') === BPLIST_MAGIC) {
    return { root: parseBinary(file, input, diagnostics), isBinary: true };
  }
  const text = Buffer.isBuffer(input) ? decodeText(input) : input;
  if (!text.trimStart().startsWith('<')) {
    const what = text.trim() === '' ? 'the file is empty' : 'it is neither an XML nor a binary property list';
    diagnostics.push({ file, message: `cannot read property list: ${what}`, line: 1, column: 1, severity: 'warning' });
    return { isBinary: false };
  }
  const doc = parseXml(file, text);
  if (doc.error) {
    diagnostics.push({
      file,
      message: `malformed XML property list: ${doc.error.message}; values read before line ${doc.error.line} are kept`,
      line: doc.error.line,
      column: doc.error.column,
      severity: 'warning',
    });
  }
  if (!doc.root) return { isBinary: false };
  if (doc.root.name !== 'plist') {
    diagnostics.push({ file, message: `not a property list: root element is <${doc.root.name}>`, line: doc.root.loc.line, column: doc.root.loc.column, severity: 'warning' });
    return { isBinary: false };
  }
  const first = doc.root.children[0];
  return { root: first ? plistElementToNode(first, file, diagnostics) : undefined, isBinary: false };
}

function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  return bytes.toString('utf8');
}

function parseBinary(file: string, bytes: Buffer, diagnostics: Diagnostic[]): LNode | undefined {
  try {
    const [root] = parseBuffer(bytes);
    return fromPlain(root, fileStart(file));
  } catch (err) {
    diagnostics.push({ file, message: `malformed binary property list: ${(err as Error).message}`, line: 1, column: 1, severity: 'warning' });
    return undefined;
  }
}

/** Unclosed (truncated) scalars are dropped: their text may be cut short. */
export function plistElementToNode(el: XmlElement, file: string, diagnostics: Diagnostic[]): LNode | undefined {
  const loc = el.loc;
  switch (el.name) {
    case 'dict': {
      const entries: LEntry[] = [];
      const kids = el.children;
      for (let k = 0; k < kids.length; k++) {
        const keyEl = kids[k]!;
        if (keyEl.name !== 'key') {
          diagnostics.push({ file, message: `expected <key> in <dict> but found <${keyEl.name}>`, line: keyEl.loc.line, column: keyEl.loc.column, severity: 'warning' });
          continue;
        }
        const valueEl = kids[k + 1];
        if (!valueEl || valueEl.name === 'key') {
          if (keyEl.isClosed && el.isClosed) {
            diagnostics.push({ file, message: `key ${keyEl.text} has no value`, line: keyEl.loc.line, column: keyEl.loc.column, severity: 'warning' });
          }
          continue;
        }
        k++;
        if (!keyEl.isClosed) continue;
        const value = plistElementToNode(valueEl, file, diagnostics);
        if (value) entries.push({ key: keyEl.text, keyLoc: keyEl.loc, value });
      }
      return { kind: 'object', entries, loc };
    }
    case 'array': {
      const items: LNode[] = [];
      for (const kid of el.children) {
        const item = plistElementToNode(kid, file, diagnostics);
        if (item) items.push(item);
      }
      return { kind: 'array', items, loc };
    }
    case 'true':
    case 'false':
      return { kind: 'scalar', value: el.name === 'true', loc };
  }
  if (!el.isClosed) return undefined;
  switch (el.name) {
    case 'string':
      return { kind: 'scalar', value: el.text, loc };
    case 'integer': {
      const n = Number(el.text.trim());
      return Number.isFinite(n) ? { kind: 'scalar', value: n, loc } : badValue(el, file, diagnostics);
    }
    case 'real': {
      const n = Number.parseFloat(el.text.trim());
      return Number.isNaN(n) ? badValue(el, file, diagnostics) : { kind: 'scalar', value: n, loc };
    }
    case 'date': {
      const d = new Date(el.text.trim());
      return Number.isNaN(d.getTime()) ? badValue(el, file, diagnostics) : { kind: 'scalar', value: d, loc };
    }
    case 'data':
      return { kind: 'scalar', value: Buffer.from(el.text.replace(/\s+/g, ''), 'base64'), loc };
    default:
      diagnostics.push({ file, message: `unknown property-list element <${el.name}>`, line: loc.line, column: loc.column, severity: 'warning' });
      return { kind: 'unknown', loc };
  }
}

function badValue(el: XmlElement, file: string, diagnostics: Diagnostic[]): LNode {
  diagnostics.push({ file, message: `invalid <${el.name}> value "${el.text.trim()}"`, line: el.loc.line, column: el.loc.column, severity: 'warning' });
  return { kind: 'unknown', loc: el.loc };
}
