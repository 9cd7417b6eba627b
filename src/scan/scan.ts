import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Diagnostic, Finding, RawFinding } from '../findings/types.js';
import { findConfigFile, loadConfig } from '../config/load.js';
import { discover } from '../workspace/discover.js';
import { isWithin, resolveTargets } from '../workspace/targets.js';
import { createFileReader } from '../workspace/reader.js';
import { extractConfigFacts } from '../facts/index.js';
import { loadCatalog } from '../rules/catalog.js';
import { loadRules } from '../rules/registry.js';
import { evaluateRules } from '../rules/all.js';
import { FRONT_ENDS } from '../flow/frontends.js';
import { emptyUsage, type CodeUsage, type SummaryCache, type TaintFlow } from '../flow/types.js';
import { finalizeFindings, compareFindings } from '../findings/finalize.js';
import picomatch from 'picomatch';
import type { HkguardConfig } from '../config/types.js';
import { toPosix } from '../util/paths.js';
import { VERSION } from '../util/version.js';
import type { AppResult, ScanOptions, ScanResult } from './types.js';
import type { AppAnalysis, RuleContext } from '../rules/types.js';

/** Appends without spreading: `push(...xs)` overflows the stack past about 100k elements (a 500k-line app). */
function append<T>(into: T[], from: readonly T[]): void {
  for (const x of from) into.push(x);
}

function mergeUsage(into: CodeUsage, from: CodeUsage): void {
  append(into.healthkit, from.healthkit);
  append(into.authorizations, from.authorizations);
  append(into.bluetooth, from.bluetooth);
  append(into.motion, from.motion);
  append(into.readDenialInferences, from.readDenialInferences);
  append(into.sdkImports, from.sdkImports);
}

export interface ScanHooks {
  /** Inline suppressions (src/findings/suppressions.ts), applied after finalizing; `files` are the scanned files. */
  suppress?: (findings: Finding[], ctx: RuleContext, files: string[]) => { findings: Finding[]; meta: RawFinding[] };
  /** Baseline (src/findings/baseline.ts). */
  baseline?: (findings: Finding[], file: string) => Finding[];
  /** Opens the persistent cache, keyed on the configuration and catalog. */
  openCache?: (keys: { configHash: string; catalogHash: string; root: string; dir?: string; globalHashes: string[] }) => SummaryCache & { save?: () => Promise<void> | void };
}

/**
 * The whole pipeline: discover -> facts -> flows -> rules -> suppress / baseline -> sorted findings.
 * No terminal output, no argv: the CLI does that.
 */
export async function scan(options: ScanOptions, hooks: ScanHooks = {}): Promise<ScanResult> {
  const started = Date.now();
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (phase: string) => {
    const now = performance.now();
    timings[phase] = Math.round((timings[phase] ?? 0) + now - mark);
    mark = now;
  };
  const cwd = options.cwd ?? process.cwd();
  const { root, scopes, reportOnly } = resolveTargets(options.paths, cwd);
  const rules = loadRules();
  const catalog = loadCatalog();
  const configFile = findConfigFile(root, options.configFile, cwd);
  const config = loadConfig(configFile, root, new Set(rules.all.map((r) => r.id)));
  const diagnostics: Diagnostic[] = [];
  const read = createFileReader(root, diagnostics, options.contents);
  lap('setup');
  const discovered = discover({ root, ignore: config.ignore, diagnostics });
  // Only the apps the given paths name (two sibling apps of a monorepo are not a licence to scan the third).
  const tree = { ...discovered, apps: discovered.apps.filter((a) => scopes.some((s) => isWithin(a.path, [s]) || isWithin(s, [a.path]))) };
  lap('discover');

  // --staged with nothing staged is an empty set: nothing to report, not everything.
  const changedSet = options.changedFiles ? new Set(options.changedFiles.map((f) => toPosix(path.relative(root, path.resolve(cwd, f))))) : undefined;
  const configHash = createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 16);
  // A dependency change (package.json) can change what an import resolves to: it invalidates the whole cache.
  const globalHashes = tree.apps.flatMap((a) => (a.files.packageJson ? [createHash('sha256').update(read.readText(a.files.packageJson) ?? '').digest('hex')] : []));
  const cache = options.cacheDir === false || !hooks.openCache ? undefined
    : hooks.openCache({ configHash, catalogHash: catalog.hash, root, dir: options.cacheDir ?? config.cacheDir, globalHashes });

  const ctx: RuleContext = { root, config, catalog, rules, read };
  const apps: AppResult[] = [];
  const raw: RawFinding[] = [];
  let swiftGrammar: string | undefined;
  const totalFiles = tree.apps.reduce((n, a) => n + a.files.js.length + a.files.swift.length + a.files.objc.length, 0);
  let filesDone = 0;
  for (const app of tree.apps) {
    options.onProgress?.({ phase: `analyzing ${app.name}`, done: filesDone, total: totalFiles });
    const before = diagnostics.length;
    const facts = extractConfigFacts(app, read, catalog, diagnostics);
    facts.partialFiles = [...new Set(diagnostics.slice(before).map((d) => d.file))];
    lap('facts');
    const usage = emptyUsage();
    const flows: TaintFlow[] = [];
    for (const fe of FRONT_ENDS) {
      const files = fe.files(app.files);
      if (files.length === 0) continue;
      const frontEnd = await fe.load();
      lap(`load ${frontEnd.language}`);
      const result = await frontEnd.analyze({ root, app, files, read, config, catalog, cache, changedFiles: changedSet, diagnostics });
      lap(`analyze ${frontEnd.language}`);
      mergeUsage(usage, result.usage);
      append(flows, result.flows);
      if (frontEnd.language === 'swift' && fe.parserName) swiftGrammar = await fe.parserName();
    }
    filesDone += app.files.js.length + app.files.swift.length + app.files.objc.length;
    options.onProgress?.({ phase: `analyzed ${app.name}`, done: filesDone, total: totalFiles });
    const analysis: AppAnalysis = { app, facts, usage, flows };
    append(raw, evaluateRules(analysis, ctx));
    lap('rules');
    apps.push({ name: app.name, kind: app.kind, path: app.path, facts, usage, flows });
  }
  await cache?.save?.();
  lap('cache save');

  // Files hkguard could not read or parse are findings too, so CI and SARIF show them.
  const seenDiag = new Set<string>();
  for (const d of diagnostics) {
    const key = `${d.file}|${d.line ?? 1}|${d.message}`;
    if (seenDiag.has(key)) continue;
    seenDiag.add(key);
    raw.push({
      ruleId: 'parse-error',
      message: `hkguard could not analyze ${d.file}: ${d.message}. Findings that depend on this file may be missing.`,
      location: { file: d.file, line: d.line ?? 1, column: d.column ?? 1, endLine: d.line ?? 1, endColumn: d.column ?? 1 },
      fingerprintHint: d.message,
    });
  }

  // Fingerprinting re-reads files (the unreadable ones too): what it runs into was reported above already.
  const reportedDiagnostics = [...diagnostics];
  // --staged, --changed-since and narrow paths: drop what will not be reported before the costly part (messages
  // are built, fingerprints read each finding's code). Meta findings are filtered the same way below.
  const touches = (f: { location: { file: string }; flow?: Array<{ file: string }> }, keep: (file: string) => boolean) =>
    keep(f.location.file) || (f.flow ?? []).some((s) => keep(s.file));
  const isReported = (f: { location: { file: string }; flow?: Array<{ file: string }> }) =>
    (!changedSet || touches(f, (file) => changedSet.has(file))) && (!reportOnly || touches(f, (file) => isWithin(file, reportOnly)));
  let findings = finalizeFindings(changedSet || reportOnly ? raw.filter(isReported) : raw, rules, config, read);
  if (hooks.suppress) {
    const scanned = tree.apps.flatMap((a) => [...a.files.js, ...a.files.swift, ...a.files.objc, ...a.files.infoPlists, ...a.files.entitlements, ...a.files.privacyManifests]);
    const { findings: suppressed, meta } = hooks.suppress(findings, ctx, scanned);
    findings = [...suppressed, ...finalizeFindings(meta, rules, config, read)].sort(compareFindings);
  }
  if (config.accept?.length) findings = acceptFromConfig(findings, config.accept);
  // A baseline named in the configuration may not exist yet (before `hkguard baseline create`); --baseline must.
  const warnings: string[] = [];
  if (!options.baselineFile && config.baseline && !fs.existsSync(config.baseline)) {
    warnings.push(`the baseline ${toPosix(path.relative(cwd, config.baseline))} named in ${toPosix(path.relative(cwd, config.file ?? '.hkguard.yaml'))} does not exist, so no finding is accepted by it; create it with \`hkguard baseline create\``);
  }
  const baselineFile = options.baselineFile ? path.resolve(cwd, options.baselineFile)
    : config.baseline && fs.existsSync(config.baseline) ? config.baseline : undefined;
  if (baselineFile && hooks.baseline) findings = hooks.baseline(findings, baselineFile);
  if (changedSet || reportOnly) findings = findings.filter(isReported);
  lap('findings');

  return {
    tool: { name: 'hkguard', version: VERSION },
    root,
    startedAt: new Date(started).toISOString(),
    apps,
    findings,
    diagnostics: reportedDiagnostics,
    config,
    rules,
    files: tree.apps.reduce((n, a) => n + Object.values(a.files).reduce((m: number, v) => m + (Array.isArray(v) ? v.length : v ? 1 : 0), 0), 0),
    durationMs: Date.now() - started,
    swiftGrammar,
    timings,
    warnings,
  };
}

/** `accept:` in .hkguard.yaml: the team accepts these findings, with a reason that stays in every report. */
function acceptFromConfig(findings: Finding[], accept: NonNullable<HkguardConfig['accept']>): Finding[] {
  const matchers = accept.map((a) => ({ ...a, isFile: a.file ? picomatch(a.file, { dot: true }) : () => true }));
  return findings.map((f) => {
    if (f.status !== 'open') return f;
    const hit = matchers.find((m) => m.rule === f.ruleId && m.isFile(f.location.file));
    return hit ? { ...f, status: 'suppressed' as const, suppression: { kind: 'config' as const, reason: hit.reason } } : f;
  });
}
