import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/findings/types.js';
import { parseJsonLocated } from '../../src/facts/json.js';
import { entry, toPlain } from '../../src/facts/located.js';

describe('parseJsonLocated', () => {
  it('parses like JSON.parse and keeps key positions', () => {
    const text = '{\n  "expo": {\n    "name": "Pulse \\u00e9\\n",\n    "n": [1, -2.5e3, true, false, null]\n  }\n}\n';
    const diagnostics: Diagnostic[] = [];
    const root = parseJsonLocated('app.json', text, diagnostics);
    expect(toPlain(root)).toEqual(JSON.parse(text));
    expect(entry(entry(root, 'expo')!.value, 'n')!.keyLoc).toMatchObject({ line: 4, column: 5 });
    expect(diagnostics).toEqual([]);
  });

  it('accepts a BOM and CRLF line endings without shifting positions', () => {
    const root = parseJsonLocated('app.json', '\uFEFF{\r\n  "a": 1,\r\n  "b": 2\r\n}', []);
    expect(entry(root, 'b')!.keyLoc).toMatchObject({ line: 3, column: 3 });
  });

  it.each([
    ['{"a": 1,}', 1, 9, /property name/],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, /expected "," or "}"/],
    ['{"a": "open', 1, 7, /unterminated string/],
    ['{"a": 1} x', 1, 10, /after the JSON value/],
    ['', 1, 1, /end of file/],
  ])('reports %j at its line and column', (text, line, column, message) => {
    const diagnostics: Diagnostic[] = [];
    expect(parseJsonLocated('app.json', text, diagnostics)).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ file: 'app.json', line, column });
    expect(diagnostics[0]!.message).toMatch(message);
  });
});
