import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { scan, type ScanHooks } from '../../scan/scan.js';
import type { ScanResult } from '../../scan/types.js';
import { renderJson, countOpen } from '../../report/json.js';
import { renderSarif } from '../../report/sarif.js';
import { renderStylish, shouldColor } from '../../report/stylish.js';
import { renderJunit } from '../../report/junit.js';
import { renderHtml } from '../../report/html/index.js';
import { renderMarkdown } from '../../report/markdown.js';
import { verifyAuditLog } from '../../audit/verify.js';
import { buildAuditReport } from '../../audit/report.js';
import { declaredHealthTypes } from '../../scan/declared.js';
import { changedFiles, stagedContents } from '../../workspace/git.js';
import { createProgress, shouldShowProgress } from '../progress.js';
import { UsageError } from '../../errors/index.js';
import { writeOutput, type CliIO } from '../io.js';
import { toPosix } from '../../util/paths.js';
import type { Severity } from '../../findings/types.js';

export const FORMATS = ['stylish', 'json', 'sarif', 'junit', 'html', 'markdown'] as const;

export interface ScanCliOptions {
  format: string;
  output?: string;
  config?: string;
  failOn: string;
  maxWarnings?: string;
  quiet?: boolean;
  color?: boolean;
  baseline?: string;
  staged?: boolean;
  changedSince?: string;
  cache?: boolean;
  cacheDir?: string;
  auditLog?: string;
}

/** ESLint's exit codes: 1 when an open finding is at or above the failing severity, or too many warnings. */
export function exitCodeFor(result: ScanResult, failOn: Severity | 'never', maxWarnings?: number): 0 | 1 {
  const c = countOpen(result.findings);
  if (maxWarnings !== undefined && c.warnings > maxWarnings) return 1;
  if (failOn === 'never') return 0;
  if (c.errors > 0) return 1;
  if (failOn === 'warning' && c.warnings > 0) return 1;
  if (failOn === 'info' && c.warnings + c.infos > 0) return 1;
  return 0;
}

function readSourceOf(result: ScanResult) {
  return (file: string): string | undefined => {
    try {
      return fs.readFileSync(path.join(result.root, file), 'utf8');
    } catch {
      return undefined;
    }
  };
}

/** The runtime audit summary for the HTML report, cross-checked against the types the scan found declared. */
function auditSummaryFor(result: ScanResult, file: string, io: CliIO): unknown {
  const abs = path.resolve(io.cwd, file);
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(abs);
  } catch (e) {
    throw new UsageError(`${file}: cannot read the audit log (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  const verified = verifyAuditLog(bytes, {});
  if (verified.status === 'not-a-log') throw new UsageError(`${file} is not an hkguard audit log: ${verified.reason}`);
  return buildAuditReport(verified, { file, declared: declaredHealthTypes(result, 'no authorization request in the scanned apps') });
}

export function render(result: ScanResult, format: string, opts: ScanCliOptions, io: CliIO): string {
  switch (format) {
    case 'html':
      return renderHtml(result, { readSource: readSourceOf(result), auditSummary: opts.auditLog ? auditSummaryFor(result, opts.auditLog, io) : undefined });
    case 'markdown':
      return renderMarkdown(result);
    case 'json':
      return renderJson(result);
    case 'sarif':
      return renderSarif(result);
    case 'junit':
      return renderJunit(result);
    case 'stylish': {
      const color = opts.color === false ? false : opts.output ? false : shouldColor({ isTTY: io.stdoutIsTTY }, io.env);
      return renderStylish(result, {
        color,
        quiet: opts.quiet,
        displayRoot: toPosix(path.relative(io.cwd, result.root)) || '.',
        readSource: readSourceOf(result),
      });
    }
    default:
      throw new UsageError(`unknown format "${format}" (expected ${FORMATS.join(', ')})`);
  }
}

export function registerScanCommand(program: Command, io: CliIO, hooks: ScanHooks = {}): void {
  program
    .command('scan', { isDefault: true })
    .description('scan apps for health data reaching advertising, analytics, third parties, logs, storage or iCloud, and for configuration that does not match the code')
    .argument('[paths...]', 'files or folders to scan (default: the current folder)')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...FORMATS]).default('stylish'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('-c, --config <file>', 'configuration file (default: .hkguard.yaml in the scanned folder)')
    .addOption(new Option('--fail-on <severity>', 'lowest severity of an open finding that fails the run (exit 1)').choices(['error', 'warning', 'info', 'never']).default('error'))
    .option('--max-warnings <n>', 'fail when there are more than n open warnings')
    .option('-q, --quiet', 'report errors only (in every format; warnings then do not fail the run)')
    .option('--no-color', 'no colour in the terminal output')
    .option('--baseline <file>', 'accept the findings listed in this baseline file (status baselined)')
    .option('--staged', 'report only findings that touch files staged for commit (pre-commit hooks)')
    .option('--changed-since <ref>', 'report only findings that touch files changed since a git ref (pull requests)')
    .option('--no-cache', 'do not read or write the per-file cache')
    .option('--cache-dir <dir>', 'cache folder (default: node_modules/.cache/hkguard under the scanned folder)')
    .option('--audit-log <file>', 'with --format html: add the summary of a runtime audit log (hkguard/audit)')
    .action(async (paths: string[], opts: ScanCliOptions) => {
      let maxWarnings: number | undefined;
      if (opts.maxWarnings !== undefined) {
        maxWarnings = Number(opts.maxWarnings);
        if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError(`--max-warnings takes a whole number, not "${opts.maxWarnings}"`);
      }
      if (opts.staged && opts.changedSince) throw new UsageError('use --staged or --changed-since, not both');
      if (opts.auditLog && opts.format !== 'html') throw new UsageError('--audit-log goes with --format html');
      // git answers for the repository of the scanned path, wherever hkguard was started from.
      const target = path.resolve(io.cwd, paths[0] ?? '.');
      const gitCwd = fs.existsSync(target) && fs.statSync(target).isDirectory() ? target : path.dirname(target);
      const changed = opts.staged || opts.changedSince
        ? await changedFiles({ cwd: gitCwd, staged: opts.staged, since: opts.changedSince })
        : undefined;
      // A pre-commit check judges what will be committed: the staged version of each staged file.
      const contents = opts.staged && changed?.length ? await stagedContents(gitCwd, changed) : undefined;
      const progress = createProgress(io.stderrStream ?? { write: io.stderr, isTTY: io.stderrIsTTY }, {
        enabled: shouldShowProgress({ stderr: { isTTY: io.stderrIsTTY }, env: io.env, format: opts.format, isReportOnStdout: !opts.output }),
      });
      let result: ScanResult;
      try {
        result = await scan({
          paths,
          cwd: io.cwd,
          configFile: opts.config,
          baselineFile: opts.baseline,
          changedFiles: changed,
          contents,
          cacheDir: opts.cache === false ? false : opts.cacheDir ? path.resolve(io.cwd, opts.cacheDir) : undefined,
          onProgress: (e) => progress.onProgress(e),
        }, hooks);
      } finally {
        progress.done();
      }
      // ESLint's --quiet: errors only, in every format, and only they count toward the exit code.
      if (opts.quiet) result = { ...result, findings: result.findings.filter((f) => f.severity === 'error') };
      if (changed && changed.length === 0 && opts.format === 'stylish' && !opts.output) {
        io.stderr(`hkguard: no ${opts.staged ? 'staged' : 'changed'} files: nothing to report\n`);
      }
      writeOutput(io, opts.output, render(result, opts.format, opts, io));
      if (program.opts().debug) {
        io.stderr(`hkguard: timings (ms): ${Object.entries(result.timings ?? {}).map(([k, v]) => `${k} ${v}`).join(', ')}; total ${result.durationMs}\n`);
      }
      for (const w of result.warnings ?? []) io.stderr(`hkguard: warning: ${w}\n`);
      if (opts.format !== 'stylish' || opts.output) {
        for (const d of result.diagnostics) io.stderr(`hkguard: ${d.file}${d.line ? `:${d.line}` : ''}: ${d.message}\n`);
      }
      process.exitCode = exitCodeFor(result, opts.failOn as Severity | 'never', maxWarnings);
    });
}
