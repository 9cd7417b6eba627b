import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { buildAuditReport, toAuditFindings } from '../../audit/report.js';
import type { AuditFinding, AuditReport } from '../../audit/report.js';
import { renderAuditReport, renderVerifyStylish, type AuditReportFormat } from '../../audit/render.js';
import { verifyAuditLog, type VerifyResult } from '../../audit/verify.js';

// Re-exported so the HTML report can embed the audit section without reaching into src/audit itself.
export { buildAuditReport, toAuditFindings } from '../../audit/report.js';
export type { AuditFinding, AuditReport, AuditDeviceSummary, AuditTypeSummary, AuditDaySummary } from '../../audit/report.js';
export { renderAuditReport, renderReportHtmlFragment } from '../../audit/render.js';
export { verifyAuditLog } from '../../audit/verify.js';
export type { VerifyResult } from '../../audit/verify.js';

/** What `hkguard audit` needs from the rest of the CLI; tests pass fakes. */
export interface AuditCliDeps {
  /**
   * HealthKit types the app at `appPath` declares (full identifiers such as HKQuantityTypeIdentifierHeartRate),
   * from the static analyzer; `source` names where they were found, for messages.
   */
  loadDeclaredHealthTypes(appPath: string): Promise<{ read: string[]; write: string[]; source: string }>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Sets the process exit code; default assigns `process.exitCode`. */
  setExitCode?(code: number): void;
  /** Default: node:fs/promises readFile. */
  readFile?(path: string): Promise<Uint8Array>;
  /** Default: node:fs/promises writeFile. */
  writeFile?(path: string, data: string): Promise<void>;
  /** ANSI colour in stylish output (the caller decides from TTY, NO_COLOR, FORCE_COLOR). Default false. */
  color?: boolean;
}

const FORMATS: readonly AuditReportFormat[] = ['stylish', 'json', 'markdown', 'html'];

/** Exit code for a set of findings: 1 when any is an error or warning, else 0. */
export function auditExitCode(findings: AuditFinding[]): 0 | 1 {
  return findings.some((f) => f.severity === 'error' || f.severity === 'warning') ? 1 : 0;
}

/** The findings of a verify or report result, for the HTML report (pure). */
export function auditFindingsOf(result: VerifyResult | AuditReport): AuditFinding[] {
  return toAuditFindings(result);
}

class UsageError extends Error {}

function stripKeyNewline(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === 0x0a) end--;
  if (end > 0 && bytes[end - 1] === 0x0d) end--;
  return bytes.subarray(0, end);
}

async function readInput(deps: AuditCliDeps, path: string, what: string): Promise<Uint8Array> {
  const read = deps.readFile ?? ((p: string) => readFile(p));
  try {
    return await read(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : err instanceof Error ? err.message : String(err);
    throw new UsageError(`cannot read ${what} ${path}: ${why}`);
  }
}

async function loadKey(deps: AuditCliDeps, keyFile: string | undefined): Promise<Uint8Array | undefined> {
  if (keyFile === undefined) return undefined;
  const key = stripKeyNewline(await readInput(deps, keyFile, 'key file'));
  if (key.length === 0) throw new UsageError(`key file ${keyFile} is empty`);
  return key;
}

/** `hkguard audit verify`: returns the exit code (0 intact, 1 problems, 2 usage error or not a log). */
export async function runAuditVerify(logPath: string, opts: { key?: string }, deps: AuditCliDeps): Promise<number> {
  try {
    const [bytes, key] = await Promise.all([readInput(deps, logPath, 'audit log'), loadKey(deps, opts.key)]);
    const result = verifyAuditLog(bytes, { entries: false, ...(key ? { key } : {}) });
    if (result.status === 'not-a-log') {
      deps.stderr(`hkguard audit: ${logPath} is not an hkguard audit log: ${result.reason}. Pass the JSON Lines file written by fileStore() or your AuditStore.\n`);
      return 2;
    }
    deps.stdout(renderVerifyStylish(logPath, result, { color: deps.color ?? false }));
    return auditExitCode(toAuditFindings(result));
  } catch (err) {
    if (err instanceof UsageError) {
      deps.stderr(`hkguard audit: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

/** `hkguard audit report`: returns the exit code (0 clean, 1 findings, 2 usage error or not a log). */
export async function runAuditReport(
  logPath: string,
  opts: { format?: string; against?: string; output?: string; key?: string },
  deps: AuditCliDeps,
): Promise<number> {
  try {
    const format = (opts.format ?? 'stylish') as AuditReportFormat;
    if (!FORMATS.includes(format)) throw new UsageError(`unknown --format ${opts.format}: use one of ${FORMATS.join(', ')}`);
    const [bytes, key] = await Promise.all([readInput(deps, logPath, 'audit log'), loadKey(deps, opts.key)]);
    const verified = verifyAuditLog(bytes, key ? { key } : {});
    if (verified.status === 'not-a-log') {
      deps.stderr(`hkguard audit: ${logPath} is not an hkguard audit log: ${verified.reason}. Pass the JSON Lines file written by fileStore() or your AuditStore.\n`);
      return 2;
    }
    let declared: { read: string[]; write: string[]; source: string } | undefined;
    if (opts.against !== undefined) {
      try {
        declared = await deps.loadDeclaredHealthTypes(opts.against);
      } catch (err) {
        throw new UsageError(`cannot read the declared HealthKit types of ${opts.against}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const report = buildAuditReport(verified, { file: logPath, ...(declared ? { declared } : {}) });
    const text = renderAuditReport(report, format, { color: (deps.color ?? false) && opts.output === undefined });
    if (opts.output !== undefined) {
      const write = deps.writeFile ?? ((p: string, d: string) => writeFile(p, d, 'utf8'));
      try {
        await write(opts.output, text);
      } catch (err) {
        throw new UsageError(`cannot write ${opts.output}: ${err instanceof Error ? err.message : String(err)}`);
      }
    } else {
      deps.stdout(text);
    }
    return auditExitCode(report.findings);
  } catch (err) {
    if (err instanceof UsageError) {
      deps.stderr(`hkguard audit: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

/** Adds `audit verify` and `audit report` to `program`; returns the `audit` command. */
export function registerAuditCommand(program: Command, deps: AuditCliDeps): Command {
  const setExit = deps.setExitCode ?? ((code: number) => { process.exitCode = code; });
  const audit = program.command('audit').description('verify and report on a runtime audit log written by hkguard/audit');
  audit
    .command('verify')
    .description('check the hash chain (and HMACs with --key); exit 0 when intact')
    .argument('<log>', 'the audit log (JSON Lines)')
    .option('--key <file>', 'file holding the HMAC key the app used')
    .action(async (log: string, opts: { key?: string }) => {
      setExit(await runAuditVerify(log, opts, deps));
    });
  audit
    .command('report')
    .description('summarize per device, per HealthKit type and per day, and flag suspicious writes')
    .argument('<log>', 'the audit log (JSON Lines)')
    .option('--format <format>', `output format: ${FORMATS.join(' | ')}`, 'stylish')
    .option('--against <app>', 'cross-check written types against what the app at this path declares')
    .option('--output <file>', 'write the report to a file instead of stdout')
    .option('--key <file>', 'file holding the HMAC key the app used')
    .action(async (log: string, opts: { format?: string; against?: string; output?: string; key?: string }) => {
      setExit(await runAuditReport(log, opts, deps));
    });
  return audit;
}
