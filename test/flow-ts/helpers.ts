import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { loadCatalog, type Catalog } from '../../src/rules/catalog.js';
import { loadRules, type RuleRegistry } from '../../src/rules/registry.js';
import { RULES_DIR } from '../../src/util/paths.js';
import { defaultConfig, type HkguardConfig } from '../../src/config/types.js';
import type { FrontEndInput } from '../../src/flow/types.js';
import type { Diagnostic } from '../../src/findings/types.js';
import type { AppWorkspace, FileReader } from '../../src/workspace/types.js';

const HERE = path.dirname(new URL(import.meta.url).pathname);
export const FIXTURES = path.resolve(HERE, '../../fixtures');

/** Flow rule ids per sink category (DESIGN.md), used while rules/flow/*.yaml has not landed on main. */
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
export const FLOW_RULE_IDS = Object.keys(FLOW_RULES);

let prepared: { catalog: Catalog; rules: RuleRegistry } | undefined;

/** The real catalogs and rules, completed with local test copies of the files other branches are still writing. */
export function testCatalog(): { catalog: Catalog; rules: RuleRegistry } {
  if (prepared) return prepared;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hkguard-tsflow-rules-'));
  fs.cpSync(RULES_DIR, dir, { recursive: true });
  const sdks = path.join(dir, 'catalog', 'sdks.yaml');
  if (!fs.existsSync(sdks)) fs.copyFileSync(path.join(HERE, 'sdks.local.yaml'), sdks);
  const flowDir = path.join(dir, 'flow');
  fs.mkdirSync(flowDir, { recursive: true });
  for (const [id, cats] of Object.entries(FLOW_RULES)) {
    const file = path.join(flowDir, `${id}.yaml`);
    if (!fs.existsSync(file)) fs.writeFileSync(file, YAML.stringify({ id, family: 'flow', severity: 'warning', title: id, summary: id, why: 'Why.', fix: 'Fix.', sinkCategories: cats }));
  }
  prepared = { catalog: loadCatalog(dir), rules: loadRules(dir) };
  return prepared;
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
