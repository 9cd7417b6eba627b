import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/findings/types.js';
import { extractConfigFacts } from '../../src/facts/index.js';
import { isTypeScriptLoaded } from '../../src/facts/static-eval.js';
import { loadCatalog } from '../../src/rules/catalog.js';
import { dirReader, fixtureBytes, FIXTURES, fixtureText, memoryReader } from './helpers.js';
import { workspace } from './workspace.js';

const catalog = loadCatalog(path.join(FIXTURES, 'catalog'));

const everyFile = {
  pbxproj: ['ios/App.xcodeproj/project.pbxproj'],
  infoPlists: ['ios/App/Info.plist'],
  entitlements: ['ios/App/App.entitlements'],
  privacyManifests: ['ios/App/PrivacyInfo.xcprivacy'],
  appJson: 'app.json',
  appConfig: 'app.config.ts',
  capacitorConfig: 'capacitor.config.json',
  cordovaConfigXml: 'config.xml',
  packageJson: 'package.json',
  lockfiles: ['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml'],
  podfileLock: 'ios/Podfile.lock',
  packageResolved: ['ios/App.xcworkspace/xcshareddata/swiftpm/Package.resolved'],
  cartfileResolved: 'Cartfile.resolved',
  fastlanePrivacyUrls: ['fastlane/metadata/en-US/privacy_url.txt'],
};

describe('robustness', () => {
  it('does not load the TypeScript parser for an app without app.config.ts or capacitor.config.ts', () => {
    extractConfigFacts(workspace('react-native', { pbxproj: ['ios/Pulse.xcodeproj/project.pbxproj'], infoPlists: ['ios/Pulse/Info.plist'] }), dirReader(path.join(FIXTURES, 'rn-bare')), catalog, []);
    extractConfigFacts(workspace('expo', { appJson: 'app.json' }), dirReader(path.join(FIXTURES, 'expo-managed')), catalog, []);
    expect(isTypeScriptLoaded()).toBe(false);
  });

  it('survives a reader that can read nothing (symlinks to nowhere, permissions)', () => {
    const diagnostics: Diagnostic[] = [];
    const facts = extractConfigFacts(workspace('expo', everyFile), memoryReader({}), catalog, diagnostics);
    // The reader records unreadable files itself; nothing else is wrong.
    expect(diagnostics).toEqual([]);
    expect(facts.infoPlist.size).toBe(0);
    expect(facts.sdks).toEqual([]);
    expect(facts.privacyPolicy).toBeUndefined();
  });

  it('survives garbage in every file: one diagnostic per file, each naming it, and no throw', () => {
    const garbage = Buffer.from('\u0000\u0001<<<{{{ "unterminated', 'utf8');
    const files = Object.fromEntries(
      Object.values(everyFile).flat().map((f) => [f, garbage]),
    ) as Record<string, Buffer>;
    const diagnostics: Diagnostic[] = [];
    const facts = extractConfigFacts(workspace('expo', everyFile), memoryReader(files), catalog, diagnostics);
    const named = new Set(diagnostics.map((d) => d.file));
    for (const f of ['ios/App.xcodeproj/project.pbxproj', 'app.json', 'app.config.ts', 'capacitor.config.json', 'config.xml', 'package.json',
      'package-lock.json', 'pnpm-lock.yaml', 'ios/Podfile.lock', 'ios/App.xcworkspace/xcshareddata/swiftpm/Package.resolved']) {
      expect(named, f).toContain(f);
    }
    expect(diagnostics.every((d) => d.message.length > 0 && !/could not extract/.test(d.message))).toBe(true);
    expect(facts.infoPlist.size).toBe(0);
  });

  it('keeps the keys of a truncated Info.plist and reports it', () => {
    const diagnostics: Diagnostic[] = [];
    const app = workspace('native-ios', { infoPlists: ['App/Info.plist'] });
    const facts = extractConfigFacts(app, memoryReader({ 'App/Info.plist': fixtureBytes('plist/Truncated.plist') }), catalog, diagnostics);
    expect([...facts.infoPlist.keys()]).toEqual(['CFBundleName', 'NSHealthShareUsageDescription']);
    expect(diagnostics).toEqual([expect.objectContaining({ file: 'App/Info.plist', line: 10 })]);
    expect(facts.infoPlistHome).toBe('App/Info.plist');
  });

  it('reads CRLF and BOM variants of every text format with the same facts', () => {
    const root = path.join(FIXTURES, 'rn-bare');
    const reader = dirReader(root);
    const crlf = {
      readText: (f: string) => { const t = reader.readText(f); return t === undefined ? undefined : '\uFEFF' + t.replace(/\n/g, '\r\n'); },
      readBytes: (f: string) => { const t = reader.readText(f); return t === undefined ? undefined : Buffer.from('\uFEFF' + t.replace(/\n/g, '\r\n')); },
    };
    const app = workspace('react-native', {
      pbxproj: ['ios/Pulse.xcodeproj/project.pbxproj'], infoPlists: ['ios/Pulse/Info.plist'], entitlements: ['ios/Pulse/Pulse.entitlements'],
      packageJson: 'package.json', podfileLock: 'ios/Podfile.lock', fastlanePrivacyUrls: ['fastlane/metadata/en-US/privacy_url.txt'],
    });
    const plain = extractConfigFacts(app, reader, catalog, []);
    const diagnostics: Diagnostic[] = [];
    const variant = extractConfigFacts(app, crlf, catalog, diagnostics);
    expect(diagnostics).toEqual([]);
    expect(variant).toEqual(plain);
  });

  it('is deterministic: the same input gives the same facts whatever the file order', () => {
    const files = { 'a/Info.plist': fixtureText('plist/Info.plist'), 'b/Info.plist': '<plist><dict/></plist>' };
    const one = extractConfigFacts(workspace('native-ios', { infoPlists: ['b/Info.plist', 'a/Info.plist'] }), memoryReader(files), catalog, []);
    const two = extractConfigFacts(workspace('native-ios', { infoPlists: ['a/Info.plist', 'b/Info.plist'] }), memoryReader(files), catalog, []);
    expect(one).toEqual(two);
    expect(one.infoPlistHome).toBe('a/Info.plist');
  });
});
