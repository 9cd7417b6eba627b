import type { RawFinding } from '../findings/types.js';
import type { HkguardConfig } from '../config/types.js';
import type { AppConfigFacts } from '../facts/types.js';
import type { CodeUsage, TaintFlow } from '../flow/types.js';
import type { AppWorkspace, FileReader } from '../workspace/types.js';
import type { Catalog } from './catalog.js';
import type { RuleRegistry } from './registry.js';

/** Everything the rules know about one app. */
export interface AppAnalysis {
  app: AppWorkspace;
  facts: AppConfigFacts;
  usage: CodeUsage;
  flows: TaintFlow[];
}

export interface RuleContext {
  root: string;
  config: HkguardConfig;
  catalog: Catalog;
  rules: RuleRegistry;
  read: FileReader;
}

/** A pure check: facts and flows in, findings out. One check may serve a family of related rule ids. */
export interface RuleCheck {
  ids: string[];
  check(app: AppAnalysis, ctx: RuleContext): RawFinding[];
}
