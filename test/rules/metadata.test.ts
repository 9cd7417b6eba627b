import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/rules/registry.js';
import { IMPLEMENTED_RULE_IDS } from '../../src/rules/implemented.js';
import { PACKAGE_ROOT, RULES_DIR } from '../../src/util/paths.js';

const FAMILIES = ['flow', 'configuration', 'permission', 'inventory', 'audit', 'meta'];
const SEVERITIES = ['error', 'warning', 'info'];

function filesUnder(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) filesUnder(full, out);
    else out.push(full);
  }
  return out;
}

describe('rules/ metadata', () => {
  const registry = loadRules();

  it('has one YAML per rule, named after its id, in its family folder', () => {
    const seen = new Set<string>();
    for (const family of fs.readdirSync(RULES_DIR, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'catalog')) {
      expect(FAMILIES).toContain(family.name);
      for (const file of fs.readdirSync(path.join(RULES_DIR, family.name)).filter((f) => f.endsWith('.yaml'))) {
        const doc = YAML.parse(fs.readFileSync(path.join(RULES_DIR, family.name, file), 'utf8')) as Record<string, unknown>;
        expect(`${doc.id}.yaml`).toBe(file);
        expect(doc.family).toBe(family.name);
        expect(seen.has(doc.id as string)).toBe(false);
        seen.add(doc.id as string);
      }
    }
    expect(seen.size).toBe(registry.all.length);
  });

  it('documents every rule: severity, title, summary, why, fix, and a guideline or reference', () => {
    for (const r of registry.all) {
      expect(SEVERITIES, r.id).toContain(r.severity);
      expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      for (const field of ['title', 'summary', 'why', 'fix'] as const) expect(String(r[field] ?? '').trim().length, `${r.id}.${field}`).toBeGreaterThan(10);
      if (r.family !== 'meta') expect(r.guidelines.length + r.references.length, `${r.id} references`).toBeGreaterThan(0);
      for (const g of r.guidelines) expect(g.url, r.id).toMatch(/^https:\/\//);
    }
  });

  it('maps each sink category to exactly one flow rule', () => {
    const categories = new Map<string, string[]>();
    for (const r of registry.all) for (const c of r.sinkCategories) categories.set(c, [...(categories.get(c) ?? []), r.id]);
    for (const [c, ids] of categories) expect(ids, c).toHaveLength(1);
    expect([...categories.keys()].sort()).toEqual([
      'advertising', 'ai', 'analytics', 'apm', 'attribution', 'clipboard', 'crash', 'data-broker', 'engagement', 'icloud',
      'insecure-storage', 'log', 'marketing', 'network-first-party', 'network-third-party', 'session-replay',
    ]);
    for (const r of registry.all.filter((x) => x.family === 'flow')) expect(r.sinkCategories.length, r.id).toBeGreaterThan(0);
  });

  it('has code for every rule, and a rule for every piece of code', () => {
    const ids = registry.all.map((r) => r.id).sort();
    expect([...IMPLEMENTED_RULE_IDS].sort()).toEqual(ids);
  });

  it('has an annotated firing and non-firing fixture for every rule (audit rules: their log tests)', () => {
    const fixtureText = filesUnder(path.join(PACKAGE_ROOT, 'fixtures'))
      .filter((f) => !/\.(png|wasm|bin|jsonl)$/.test(f) && !f.includes(`${path.sep}node_modules${path.sep}`))
      .map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    // test/audit/rules.test.ts lists every id for the metadata check; it shows nothing firing.
    const auditTests = filesUnder(path.join(PACKAGE_ROOT, 'test', 'audit')).filter((f) => !f.endsWith('rules.test.ts'))
      .map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    for (const r of registry.all) {
      // Audit rules judge whole logs: they fire in the tamper and report tests, and the end-to-end test of a clean
      // log asserts that none of them fires.
      const fires = r.family === 'audit' ? auditTests.includes(`'${r.id}'`)
        : new RegExp(`ruleid:[ \\w,-]*\\b${r.id}\\b`).test(fixtureText);
      const quiet = r.family === 'audit' ? /findings\)\.toEqual\(\[\]\)/.test(auditTests)
        : new RegExp(`\\bok:[ \\w,-]*\\b${r.id}\\b`).test(fixtureText);
      expect({ id: r.id, fires, quiet }).toEqual({ id: r.id, fires: true, quiet: true });
    }
  });
});
