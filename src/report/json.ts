import type { Finding } from '../findings/types.js';
import type { ScanResult } from '../scan/types.js';

/** Counts of open findings per severity (only open findings count toward the exit code). */
export function countOpen(findings: Finding[]): { errors: number; warnings: number; infos: number } {
  const c = { errors: 0, warnings: 0, infos: 0 };
  for (const f of findings) {
    if (f.status !== 'open') continue;
    if (f.severity === 'error') c.errors++;
    else if (f.severity === 'warning') c.warnings++;
    else c.infos++;
  }
  return c;
}

/** The JSON contract of DESIGN.md (schemaVersion 1); keys in contract order. */
export function toJsonReport(result: ScanResult) {
  return {
    schemaVersion: 1 as const,
    tool: result.swiftGrammar ? { ...result.tool, swiftGrammar: result.swiftGrammar } : result.tool,
    apps: result.apps.map((a) => ({ name: a.name, kind: a.kind, path: a.path })),
    findings: result.findings.map((f) => {
      const out: Record<string, unknown> = {
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        location: f.location,
        healthTypes: f.healthTypes,
      };
      if (f.recipient) out.recipient = f.recipient;
      if (f.flow) out.flow = f.flow.map((s) => ({ file: s.file, line: s.line, column: s.column, note: s.note }));
      out.status = f.status;
      if (f.suppression) out.suppression = f.suppression;
      out.fingerprint = f.fingerprint;
      if (f.guard) out.guard = f.guard;
      if (f.app) out.app = f.app;
      return out;
    }),
    diagnostics: result.diagnostics,
    summary: { ...countOpen(result.findings), files: result.files, durationMs: result.durationMs },
  };
}

export function renderJson(result: ScanResult): string {
  return `${JSON.stringify(toJsonReport(result), null, 2)}\n`;
}
