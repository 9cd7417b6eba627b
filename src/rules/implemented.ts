import { ALL_CHECKS } from './all.js';
import { loadRules } from './registry.js';
import type { AuditFinding } from '../audit/report.js';
import { MISSING_REASON_RULE, UNUSED_SUPPRESSION_RULE } from '../findings/suppressions.js';

// Listing every audit rule id here is checked by the compiler against the ids the audit code can emit.
const AUDIT_RULES: Record<AuditFinding['ruleId'], true> = {
  'audit-chain-broken': true, 'audit-log-truncated': true, 'audit-write-without-provenance': true,
  'audit-value-mismatch': true, 'audit-type-undeclared': true, 'audit-value-implausible': true,
};

/** Ids emitted by code: the checks, the flow rules (through their sink categories), and the pipeline's own. */
export const IMPLEMENTED_RULE_IDS: ReadonlySet<string> = new Set([
  ...ALL_CHECKS.flatMap((c) => c.ids),
  ...loadRules().all.filter((r) => r.sinkCategories.length > 0).map((r) => r.id),
  'parse-error',
  MISSING_REASON_RULE,
  UNUSED_SUPPRESSION_RULE,
  ...Object.keys(AUDIT_RULES),
]);
