import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/findings/types.js';
import { extractDependencies, readCartfileResolved, readPodfileLock } from '../../src/facts/dependencies.js';
import { parseJsonLocated } from '../../src/facts/json.js';
import { loadCatalog } from '../../src/rules/catalog.js';
import { dirReader, FIXTURES, fixtureText, memoryReader } from './helpers.js';
import { workspace } from './workspace.js';

const catalog = loadCatalog(path.join(FIXTURES, 'catalog'));
const packageJson = parseJsonLocated('package.json', fixtureText('deps/npm-v3/package.json'), [])!;

describe('extractDependencies: npm', () => {
  it.each([
    ['npm-v3', 'package-lock.json', '21.6.1', '3.0.8'],
    ['yarn-v1', 'yarn.lock', '21.2.0', '3.0.5'],
    ['yarn-berry', 'yarn.lock', '21.3.0', '3.0.6'],
    ['pnpm', 'pnpm-lock.yaml', '21.4.0', '3.0.7'],
  ])('%s: direct dependencies with locations, SDK versions from %s', (dir, lockfile, firebase, mixpanel) => {
    const diagnostics: Diagnostic[] = [];
    const app = workspace('react-native', { packageJson: 'package.json', lockfiles: [lockfile] });
    const facts = extractDependencies(app, dirReader(path.join(FIXTURES, 'deps', dir)), catalog, diagnostics, packageJson);
    expect(diagnostics).toEqual([]);
    expect([...facts.dependencies.keys()]).toEqual(['@react-native-firebase/analytics', 'react-native', 'mixpanel-react-native']);
    expect(facts.dependencyLocations.get('mixpanel-react-native')).toMatchObject({ file: 'package.json', line: 6, column: 5 });
    expect(facts.sdks.map((s) => [s.sdkId, s.via, s.viaKind, s.version, s.location.line])).toEqual([
      ['firebase-analytics', '@react-native-firebase/analytics', 'npm', firebase, 4],
      ['mixpanel', 'mixpanel-react-native', 'npm', mixpanel, 6],
    ]);
  });

  it('keeps the range when no lockfile resolves it, and ignores devDependencies', () => {
    const facts = extractDependencies(workspace('react-native', {}), memoryReader({}), catalog, [], packageJson);
    expect(facts.sdks.map((s) => s.version)).toEqual(['^21.0.0', '^3.0.0']);
    expect(facts.sdks.some((s) => s.sdkId === 'sentry')).toBe(false);
  });

  it('reports a broken lockfile and goes on', () => {
    const diagnostics: Diagnostic[] = [];
    const reader = memoryReader({ 'package-lock.json': '{ "packages": ', 'pnpm-lock.yaml': 'a: [' });
    const app = workspace('react-native', { lockfiles: ['package-lock.json', 'pnpm-lock.yaml'] });
    const facts = extractDependencies(app, reader, catalog, diagnostics, packageJson);
    expect(diagnostics.map((d) => d.file)).toEqual(['package-lock.json', 'pnpm-lock.yaml']);
    expect(facts.sdks).toHaveLength(2);
  });
});

describe('extractDependencies: native', () => {
  const diagnostics: Diagnostic[] = [];
  const app = workspace('native-ios', {
    podfileLock: 'Podfile.lock', packageResolved: ['Package.resolved', 'Package.v1.resolved'], cartfileResolved: 'Cartfile.resolved',
  });
  const facts = extractDependencies(app, dirReader(path.join(FIXTURES, 'deps/native')), catalog, diagnostics);

  it('finds pods, Swift packages (v1 and v2/v3) and Carthage frameworks with their lines', () => {
    expect(diagnostics).toEqual([]);
    expect(facts.sdks.map((s) => [s.sdkId, s.viaKind, s.via, s.version, s.location.file, s.location.line])).toEqual([
      ['firebase-analytics', 'cocoapods', 'FirebaseAnalytics', '11.4.0', 'Podfile.lock', 2],
      ['firebase-analytics', 'cocoapods', 'FirebaseAnalytics/AdIdSupport', '11.4.0', 'Podfile.lock', 4],
      ['google-mobile-ads', 'cocoapods', 'Google-Mobile-Ads-SDK', '11.10.0', 'Podfile.lock', 5],
      ['mixpanel', 'spm', 'mixpanel-swift', '4.3.0', 'Package.resolved', 5],
      ['sentry', 'spm', 'sentry-cocoa', '8.36.0', 'Package.v1.resolved', 5],
      ['mixpanel', 'carthage', 'mixpanel-swift', 'v4.2.0', 'Cartfile.resolved', 1],
    ]);
  });

  it('reads Podfile.lock with CRLF line endings and reports one without PODS', () => {
    const crlf = fixtureText('deps/native/Podfile.lock').replace(/\n/g, '\r\n');
    expect(readPodfileLock('Podfile.lock', crlf, []).map((p) => p.name)).toEqual(['FirebaseAnalytics', 'FirebaseAnalytics/AdIdSupport', 'Google-Mobile-Ads-SDK', 'React-Core']);
    const d: Diagnostic[] = [];
    expect(readPodfileLock('Podfile.lock', 'garbage: 1\n', d)).toEqual([]);
    expect(d).toHaveLength(1);
  });

  it('names Carthage binaries after their JSON spec', () => {
    expect(readCartfileResolved('C', fixtureText('deps/native/Cartfile.resolved'))[1]!.name).toBe('firebaseanalyticsbinary');
  });

  it('reports an invalid Package.resolved', () => {
    const d: Diagnostic[] = [];
    const broken = extractDependencies(workspace('native-ios', { packageResolved: ['P.resolved'] }), memoryReader({ 'P.resolved': '{"pins": [' }), catalog, d);
    expect(broken.sdks).toEqual([]);
    expect(d[0]).toMatchObject({ file: 'P.resolved', line: 1 });
  });
});
