/** The one finding type that flows from the rules to every reporter (see DESIGN.md, "The JSON report"). */

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';
export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** 1-based lines and columns; `file` is relative to the scan root with "/" separators. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface FlowStep {
  file: string;
  line: number;
  column: number;
  /** A short label: "HealthKit read: getHeartRateSamples", "assigned to bpm", "argument 2 of track()". */
  note: string;
  endLine?: number;
  endColumn?: number;
}

export type RecipientKind = 'sdk' | 'network' | 'log' | 'storage' | 'icloud' | 'clipboard' | 'ai';

export interface Recipient {
  kind: RecipientKind;
  vendor?: string;
  /** Sink category from rules/README.md (analytics, advertising, log, insecure-storage, ...). */
  category?: string;
  host?: string;
}

export type FindingStatus = 'open' | 'consented' | 'sanitized' | 'suppressed' | 'baselined';

export interface Suppression {
  kind: 'inline' | 'baseline' | 'config';
  reason: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  location: SourceLocation;
  healthTypes: string[];
  recipient?: Recipient;
  /** Source first, sink last; absent for configuration rules. */
  flow?: FlowStep[];
  /** Further sources reaching the same sink (one finding per rule, sink and first source). */
  status: FindingStatus;
  suppression?: Suppression;
  fingerprint: string;
  /** Name of the consent gate or sanitizer a consented / sanitized flow passed. */
  guard?: string;
  /** Root-relative path of the app the finding belongs to. */
  app?: string;
}

/**
 * What a rule emits before fingerprinting and suppression. `fingerprintHint` is a stable text
 * (the key name, the SDK id, the sink's call text) mixed into the fingerprint so that two findings of
 * the same rule on the same line stay distinct.
 */
export interface RawFinding {
  ruleId: string;
  message: string;
  location: SourceLocation;
  healthTypes?: string[];
  recipient?: Recipient;
  flow?: FlowStep[];
  status?: 'open' | 'consented' | 'sanitized';
  guard?: string;
  severity?: Severity;
  fingerprintHint?: string;
  /** Further places whose code enters the fingerprint: for a flow, the call that carries it into the sink's file. */
  fingerprintSteps?: FlowStep[];
  app?: string;
}

/** A file hkguard could not read or parse; the scan goes on. Reported on stderr, in JSON and in SARIF notifications. */
export interface Diagnostic {
  file: string;
  message: string;
  line?: number;
  column?: number;
  severity: 'error' | 'warning';
}
