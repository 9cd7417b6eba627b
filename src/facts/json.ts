import type { Diagnostic } from '../findings/types.js';
import { LineMap, stripBom, type LEntry, type LNode } from './located.js';

class JsonError extends Error {
  constructor(message: string, readonly offset: number) { super(message); }
}

/**
 * Strict JSON that keeps the position of every key and value (JSON.parse keeps none).
 * Invalid JSON yields a diagnostic with the line and column of the fault, and undefined.
 */
export function parseJsonLocated(file: string, input: string, diagnostics: Diagnostic[]): LNode | undefined {
  const text = stripBom(input);
  const lines = new LineMap(file, text);
  let i = 0;

  const ws = (): void => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const describe = (): string => (i >= text.length ? 'unexpected end of file' : `unexpected character ${JSON.stringify(text[i])}`);

  const parseString = (): string => {
    const start = i;
    i++;
    let out = '';
    let chunk = i;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        out += text.slice(chunk, i);
        i++;
        return out;
      }
      if (c === '\\') {
        out += text.slice(chunk, i);
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && simple[e] !== undefined) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else throw new JsonError('invalid escape in string', i);
        chunk = i;
        continue;
      }
      if (c === '\n') throw new JsonError('unterminated string', start);
      i++;
    }
    throw new JsonError('unterminated string', start);
  };

  const parseValue = (): LNode => {
    ws();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      const entries: LEntry[] = [];
      ws();
      if (text[i] === '}') {
        i++;
        return { kind: 'object', entries, loc: lines.loc(start, i) };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') throw new JsonError(`expected a property name: ${describe()}`, i);
        const keyStart = i;
        const key = parseString();
        const keyLoc = lines.loc(keyStart, i);
        ws();
        if (text[i] !== ':') throw new JsonError(`expected ":" after "${key}": ${describe()}`, i);
        i++;
        entries.push({ key, keyLoc, value: parseValue() });
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; break; }
        throw new JsonError(`expected "," or "}": ${describe()}`, i);
      }
      return { kind: 'object', entries, loc: lines.loc(start, i) };
    }
    if (c === '[') {
      i++;
      const items: LNode[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { kind: 'array', items, loc: lines.loc(start, i) };
      }
      for (;;) {
        items.push(parseValue());
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; break; }
        throw new JsonError(`expected "," or "]": ${describe()}`, i);
      }
      return { kind: 'array', items, loc: lines.loc(start, i) };
    }
    if (c === '"') {
      const value = parseString();
      return { kind: 'scalar', value, loc: lines.loc(start, i) };
    }
    const lit = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!lit) throw new JsonError(describe(), i);
    i += lit[0].length;
    const word = lit[0];
    const value = word === 'true' ? true : word === 'false' ? false : word === 'null' ? null : Number(word);
    return { kind: 'scalar', value, loc: lines.loc(start, i) };
  };

  try {
    const root = parseValue();
    ws();
    if (i < text.length) throw new JsonError(`unexpected content after the JSON value: ${describe()}`, i);
    return root;
  } catch (err) {
    const offset = err instanceof JsonError ? err.offset : i;
    const { line, column } = lines.position(Math.min(offset, text.length));
    diagnostics.push({ file, message: `invalid JSON: ${(err as Error).message}`, line, column, severity: 'warning' });
    return undefined;
  }
}
