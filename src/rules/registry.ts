import { rulesSource } from './source.js';
import type { Severity } from '../findings/types.js';
import type { SinkCategory } from '../flow/types.js';
import { RULES_DIR } from '../util/paths.js';

export type RuleFamily = 'flow' | 'configuration' | 'permission' | 'inventory' | 'audit' | 'meta';

export interface GuidelineRef {
  clause: string;
  text: string;
  url: string;
}

/** A rule's metadata, from rules/<family>/<id>.yaml. */
export interface RuleMeta {
  id: string;
  family: RuleFamily;
  severity: Severity;
  title: string;
  summary: string;
  why: string;
  fix: string;
  /** The fix for Swift and Objective-C code, where `fix` shows TypeScript. */
  fixSwift?: string;
  guidelines: GuidelineRef[];
  references: Array<{ title: string; url: string }>;
  sinkCategories: SinkCategory[];
  inlineSuppressible: boolean;
  deprecated?: boolean;
  replacedBy?: string;
  examples?: { bad?: string; good?: string };
  /** Path of the YAML file relative to the package root. */
  file: string;
}

export interface RuleRegistry {
  all: RuleMeta[];
  get(id: string): RuleMeta | undefined;
  forSinkCategory(category: SinkCategory): RuleMeta | undefined;
}

const FAMILIES: RuleFamily[] = ['flow', 'configuration', 'permission', 'inventory', 'audit', 'meta'];
let cached: RuleRegistry | undefined;

export function loadRules(rulesDir = RULES_DIR): RuleRegistry {
  if (cached && rulesDir === RULES_DIR) return cached;
  const all: RuleMeta[] = [];
  const source = rulesSource(rulesDir);
  for (const family of FAMILIES) {
    for (const rel of source.list(family)) {
      const raw = source.get(rel) as Partial<RuleMeta> & Record<string, unknown>;
      all.push({
        ...(raw as RuleMeta),
        family: (raw.family as RuleFamily) ?? family,
        guidelines: raw.guidelines ?? [],
        references: raw.references ?? [],
        sinkCategories: raw.sinkCategories ?? [],
        inlineSuppressible: raw.inlineSuppressible !== false,
        file: `rules/${rel}`,
      });
    }
  }
  all.sort((a, b) => a.id.localeCompare(b.id));
  const byId = new Map(all.map((r) => [r.id, r]));
  const byCategory = new Map<string, RuleMeta>();
  for (const r of all) for (const c of r.sinkCategories) byCategory.set(c, r);
  const registry: RuleRegistry = {
    all,
    get: (id) => byId.get(id),
    forSinkCategory: (c) => byCategory.get(c),
  };
  if (rulesDir === RULES_DIR) cached = registry;
  return registry;
}
