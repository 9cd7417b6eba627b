import type { Finding, Severity } from '../findings/types.js';
import type { ScanResult } from '../scan/types.js';
import type { RuleMeta } from '../rules/registry.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.0', info: '2.0' };
const SRCROOT = 'SRCROOT';

function ruleHelp(rule: RuleMeta): { text: string; markdown: string } {
  const guideline = rule.guidelines.map((g) => `- App Store Review Guideline ${g.clause}: ${g.text} (${g.url})`).join('\n');
  const refs = rule.references.map((r) => `- [${r.title}](${r.url})`).join('\n');
  const markdown = [
    `**${rule.title}**`, '', rule.summary, '', '### Why it matters', rule.why, '', '### How to fix', rule.fix,
    rule.fixSwift ? `\nIn Swift: ${rule.fixSwift}` : '',
    guideline ? `\n### Guidelines\n${guideline}` : '', refs ? `\n### References\n${refs}` : '',
  ].join('\n').trim();
  const text = `${rule.summary}\n\nWhy: ${rule.why}\n\nFix: ${rule.fix}`;
  return { text, markdown };
}

function helpUri(rule: RuleMeta): string {
  return rule.guidelines[0]?.url ?? rule.references[0]?.url ?? 'https://developer.apple.com/documentation/healthkit/protecting-user-privacy';
}

function region(f: { line: number; column: number; endLine?: number; endColumn?: number }) {
  const endLine = Math.max(f.endLine ?? f.line, f.line);
  const endColumn = f.endColumn && (endLine > f.line || f.endColumn > f.column) ? f.endColumn : f.column + 1;
  return { startLine: f.line, startColumn: f.column, endLine, endColumn };
}

function physical(file: string, r: ReturnType<typeof region>) {
  return { artifactLocation: { uri: encodeURI(file), uriBaseId: SRCROOT }, region: r };
}

function result(f: Finding, ruleIndex: number) {
  const out: Record<string, unknown> = {
    ruleId: f.ruleId,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [{ physicalLocation: physical(f.location.file, region(f.location)) }],
    partialFingerprints: { 'hkguard/v1': f.fingerprint },
    properties: {
      healthTypes: f.healthTypes,
      status: f.status,
      ...(f.recipient ? { recipient: f.recipient } : {}),
      ...(f.guard ? { guard: f.guard } : {}),
    },
  };
  if (f.flow && f.flow.length > 0) {
    out.codeFlows = [{
      threadFlows: [{
        locations: f.flow.map((s, i) => ({
          location: { physicalLocation: physical(s.file, region(s)), message: { text: s.note } },
          nestingLevel: 0,
          executionOrder: i + 1,
          kinds: i === 0 ? ['taint', 'source'] : i === f.flow!.length - 1 ? ['taint', 'sink'] : ['taint'],
        })),
      }],
    }];
  }
  if (f.status === 'suppressed' || f.status === 'baselined') {
    out.suppressions = [{
      kind: f.status === 'suppressed' && f.suppression?.kind === 'inline' ? 'inSource' : 'external',
      status: 'accepted',
      justification: f.suppression?.reason ?? '',
    }];
  } else if (f.status === 'consented' || f.status === 'sanitized') {
    // A guarded flow is reported for the auditor but is not an alert to fix.
    out.suppressions = [{ kind: 'inSource', status: 'accepted', justification: `${f.status} by ${f.guard ?? 'a declared guard'}` }];
  }
  return out;
}

/** SARIF 2.1.0 for GitHub code scanning: rules with help, partialFingerprints, relative URIs, codeFlows. */
export function renderSarif(scan: ScanResult): string {
  const rules = scan.rules.all;
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'hkguard',
          version: scan.tool.version,
          semanticVersion: scan.tool.version,
          informationUri: 'https://developer.apple.com/documentation/healthkit/protecting-user-privacy',
          rules: rules.map((r) => ({
            id: r.id,
            name: r.id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
            shortDescription: { text: r.title },
            fullDescription: { text: r.summary },
            help: ruleHelp(r),
            helpUri: helpUri(r),
            defaultConfiguration: { level: LEVEL[r.severity], enabled: scan.config.rules[r.id] !== 'off' },
            properties: {
              tags: ['privacy', 'healthkit', r.family],
              'security-severity': SECURITY_SEVERITY[r.severity],
              ...(r.guidelines.length ? { guidelines: r.guidelines.map((g) => g.clause) } : {}),
            },
          })),
        },
      },
      originalUriBaseIds: { [SRCROOT]: { uri: `${encodeURI(scan.root.replace(/\\/g, '/').replace(/\/?$/, '/')).replace(/^(?!file:)/, 'file://')}` } },
      results: scan.findings.map((f) => result(f, index.get(f.ruleId) ?? -1)),
      invocations: [{
        executionSuccessful: true,
        toolExecutionNotifications: scan.diagnostics.map((d) => ({
          level: d.severity === 'error' ? 'error' : 'warning',
          message: { text: d.message },
          locations: [{ physicalLocation: physical(d.file, region({ line: d.line ?? 1, column: d.column ?? 1 })) }],
        })),
      }],
      columnKind: 'utf16CodeUnits',
      properties: { apps: scan.apps.map((a) => ({ name: a.name, kind: a.kind, path: a.path })), ...(scan.swiftGrammar ? { swiftGrammar: scan.swiftGrammar } : {}) },
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
