import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultConfig, type HkguardConfig } from '../../src/config/types.js';
import type { Diagnostic } from '../../src/findings/types.js';
import { loadCatalog, type Catalog } from '../../src/rules/catalog.js';
import { loadRules, type RuleRegistry } from '../../src/rules/registry.js';
import type { FrontEndInput, SummaryCache } from '../../src/flow/types.js';
import type { AppWorkspace, FileReader } from '../../src/workspace/types.js';
import { PACKAGE_ROOT } from '../../src/util/paths.js';

const FLOW_RULES: Record<string, string[]> = {
  'health-data-to-advertising': ['advertising', 'attribution'],
  'health-data-to-analytics': ['analytics', 'marketing', 'engagement'],
  'health-data-to-data-broker': ['data-broker'],
  'health-data-to-diagnostics': ['crash', 'apm', 'session-replay'],
  'health-data-to-ai-service': ['ai'],
  'health-data-to-third-party-network': ['network-third-party'],
  'health-data-to-first-party-network': ['network-first-party'],
  'health-data-to-log': ['log'],
  'health-data-to-insecure-storage': ['insecure-storage'],
  'health-data-to-icloud': ['icloud'],
  'health-data-to-clipboard': ['clipboard'],
};

let dir: string | undefined;

/**
 * A rules folder for the tests: the package's own catalogs and flow rules when it has them (after the
 * `rules` branch is merged), else this branch's Swift catalogs plus stand-ins in the real format.
 */
export function testRulesDir(): string {
  if (dir) return dir;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hkguard-swift-rules-'));
  const real = path.join(PACKAGE_ROOT, 'rules');
  fs.cpSync(real, dir, { recursive: true });
  if (!fs.existsSync(path.join(dir, 'catalog', 'sdks.yaml'))) {
    fs.copyFileSync(path.join(import.meta.dirname, 'catalog', 'sdks.yaml'), path.join(dir, 'catalog', 'sdks.yaml'));
  }
  fs.mkdirSync(path.join(dir, 'flow'), { recursive: true });
  for (const [id, cats] of Object.entries(FLOW_RULES)) {
    const f = path.join(dir, 'flow', `${id}.yaml`);
    if (!fs.existsSync(f)) fs.writeFileSync(f, `id: ${id}\nfamily: flow\nseverity: warning\ntitle: ${id}\nsummary: s.\nwhy: w.\nfix: f.\nsinkCategories: [${cats.join(', ')}]\n`);
  }
  return dir;
}

export function testCatalog(): Catalog { return loadCatalog(testRulesDir()); }
export function testRules(): RuleRegistry { return loadRules(testRulesDir()); }

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
