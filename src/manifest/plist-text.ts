/**
 * A position-keeping reader for XML property lists. The `plist` package parses values but forgets where they
 * were; editing a privacy manifest in place (keeping its indentation, key order and comments) needs offsets.
 */

export interface XmlElement {
  name: string;
  /** Offset of '<' of the start tag. */
  start: number;
  /** Offset just past the start tag ('>' + 1). */
  openEnd: number;
  /** Offset of '<' of the end tag (equals openEnd for a self-closing element). */
  closeStart: number;
  /** Offset just past the element. */
  end: number;
  selfClosing: boolean;
  children: XmlElement[];
}

const TOKEN = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<!\[CDATA\[[\s\S]*?\]\]>|<(\/?)([A-Za-z_][\w.:-]*)[^>]*?(\/?)>/g;

export class PlistTextError extends Error {}

/** The `<plist>` element's tree. Throws PlistTextError on unbalanced tags. */
export function parseXmlTree(text: string): XmlElement {
  const root: XmlElement = { name: '#document', start: 0, openEnd: 0, closeStart: text.length, end: text.length, selfClosing: false, children: [] };
  const stack: XmlElement[] = [root];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    const name = m[2];
    if (!name) continue;
    const top = stack[stack.length - 1]!;
    if (m[1] === '/') {
      if (top.name !== name) throw new PlistTextError(`unexpected </${name}> at offset ${m.index} (open: <${top.name}>)`);
      top.closeStart = m.index;
      top.end = m.index + m[0].length;
      stack.pop();
      continue;
    }
    const el: XmlElement = { name, start: m.index, openEnd: m.index + m[0].length, closeStart: m.index + m[0].length, end: m.index + m[0].length, selfClosing: m[3] === '/', children: [] };
    top.children.push(el);
    if (!el.selfClosing) stack.push(el);
  }
  if (stack.length > 1) throw new PlistTextError(`<${stack[stack.length - 1]!.name}> is never closed`);
  const plist = root.children.find((c) => c.name === 'plist');
  if (!plist) throw new PlistTextError('no <plist> element (is it a binary plist? convert it with `plutil -convert xml1`)');
  return plist;
}

export function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    switch (e) {
      case 'lt': return '<';
      case 'gt': return '>';
      case 'amp': return '&';
      case 'quot': return '"';
      case 'apos': return "'";
      default: return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    }
  });
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function innerText(text: string, el: XmlElement): string {
  return el.selfClosing ? '' : unescapeXml(text.slice(el.openEnd, el.closeStart));
}

/** A dict's entries as (key element, value element) pairs. */
export function dictEntries(text: string, dict: XmlElement): Array<{ key: string; keyEl: XmlElement; value: XmlElement | undefined }> {
  const out: Array<{ key: string; keyEl: XmlElement; value: XmlElement | undefined }> = [];
  const kids = dict.children;
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i]!;
    if (k.name !== 'key') continue;
    const v = kids[i + 1];
    out.push({ key: innerText(text, k).trim(), keyEl: k, value: v && v.name !== 'key' ? v : undefined });
  }
  return out;
}

export interface TextStyle {
  /** One level of indentation: "\t", "  ", "    ". */
  unit: string;
  eol: string;
}

/** The file's indentation unit (tabs when any line is tab-indented) and line ending. */
export function detectStyle(text: string): TextStyle {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indents = text.split(/\r?\n/).map((l) => /^[ \t]*/.exec(l)![0]).filter((i) => i.length > 0);
  if (indents.length === 0 || indents.some((i) => i.startsWith('\t'))) return { unit: '\t', eol };
  const min = Math.min(...indents.map((i) => i.length));
  return { unit: ' '.repeat(min), eol };
}

/** Leading whitespace of the line holding `offset`, when the element is the first thing on its line. */
export function lineIndent(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(before) ? before : undefined;
}

export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

export type PlainValue = string | boolean | string[];

/** Serializes a value for a given indentation (the value's own line indent), in the file's style. */
export function renderValue(value: PlainValue, indent: string, style: TextStyle): string {
  if (typeof value === 'boolean') return value ? '<true/>' : '<false/>';
  if (typeof value === 'string') return `<string>${escapeXml(value)}</string>`;
  if (value.length === 0) return '<array/>';
  return ['<array>', ...value.map((v) => `${indent}${style.unit}<string>${escapeXml(v)}</string>`), `${indent}</array>`].join(style.eol);
}

export function renderDict(entries: Array<[string, PlainValue]>, indent: string, style: TextStyle): string {
  const inner = indent + style.unit;
  return ['<dict>', ...entries.flatMap(([k, v]) => [`${inner}<key>${escapeXml(k)}</key>`, `${inner}${renderValue(v, inner, style)}`]), `${indent}</dict>`].join(style.eol);
}

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/**
 * An edit that inserts `lines` (already indented, without trailing EOL) as the last children of `container`,
 * keeping the closing tag on its own line at its indentation.
 */
export function insertBeforeClose(text: string, container: XmlElement, lines: string, style: TextStyle, containerIndent: string): TextEdit {
  const closeIndent = lineIndent(text, container.closeStart);
  if (closeIndent !== undefined) {
    const at = lineStartOf(text, container.closeStart);
    return { start: at, end: at, text: `${lines}${style.eol}` };
  }
  // The close tag shares its line with content ("<array></array>"): break the line before it.
  return { start: container.closeStart, end: container.closeStart, text: `${style.eol}${lines}${style.eol}${containerIndent}` };
}
