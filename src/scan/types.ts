import type { Diagnostic, Finding } from '../findings/types.js';
import type { HkguardConfig } from '../config/types.js';
import type { AppConfigFacts } from '../facts/types.js';
import type { CodeUsage, TaintFlow } from '../flow/types.js';
import type { AppKind } from '../workspace/types.js';
import type { RuleRegistry } from '../rules/registry.js';

export interface ScanOptions {
  /** Files or folders to scan; the scan root is their common folder (or `cwd` for none). */
  paths: string[];
  cwd?: string;
  /** --config FILE */
  configFile?: string;
  /** Root-relative or absolute files to report on (--staged, --changed-since); analysis still covers what they need. */
  changedFiles?: string[];
  /** File contents to use instead of the working tree, by absolute path (the staged version for --staged). */
  contents?: ReadonlyMap<string, string>;
  /** --baseline FILE (overrides the config's `baseline`). */
  baselineFile?: string;
  /** Cache folder, or false to disable. */
  cacheDir?: string | false;
  onProgress?: (event: { phase: string; done: number; total: number }) => void;
}

export interface AppResult {
  name: string;
  kind: AppKind;
  path: string;
  facts: AppConfigFacts;
  usage: CodeUsage;
  flows: TaintFlow[];
}

export interface ScanResult {
  tool: { name: 'hkguard'; version: string };
  /** Absolute scan root; every path in the result is relative to it. */
  root: string;
  startedAt: string;
  apps: AppResult[];
  /** Sorted by file, line, column, rule. */
  findings: Finding[];
  diagnostics: Diagnostic[];
  config: HkguardConfig;
  rules: RuleRegistry;
  /** Files read (sources and configuration). */
  files: number;
  durationMs: number;
  /** Which Swift grammar parsed the Swift files, when there were any. */
  swiftGrammar?: string;
  /** Run-level warnings for stderr (not findings): a configured baseline file that does not exist, ... */
  warnings?: string[];
  /** Milliseconds per phase (discover, facts, each front end, rules, ...), for --debug and the benchmark. */
  timings?: Record<string, number>;
}
