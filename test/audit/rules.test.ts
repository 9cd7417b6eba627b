import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { AuditFinding } from '../../src/audit/report.js';

const dir = join(import.meta.dirname, '../../rules/audit');
const IDS: Array<AuditFinding['ruleId']> = ['audit-chain-broken', 'audit-log-truncated', 'audit-write-without-provenance', 'audit-value-mismatch', 'audit-type-undeclared', 'audit-value-implausible'];

const SEVERITY: Record<string, string> = {
  'audit-chain-broken': 'error', 'audit-log-truncated': 'warning', 'audit-write-without-provenance': 'warning',
  'audit-value-mismatch': 'error', 'audit-type-undeclared': 'error', 'audit-value-implausible': 'warning',
};

describe('rules/audit metadata', () => {
  it('has one file per audit rule id the code emits, and no other', () => {
    expect(readdirSync(dir).sort()).toEqual(IDS.map((id) => `${id}.yaml`).sort());
  });
  it.each(IDS)('%s follows rules/README.md', (id) => {
    const rule = parse(readFileSync(join(dir, `${id}.yaml`), 'utf8')) as Record<string, unknown>;
    expect(rule.id).toBe(id);
    expect(rule.family).toBe('audit');
    // The default severity must be the one the code gives the finding.
    expect(rule.severity).toBe(SEVERITY[id]);
    for (const k of ['title', 'summary', 'why', 'fix']) expect(typeof rule[k] === 'string' && (rule[k] as string).length > 20, k).toBe(true);
    expect(Array.isArray(rule.guidelines) && (rule.guidelines as unknown[]).length > 0).toBe(true);
    expect(rule.inlineSuppressible).toBe(false);
  });
});
