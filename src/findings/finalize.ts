import type { Finding, RawFinding, Severity } from './types.js';
import type { HkguardConfig } from '../config/types.js';
import type { RuleRegistry } from '../rules/registry.js';
import type { FileReader } from '../workspace/types.js';
import { assignFingerprints } from './fingerprint.js';

export function compareFindings(a: Finding, b: Finding): number {
  return a.location.file < b.location.file ? -1 : a.location.file > b.location.file ? 1
    : a.location.line - b.location.line || a.location.column - b.location.column ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
      (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0);
}

/** Applies severity overrides (dropping rules set to off), fingerprints, and sorts deterministically. */
export function finalizeFindings(raw: RawFinding[], rules: RuleRegistry, config: HkguardConfig, read: FileReader): Finding[] {
  const kept = raw.filter((f) => config.rules[f.ruleId] !== 'off');
  const prints = assignFingerprints(kept, read);
  const findings = kept.map((f, i): Finding => {
    const override = config.rules[f.ruleId];
    const severity: Severity = override && override !== 'off' ? override : f.severity ?? rules.get(f.ruleId)?.severity ?? 'warning';
    const finding: Finding = {
      ruleId: f.ruleId,
      severity,
      message: f.message,
      location: f.location,
      healthTypes: f.healthTypes ?? [],
      status: f.status ?? 'open',
      fingerprint: prints[i]!,
    };
    if (f.recipient) finding.recipient = f.recipient;
    if (f.flow) finding.flow = f.flow;
    if (f.guard) finding.guard = f.guard;
    if (f.app) finding.app = f.app;
    return finding;
  });
  return findings.sort(compareFindings);
}
