import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import YAML from 'yaml';
import { PACKAGE_ROOT, RULES_DIR } from '../util/paths.js';
import { HkguardError } from '../errors/index.js';

/** A rules/ file hkguard cannot parse: named, with the YAML error, instead of an internal error. */
function parseYaml(rel: string, text: string): unknown {
  try {
    return YAML.parse(text);
  } catch (e) {
    throw new HkguardError(`rules/${rel}: invalid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** Where `npm run build` writes the parsed rules/ (scripts/bundle-rules.mjs). */
export const RULES_BUNDLE = path.join(PACKAGE_ROOT, 'dist', 'rules.bundle.json');

export interface RulesSource {
  /** Content hash of every YAML file under rules/ (names and bytes). */
  hash: string;
  /** Parsed YAML of a file under rules/ ("catalog/sdks.yaml"), or undefined when absent. */
  get(rel: string): unknown;
  /** YAML files directly in a folder of rules/, sorted. */
  list(dir: string): string[];
}

function yamlFiles(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...yamlFiles(path.join(dir, e.name), rel));
    else if (e.name.endsWith('.yaml')) out.push(rel);
  }
  return out;
}

const cache = new Map<string, RulesSource>();

/**
 * The rules/ folder, parsed. YAML is the source of truth; the build's JSON bundle is only a faster way to read
 * it, used when its hash equals the hash of the YAML files as they are now (parsing them all costs about half a
 * second, which a pre-commit run cannot spare). An edited catalog is therefore always honoured.
 */
export function rulesSource(rulesDir = RULES_DIR): RulesSource {
  const hit = cache.get(rulesDir);
  if (hit) return hit;
  const files = yamlFiles(rulesDir);
  const texts = new Map(files.map((f) => [f, fs.readFileSync(path.join(rulesDir, f))]));
  const h = createHash('sha256');
  for (const [f, t] of texts) h.update(f).update('\0').update(t).update('\0');
  const hash = h.digest('hex').slice(0, 16);
  let parsed: Record<string, unknown> | undefined;
  if (rulesDir === RULES_DIR) {
    try {
      const bundle = JSON.parse(fs.readFileSync(RULES_BUNDLE, 'utf8')) as { hash: string; files: Record<string, unknown> };
      if (bundle.hash === hash) parsed = bundle.files;
    } catch {
      // No bundle (running from src/ before a build): parse the YAML.
    }
  }
  const memo = new Map<string, unknown>();
  const source: RulesSource = {
    hash,
    get(rel) {
      if (parsed) return parsed[rel];
      if (!memo.has(rel)) {
        const t = texts.get(rel);
        memo.set(rel, t === undefined ? undefined : parseYaml(rel, t.toString('utf8')));
      }
      return memo.get(rel);
    },
    list: (dir) => files.filter((f) => f.startsWith(`${dir}/`) && !f.slice(dir.length + 1).includes('/')),
  };
  cache.set(rulesDir, source);
  return source;
}

/** The bundle the build writes: every YAML file parsed, with the hash it was made from. */
export function buildRulesBundle(rulesDir = RULES_DIR): { hash: string; files: Record<string, unknown> } {
  const src = rulesSource(rulesDir);
  const files: Record<string, unknown> = {};
  for (const f of yamlFiles(rulesDir)) files[f] = parseYaml(f, fs.readFileSync(path.join(rulesDir, f), 'utf8'));
  return { hash: src.hash, files };
}
