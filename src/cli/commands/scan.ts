import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { scan, type ScanHooks } from '../../scan/scan.js';
import type { ScanResult } from '../../scan/types.js';
import { renderJson, countOpen } from '../../report/json.js';
import { renderSarif } from '../../report/sarif.js';
import { renderStylish, shouldColor } from '../../report/stylish.js';
import { UsageError } from '../../errors/index.js';
import { writeOutput, type CliIO } from '../io.js';
import { toPosix } from '../../util/paths.js';
import type { Severity } from '../../findings/types.js';

export const FORMATS = ['stylish', 'json', 'sarif'] as const;

export interface ScanCliOptions {
  format: string;
  output?: string;
  config?: string;
  failOn: string;
  maxWarnings?: string;
  quiet?: boolean;
  color?: boolean;
  baseline?: string;
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

export function render(result: ScanResult, format: string, opts: ScanCliOptions, io: CliIO): string {
  switch (format) {
    case 'json':
      return renderJson(result);
    case 'sarif':
      return renderSarif(result);
    case 'stylish': {
      const color = opts.color === false ? false : opts.output ? false : shouldColor({ isTTY: io.stdoutIsTTY }, io.env);
      return renderStylish(result, {
        color,
        quiet: opts.quiet,
        displayRoot: toPosix(path.relative(io.cwd, result.root)) || '.',
        readSource: (file) => {
          try {
            return fs.readFileSync(path.join(result.root, file), 'utf8');
          } catch {
            return undefined;
          }
        },
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
    .option('-q, --quiet', 'report errors only')
    .option('--no-color', 'no colour in the terminal output')
    .option('--baseline <file>', 'accept the findings listed in this baseline file (status baselined)')
    .action(async (paths: string[], opts: ScanCliOptions) => {
      let maxWarnings: number | undefined;
      if (opts.maxWarnings !== undefined) {
        maxWarnings = Number(opts.maxWarnings);
        if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError(`--max-warnings takes a whole number, not "${opts.maxWarnings}"`);
      }
      const result = await scan({ paths, cwd: io.cwd, configFile: opts.config, baselineFile: opts.baseline }, hooks);
      writeOutput(io, opts.output, render(result, opts.format, opts, io));
      if (opts.format !== 'stylish' || opts.output) {
        for (const d of result.diagnostics) io.stderr(`hkguard: ${d.file}${d.line ? `:${d.line}` : ''}: ${d.message}\n`);
      }
      process.exitCode = exitCodeFor(result, opts.failOn as Severity | 'never', maxWarnings);
    });
}
