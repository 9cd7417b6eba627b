import fs from 'node:fs';
import path from 'node:path';
import { defaultConfig, type HkguardConfig } from '../../src/config/types.js';
import type { Diagnostic } from '../../src/findings/types.js';
import { loadCatalog, type Catalog } from '../../src/rules/catalog.js';
import { loadRules, type RuleRegistry } from '../../src/rules/registry.js';
import type { FrontEndInput, SummaryCache } from '../../src/flow/types.js';
import type { AppWorkspace, FileReader } from '../../src/workspace/types.js';

export function testCatalog(): Catalog { return loadCatalog(); }
export function testRules(): RuleRegistry { return loadRules(); }

export function diskReader(root: string, diagnostics: Diagnostic[]): FileReader {
  return {
    readText(rel) {
      try { return fs.readFileSync(path.join(root, rel), 'utf8'); } catch (e) {
        diagnostics.push({ file: rel, severity: 'error', message: (e as Error).message });
        return undefined;
      }
    },
    readBytes(rel) {
      try { return fs.readFileSync(path.join(root, rel)); } catch { return undefined; }
    },
  };
}

export function memoryCache(): SummaryCache & { size(): number } {
  const m = new Map<string, unknown>();
  return {
    get: <T>(ns: string, key: string) => m.get(`${ns}|${key}`) as T | undefined,
    set: <T>(ns: string, key: string, value: T) => { m.set(`${ns}|${key}`, JSON.parse(JSON.stringify(value))); },
    size: () => m.size,
  };
}

export function swiftInput(root: string, files: string[], config: Partial<HkguardConfig> = {}, cache?: SummaryCache): FrontEndInput {
  const diagnostics: Diagnostic[] = [];
  const app: AppWorkspace = {
    name: 'fixture', kind: 'native-ios', path: '.',
    files: { js: [], swift: files.filter((f) => f.endsWith('.swift')), objc: files.filter((f) => /\.(m|h|mm)$/.test(f)), infoPlists: [], entitlements: [], privacyManifests: [], sdkPrivacyManifests: [], pbxproj: [], lockfiles: [], packageResolved: [], fastlanePrivacyUrls: [] },
  };
  return {
    root, app, files, read: diskReader(root, diagnostics), config: { ...defaultConfig(), ...config }, catalog: testCatalog(), diagnostics,
    ...(cache ? { cache } : {}),
  };
}
