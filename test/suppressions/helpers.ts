import fs from 'node:fs';
import path from 'node:path';
import type { Finding, FlowStep, Severity } from '../../src/findings/types.js';
import type { RuleMeta, RuleRegistry } from '../../src/rules/registry.js';
import type { FileReader } from '../../src/workspace/types.js';

export function fakeRegistry(defs: Array<[id: string, severity: Severity, inlineSuppressible?: boolean, family?: RuleMeta['family']]>): RuleRegistry {
  const all: RuleMeta[] = defs.map(([id, severity, inline = true, family = 'flow']) => ({
    id, family, severity, title: id, summary: '', why: '', fix: '', guidelines: [], references: [],
    sinkCategories: [], inlineSuppressible: inline, file: `rules/${family}/${id}.yaml`,
  }));
  const byId = new Map(all.map((r) => [r.id, r]));
  return { all, get: (id) => byId.get(id), forSinkCategory: () => undefined };
}

export const REGISTRY = fakeRegistry([
  ['health-data-to-log', 'warning'],
  ['health-data-to-analytics', 'error'],
  ['health-data-to-advertising', 'error', false],
  ['health-data-to-data-broker', 'error', false],
  ['health-data-to-clipboard', 'warning'],
  ['health-data-to-icloud', 'error'],
  ['healthkit-entitlement-unused', 'warning', true, 'configuration'],
  ['background-delivery-entitlement-missing', 'error', true, 'configuration'],
  ['privacy-policy-missing', 'warning', true, 'configuration'],
  ['suppression-missing-reason', 'warning', false, 'meta'],
  ['unused-suppression', 'warning', false, 'meta'],
]);

export function finding(ruleId: string, file: string, line: number, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId, severity: 'warning', message: `${ruleId} at ${file}:${line}`,
    location: { file, line, column: 5, endLine: line, endColumn: 20 },
    healthTypes: [], status: 'open', fingerprint: `${ruleId}:${file}:${line}`, ...extra,
  };
}

export function flowStep(file: string, line: number, note = ''): FlowStep {
  return { file, line, column: 1, note };
}

/** A FileReader over a folder that records what was read. */
export function dirReader(root: string): FileReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    readText(rel) {
      reads.push(rel);
      try { return fs.readFileSync(path.join(root, rel), 'utf8'); } catch { return undefined; }
    },
    readBytes(rel) {
      try { return fs.readFileSync(path.join(root, rel)); } catch { return undefined; }
    },
  };
}

export function memReader(files: Record<string, string>): FileReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    readText(rel) { reads.push(rel); return files[rel]; },
    readBytes(rel) { return files[rel] === undefined ? undefined : Buffer.from(files[rel]!); },
  };
}
