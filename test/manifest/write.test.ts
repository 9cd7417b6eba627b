import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'plist';
import { describe, expect, it } from 'vitest';
import { FITNESS, HEALTH } from '../../src/manifest/categories.js';
import { checkManifest, deriveManifest } from '../../src/manifest/derive.js';
import { PlistTextError, readDeclared, updateManifestText } from '../../src/manifest/write.js';
import { buildFixtureResult } from '../report/fixture-result.js';

const FIXTURES = path.resolve('fixtures/manifest');
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const derived = deriveManifest(buildFixtureResult().apps.find((a) => a.name === 'Pulse')!);

/** Leading whitespace of every indented line. */
function indents(text: string): Set<string> {
  return new Set(text.split(/\r?\n/).map((l) => /^[ \t]*/.exec(l)![0]).filter(Boolean).map((i) => (i.includes('\t') ? (/^\t+$/.test(i) ? 'tabs' : 'mixed') : `spaces`)));
}

describe('updateManifestText', () => {
  it('adds Health and Fitness to a tab-indented manifest, keeping every other key, comment and its order', () => {
    const before = read('tabs.xcprivacy');
    const { text, changed, changes } = updateManifestText(before, derived.entries);
    expect(changed).toBe(true);
    expect(changes).toEqual([`added ${HEALTH}`, `added ${FITNESS}`]);
    expect(indents(text)).toEqual(new Set(['tabs']));
    const doc = parse(text) as Record<string, any>;
    const old = parse(before) as Record<string, any>;
    expect(Object.keys(doc)).toEqual(Object.keys(old));
    expect(doc.NSPrivacyAccessedAPITypes).toEqual(old.NSPrivacyAccessedAPITypes);
    expect(doc.NSPrivacyCollectedDataTypes[0]).toEqual(old.NSPrivacyCollectedDataTypes[0]);
    expect(doc.NSPrivacyCollectedDataTypes.map((d: any) => d.NSPrivacyCollectedDataType)).toEqual(['NSPrivacyCollectedDataTypeCrashData', HEALTH, FITNESS]);
    expect(text).toContain('<!-- Crash data is collected by Sentry. -->');
    // Only additions: the original text survives line for line.
    const added = text.split('\n').filter((l) => !before.split('\n').includes(l));
    expect(before.split('\n').every((l) => text.includes(l))).toBe(true);
    expect(added.every((l) => /^\t\t/.test(l))).toBe(true);
    expect(checkManifest(derived, readDeclared(text))).toEqual([]);
  });

  it('adds the key to a two-space manifest with CRLF line endings in the same style', () => {
    const before = read('spaces-crlf.xcprivacy');
    const { text } = updateManifestText(before, derived.entries);
    expect(text.split('\r\n').length).toBe(text.split('\n').length);
    expect(indents(text)).toEqual(new Set(['spaces']));
    expect(text).toContain('\r\n  <key>NSPrivacyCollectedDataTypes</key>\r\n  <array>\r\n    <dict>\r\n      <key>NSPrivacyCollectedDataType</key>\r\n');
    const doc = parse(text) as Record<string, any>;
    expect(Object.keys(doc)).toEqual(['NSPrivacyAccessedAPITypes', 'NSPrivacyTracking', 'NSPrivacyCollectedDataTypes']);
    expect(checkManifest(derived, readDeclared(text))).toEqual([]);
  });

  it('corrects an existing Health entry in place: linked, tracking false, missing purposes', () => {
    const before = read('partial-health.xcprivacy');
    expect(checkManifest(derived, readDeclared(before)).length).toBeGreaterThan(0);
    const { text, changes } = updateManifestText(before, derived.entries);
    expect(changes).toEqual(expect.arrayContaining([
      'Health: set NSPrivacyCollectedDataTypeLinked to true', 'Health: set NSPrivacyCollectedDataTypeTracking to false', `added ${FITNESS}`,
    ]));
    const health = (parse(text) as any).NSPrivacyCollectedDataTypes.find((d: any) => d.NSPrivacyCollectedDataType === HEALTH);
    // Key order inside the entry is the team's (Purposes before Tracking), and their purpose stays first.
    expect(Object.keys(health)).toEqual(['NSPrivacyCollectedDataType', 'NSPrivacyCollectedDataTypeLinked', 'NSPrivacyCollectedDataTypePurposes', 'NSPrivacyCollectedDataTypeTracking']);
    expect(health.NSPrivacyCollectedDataTypePurposes[0]).toBe('NSPrivacyCollectedDataTypePurposeAnalytics');
    expect(health.NSPrivacyCollectedDataTypeTracking).toBe(false);
    expect(text).toContain('\n                <string>NSPrivacyCollectedDataTypePurposeOther</string>\n            </array>');
    expect(indents(text)).toEqual(new Set(['spaces']));
    expect(checkManifest(derived, readDeclared(text))).toEqual([]);
  });

  it('returns the same bytes when nothing needs to change', () => {
    const once = updateManifestText(read('tabs.xcprivacy'), derived.entries).text;
    const twice = updateManifestText(once, derived.entries);
    expect(twice.changed).toBe(false);
    expect(twice.changes).toEqual([]);
    expect(twice.text).toBe(once);
  });

  it('never downgrades a declared "linked"', () => {
    const notLinked = derived.entries.map((e) => ({ ...e, linked: false }));
    const { text } = updateManifestText(read('tabs.xcprivacy'), derived.entries);
    expect(updateManifestText(text, notLinked).changed).toBe(false);
  });

  it('creates a new tab-indented file with only the collected data types', () => {
    const { text, created, changed } = updateManifestText(undefined, derived.entries);
    expect(created && changed).toBe(true);
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist')).toBe(true);
    expect(Object.keys(parse(text) as object)).toEqual(['NSPrivacyCollectedDataTypes']);
    expect(indents(text)).toEqual(new Set(['tabs']));
    expect(updateManifestText(undefined, []).changed).toBe(false);
  });

  it('fills a self-closing root dict and an empty collected array', () => {
    const selfClosing = '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict/>\n</plist>\n';
    expect(readDeclared(updateManifestText(selfClosing, derived.entries).text)).toHaveLength(2);
    const empty = '<?xml version="1.0"?>\n<plist version="1.0">\n<dict>\n    <key>NSPrivacyCollectedDataTypes</key>\n    <array/>\n</dict>\n</plist>\n';
    const out = updateManifestText(empty, derived.entries).text;
    expect(out).toContain('\n    <array>\n        <dict>\n            <key>NSPrivacyCollectedDataType</key>');
    expect(checkManifest(derived, readDeclared(out))).toEqual([]);
  });

  it('keeps a byte-order mark and still reads the result', () => {
    const before = `\uFEFF${read('spaces-crlf.xcprivacy')}`;
    const { text } = updateManifestText(before, derived.entries);
    expect(text.startsWith('\uFEFF<?xml')).toBe(true);
    expect(checkManifest(derived, readDeclared(text))).toEqual([]);
  });

  it('refuses a binary plist and a manifest whose root is not a dict', () => {
    expect(() => updateManifestText('bplist00\u0000\u0001garbage', derived.entries)).toThrow(PlistTextError);
    expect(() => updateManifestText('<plist version="1.0"><array/></plist>', derived.entries)).toThrow(/root of a privacy manifest/);
    expect(() => updateManifestText('<plist version="1.0"><dict><key>NSPrivacyCollectedDataTypes</key><string>x</string></dict></plist>', derived.entries)).toThrow(/must be an <array>/);
  });
});
