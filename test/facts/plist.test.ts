import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/findings/types.js';
import { child, entry, toPlain } from '../../src/facts/located.js';
import { parsePlist } from '../../src/facts/plist.js';
import { fixtureBytes, fixtureText } from './helpers.js';

describe('parsePlist (XML)', () => {
  it('reads every value type with the position of each key', () => {
    const diagnostics: Diagnostic[] = [];
    const { root, isBinary } = parsePlist('ios/App/Info.plist', fixtureBytes('plist/Info.plist'), diagnostics);
    expect(diagnostics).toEqual([]);
    expect(isBinary).toBe(false);
    const plain = toPlain(root) as Record<string, unknown>;
    expect(plain.NSHealthShareUsageDescription).toBe('Reads your heart rate & steps to chart <trends>');
    expect(plain.UIBackgroundModes).toEqual(['bluetooth-central', 'processing']);
    expect(plain.Count).toBe(42);
    expect(plain.Ratio).toBe(1.5);
    expect(plain.Enabled).toBe(true);
    expect(plain.Empty).toBe('');
    expect(plain.Nested).toEqual({ Inner: false });
    expect((plain.Blob as Buffer).toString()).toBe('hello');
    expect((plain.When as Date).toISOString()).toBe('2024-05-01T00:00:00.000Z');
    expect(plain.Cdata).toBe('a < b');
    expect(plain.NotAKey).toBeUndefined();
    const key = entry(root, 'NSHealthShareUsageDescription')!;
    expect(key.keyLoc).toEqual({ file: 'ios/App/Info.plist', line: 8, column: 2, endLine: 8, endColumn: 42 });
    const modes = child(root, 'UIBackgroundModes');
    expect(modes?.kind === 'array' && modes.items.map((n) => n.loc.line)).toEqual([12, 13]);
  });

  it('keeps the same lines and columns with CRLF line endings and a BOM', () => {
    const crlf = '\uFEFF' + fixtureText('plist/Info.plist').replace(/\n/g, '\r\n');
    const diagnostics: Diagnostic[] = [];
    const { root } = parsePlist('Info.plist', Buffer.from(crlf, 'utf8'), diagnostics);
    expect(diagnostics).toEqual([]);
    expect(entry(root, 'NSHealthShareUsageDescription')!.keyLoc.line).toBe(8);
    expect(entry(root, 'NSHealthShareUsageDescription')!.keyLoc.column).toBe(2);
    expect(toPlain(child(root, 'UIBackgroundModes'))).toEqual(['bluetooth-central', 'processing']);
  });

  it('keeps the keys read before a truncation and names the fault', () => {
    const diagnostics: Diagnostic[] = [];
    const { root } = parsePlist('Truncated.plist', fixtureBytes('plist/Truncated.plist'), diagnostics);
    expect(Object.keys(toPlain(root) as object)).toEqual(['CFBundleName', 'NSHealthShareUsageDescription']);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ file: 'Truncated.plist', line: 10, severity: 'warning' });
    expect(diagnostics[0]!.message).toMatch(/truncated/);
  });

  it('stops at a mismatched tag and keeps what came before', () => {
    const diagnostics: Diagnostic[] = [];
    const { root } = parsePlist('Mismatched.plist', fixtureBytes('plist/Mismatched.plist'), diagnostics);
    expect(toPlain(root)).toEqual({ NSHealthShareUsageDescription: 'Reads steps' });
    expect(diagnostics[0]).toMatchObject({ line: 7 });
    expect(diagnostics[0]!.message).toMatch(/<string> is not closed \(found <\/array> at line 7\)/);
  });

  it('reports an empty file and a file that is not a plist', () => {
    const diagnostics: Diagnostic[] = [];
    expect(parsePlist('Empty.plist', Buffer.alloc(0), diagnostics).root).toBeUndefined();
    expect(parsePlist('Json.plist', '{"a": 1}', diagnostics).root).toBeUndefined();
    expect(parsePlist('Html.plist', '<html></html>', diagnostics).root).toBeUndefined();
    expect(diagnostics.map((d) => d.file)).toEqual(['Empty.plist', 'Json.plist', 'Html.plist']);
    expect(diagnostics[0]!.message).toMatch(/empty/);
  });
});

describe('parsePlist (binary)', () => {
  it('reads a binary plist written by plistlib, located at line 1', () => {
    const diagnostics: Diagnostic[] = [];
    const { root, isBinary } = parsePlist('Binary.plist', fixtureBytes('plist/Binary.plist'), diagnostics);
    expect(diagnostics).toEqual([]);
    expect(isBinary).toBe(true);
    expect(toPlain(root)).toEqual({
      NSHealthShareUsageDescription: 'Reads steps',
      UIBackgroundModes: ['bluetooth-central'],
      'com.apple.developer.healthkit': true,
    });
    expect(entry(root, 'UIBackgroundModes')!.keyLoc).toMatchObject({ file: 'Binary.plist', line: 1, column: 1 });
  });

  it('reports a corrupt binary plist without throwing', () => {
    const diagnostics: Diagnostic[] = [];
    expect(parsePlist('Broken.plist', fixtureBytes('plist/BrokenBinary.plist'), diagnostics).root).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.message).toMatch(/binary property list/);
  });
});
