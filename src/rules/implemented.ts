import { ALL_CHECKS } from './all.js';
import { loadRules } from './registry.js';

/** Ids emitted by code: the checks, the flow rules (through their sink categories), and the pipeline's own. */
export const IMPLEMENTED_RULE_IDS: ReadonlySet<string> = new Set([
  ...ALL_CHECKS.flatMap((c) => c.ids),
  ...loadRules().all.filter((r) => r.sinkCategories.length > 0).map((r) => r.id),
  'parse-error',
]);
