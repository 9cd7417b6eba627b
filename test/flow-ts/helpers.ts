import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { loadCatalog, type Catalog } from '../../src/rules/catalog.js';
import { loadRules, type RuleRegistry } from '../../src/rules/registry.js';
import { defaultConfig, type HkguardConfig } from '../../src/config/types.js';
import type { FrontEndInput } from '../../src/flow/types.js';
import type { Diagnostic } from '../../src/findings/types.js';
import type { AppWorkspace, FileReader } from '../../src/workspace/types.js';

const HERE = path.dirname(new URL(import.meta.url).pathname);
export const FIXTURES = path.resolve(HERE, '../../fixtures');

/** The flow rules (rules/flow/*.yaml). */
export const FLOW_RULE_IDS = loadRules().all.filter((r) => r.family === 'flow').map((r) => r.id);

/** The package's real catalogs and rule registry. */
export function testCatalog(): { catalog: Catalog; rules: RuleRegistry } {
  return { catalog: loadCatalog(), rules: loadRules() };
}

export function listSources(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) { if (e.name !== 'node_modules') walk(full); }
      else if (/\.(tsx?|jsx?|mjs|cjs)$/.test(e.name)) out.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

export function reader(root: string, diagnostics: Diagnostic[]): FileReader {
  return {
    readText(rel) {
      try { return fs.readFileSync(path.join(root, rel), 'utf8'); } catch (e) { diagnostics.push({ file: rel, message: String(e), severity: 'error' }); return undefined; }
    },
    readBytes(rel) {
      try { return fs.readFileSync(path.join(root, rel)); } catch { return undefined; }
    },
  };
}

export function loadFixtureConfig(root: string): HkguardConfig {
  const config = defaultConfig();
  const file = path.join(root, '.hkguard.yaml');
  if (!fs.existsSync(file)) return config;
  const raw = YAML.parse(fs.readFileSync(file, 'utf8')) as Partial<HkguardConfig>;
  return { ...config, ...raw, file };
}

export function frontEndInput(root: string, opts: { files?: string[]; config?: HkguardConfig; changedFiles?: Set<string>; packageJson?: string } = {}): FrontEndInput {
  const diagnostics: Diagnostic[] = [];
  const files = opts.files ?? listSources(root);
  const app: AppWorkspace = {
    name: path.basename(root), kind: 'react-native', path: '.',
    files: {
      js: files, swift: [], objc: [], infoPlists: [], entitlements: [], privacyManifests: [], sdkPrivacyManifests: [], pbxproj: [],
      lockfiles: [], packageResolved: [], fastlanePrivacyUrls: [],
      packageJson: opts.packageJson ?? (fs.existsSync(path.join(root, 'package.json')) ? 'package.json' : undefined),
    },
  };
  return {
    root, app, files, read: reader(root, diagnostics), config: opts.config ?? loadFixtureConfig(root),
    catalog: testCatalog().catalog, diagnostics, changedFiles: opts.changedFiles,
  };
}
