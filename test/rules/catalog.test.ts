import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesSource } from '../../src/rules/source.js';
import { HkguardError } from '../../src/errors/index.js';
import { loadCatalog } from '../../src/rules/catalog.js';
import { classifyHost } from '../../src/flow/core.js';

describe('the SDK catalog', () => {
  const catalog = loadCatalog();

  it('finds the SDK that owns a module specifier, a pod and a Swift module', () => {
    expect(catalog.sdkForModule('@react-native-firebase/analytics')?.id).toBe('firebase-analytics');
    expect(catalog.sdkForModule('mixpanel-react-native')?.vendor).toBe('Mixpanel');
    expect(catalog.sdkForModule('react-native-reanimated')).toBeUndefined();
    expect(catalog.sdkForPod('Google-Mobile-Ads-SDK')?.category).toBe('advertising');
    expect(catalog.sdkForSwiftModule('FirebaseAnalytics')?.id).toBe('firebase-analytics');
  });

  it('matches hosts exactly, by subdomain, and by *. patterns', () => {
    const wildcard = catalog.sdks.flatMap((s) => (s.hosts ?? []).filter((h) => h.startsWith('*.')).map((h) => [h, s.id] as const))[0];
    expect(wildcard).toBeDefined();
    const [pattern, id] = wildcard!;
    expect(catalog.sdkForHost(`o123${pattern.slice(1)}`)?.id).toBe(id);
    expect(catalog.sdkForHost(`${pattern.slice(2)}.attacker.example`)).toBeUndefined();
    expect(catalog.sdkForHost('api.openai.com')?.category).toBe('ai');
  });

  it('classifies hosts: SDK and AI hosts by the catalog, the app\'s own by firstPartyHosts, the rest as third party', () => {
    expect(classifyHost('api.openai.com', [], catalog)).toMatchObject({ category: 'ai' });
    expect(classifyHost('api.example.app', ['*.example.app'], catalog)).toEqual({ category: 'network-first-party' });
    expect(classifyHost('example.app', ['*.example.app'], catalog)).toEqual({ category: 'network-first-party' });
    expect(classifyHost('example.app.evil.io', ['*.example.app'], catalog)).toEqual({ category: 'network-third-party' });
    expect(classifyHost(undefined, ['*.example.app'], catalog)).toEqual({ category: 'network-third-party' });
  });
});

describe('a malformed rules/ file', () => {
  it('is a clear error naming the file, not an internal error', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hkguard-rules-'));
    fs.mkdirSync(path.join(dir, 'catalog'));
    fs.writeFileSync(path.join(dir, 'catalog', 'sdks.yaml'), 'sdks:\n  - id: x\n    source: a: b\n');
    const source = rulesSource(dir);
    expect(() => source.get('catalog/sdks.yaml')).toThrow(HkguardError);
    expect(() => source.get('catalog/sdks.yaml')).toThrow(/rules\/catalog\/sdks\.yaml: invalid YAML/);
  });
});
