import type { SourceLocation } from '../findings/types.js';
import { LineMap, stripBom } from './located.js';

export interface XmlElement {
  name: string;
  attrs: Map<string, string>;
  children: XmlElement[];
  /** Concatenated character data directly inside the element (entities decoded). */
  text: string;
  loc: SourceLocation;
  /** False when the document ended before this element was closed. */
  isClosed: boolean;
}

export interface XmlDocument {
  root?: XmlElement;
  /** First structural problem; the tree holds what was read before it. */
  error?: { message: string; line: number; column: number };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return safeCodePoint(parseInt(name.slice(2), 16)) ?? whole;
    if (name.startsWith('#')) return safeCodePoint(parseInt(name.slice(1), 10)) ?? whole;
    return ENTITIES[name] ?? whole;
  });
}

function safeCodePoint(n: number): string | undefined {
  return Number.isFinite(n) && n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : undefined;
}

/**
 * A small, position-aware XML reader for plists and Cordova's config.xml. It never throws: on a
 * malformed or truncated document it reports the first problem and keeps the elements read so far,
 * which is what lets extraction go on with a partial Info.plist.
 */
export function parseXml(file: string, input: string): XmlDocument {
  const text = stripBom(input);
  const lines = new LineMap(file, text);
  const stack: XmlElement[] = [];
  const starts = new Map<XmlElement, number>();
  let root: XmlElement | undefined;
  let i = 0;
  const fail = (message: string, at: number): XmlDocument => {
    const { line, column } = lines.position(Math.min(at, text.length));
    return { root, error: { message, line, column } };
  };

  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const textEnd = lt === -1 ? text.length : lt;
    if (textEnd > i && stack.length > 0) stack[stack.length - 1]!.text += decodeEntities(text.slice(i, textEnd));
    else if (textEnd > i && stack.length === 0 && text.slice(i, textEnd).trim() !== '') {
      return fail('text outside the root element', i);
    }
    if (lt === -1) break;
    i = lt;
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end === -1) return fail('unterminated comment (file truncated?)', i);
      i = end + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i + 9);
      if (end === -1) return fail('unterminated CDATA section (file truncated?)', i);
      if (stack.length > 0) stack[stack.length - 1]!.text += text.slice(i + 9, end);
      i = end + 3;
      continue;
    }
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end === -1) return fail('unterminated processing instruction', i);
      i = end + 2;
      continue;
    }
    if (text.startsWith('<!', i)) {
      const end = findDeclarationEnd(text, i + 2);
      if (end === -1) return fail('unterminated declaration', i);
      i = end + 1;
      continue;
    }
    const tagEnd = findTagEnd(text, i + 1);
    if (tagEnd === -1) return fail('unterminated tag (file truncated?)', i);
    const raw = text.slice(i + 1, tagEnd);
    if (raw.startsWith('/')) {
      const name = raw.slice(1).trim();
      const open = stack.pop();
      if (!open) return fail(`closing tag </${name}> without an opening tag`, i);
      if (open.name !== name) {
        stack.push(open);
        // The element left open is where the mistake is; the closing tag that exposed it comes later.
        const at = starts.get(open);
        return fail(`<${open.name}> is not closed (found </${name}> at line ${lines.position(i).line})`, at ?? i);
      }
      open.isClosed = true;
      const end = lines.position(tagEnd + 1);
      open.loc = { ...open.loc, endLine: end.line, endColumn: end.column };
      i = tagEnd + 1;
      continue;
    }
    const isSelfClosing = raw.endsWith('/');
    const body = isSelfClosing ? raw.slice(0, -1) : raw;
    const nameMatch = /^\s*([^\s/>]+)/.exec(body);
    if (!nameMatch) return fail('tag without a name', i);
    const element: XmlElement = {
      name: nameMatch[1]!,
      attrs: parseAttributes(body.slice(nameMatch[0].length)),
      children: [],
      text: '',
      loc: lines.loc(i, tagEnd + 1),
      isClosed: isSelfClosing,
    };
    if (stack.length > 0) stack[stack.length - 1]!.children.push(element);
    else if (root) return fail('more than one root element', i);
    else root = element;
    if (!isSelfClosing) {
      stack.push(element);
      starts.set(element, i);
    }
    i = tagEnd + 1;
  }
  if (!root) return fail('no root element (empty file?)', i);
  // Point at the element left open: that is where the truncation shows, not at the end of the file.
  if (stack.length > 0) return fail(`unexpected end of file: <${stack[stack.length - 1]!.name}> is not closed (file truncated?)`, starts.get(stack[stack.length - 1]!) ?? text.length);
  return { root };
}

function findTagEnd(text: string, from: number): number {
  let quote = '';
  for (let j = from; j < text.length; j++) {
    const c = text[j]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return j;
    else if (c === '<') return -1;
  }
  return -1;
}

/** `<!DOCTYPE plist PUBLIC "..." "...">`, possibly with an internal subset in brackets. */
function findDeclarationEnd(text: string, from: number): number {
  let depth = 0;
  for (let j = from; j < text.length; j++) {
    const c = text[j];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '>' && depth <= 0) return j;
  }
  return -1;
}

function parseAttributes(text: string): Map<string, string> {
  const attrs = new Map<string, string>();
  const re = /([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
  for (let m = re.exec(text); m; m = re.exec(text)) attrs.set(m[1]!, decodeEntities(m[3] ?? m[4] ?? ''));
  return attrs;
}
