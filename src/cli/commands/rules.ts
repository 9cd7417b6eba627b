import type { Command } from 'commander';
import { loadRules } from '../../rules/registry.js';
import { UsageError } from '../../errors/index.js';
import type { CliIO } from '../io.js';

export function registerRulesCommands(program: Command, io: CliIO): void {
  program
    .command('rules')
    .description('list every rule with its id, default severity, family and title')
    .option('--format <format>', 'table or json', 'table')
    .action((opts: { format: string }) => {
      const rules = loadRules().all;
      if (opts.format === 'json') {
        io.stdout(`${JSON.stringify(rules.map((r) => ({ id: r.id, severity: r.severity, family: r.family, title: r.title, inlineSuppressible: r.inlineSuppressible, guidelines: r.guidelines.map((g) => g.clause) })), null, 2)}\n`);
        return;
      }
      if (opts.format !== 'table') throw new UsageError(`unknown format "${opts.format}" for rules (expected table or json)`);
      const w = Math.max(...rules.map((r) => r.id.length));
      const lines = rules.map((r) => `${r.id.padEnd(w)}  ${r.severity.padEnd(7)}  ${r.family.padEnd(13)}  ${r.title}`);
      io.stdout(`${'id'.padEnd(w)}  severity  family         title\n${lines.join('\n')}\n`);
    });

  program
    .command('explain')
    .description('explain a rule: what it flags, why (with the App Store Review Guideline clause), and how to fix it')
    .argument('<rule-id>', 'the rule to explain (see `hkguard rules`)')
    .action((id: string) => {
      const registry = loadRules();
      const rule = registry.get(id);
      if (!rule) {
        const near = registry.all.filter((r) => r.id.includes(id) || id.includes(r.id.split('-').slice(0, 3).join('-'))).map((r) => r.id);
        throw new UsageError(`unknown rule "${id}"${near.length ? ` (did you mean ${near.slice(0, 3).join(', ')}?)` : ''}; \`hkguard rules\` lists them`);
      }
      const out = [
        `${rule.id} (${rule.severity}, ${rule.family})`,
        rule.title,
        '',
        `What it flags: ${rule.summary.trim()}`,
        '',
        `Why it matters: ${rule.why.trim()}`,
        '',
        `How to fix: ${rule.fix.trim()}`,
      ];
      if (rule.fixSwift) out.push('', `In Swift: ${rule.fixSwift.trim()}`);
      if (rule.guidelines.length) {
        out.push('', 'App Store Review Guidelines:');
        for (const g of rule.guidelines) out.push(`  ${g.clause}: ${g.text.trim()}`, `    ${g.url}`);
      }
      if (rule.references.length) {
        out.push('', 'References:');
        for (const r of rule.references) out.push(`  ${r.title}: ${r.url}`);
      }
      if (rule.examples?.bad) out.push('', 'Flagged:', indent(rule.examples.bad));
      if (rule.examples?.good) out.push('', 'Fixed:', indent(rule.examples.good));
      if (!rule.inlineSuppressible) out.push('', 'This rule cannot be suppressed inline: accept a finding through the baseline or .hkguard.yaml.');
      io.stdout(`${out.join('\n')}\n`);
    });
}

function indent(s: string): string {
  return s.trimEnd().split('\n').map((l) => `  ${l}`).join('\n');
}
