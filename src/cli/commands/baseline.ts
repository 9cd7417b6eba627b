/**
 * `hkguard baseline create|update|prune [path]`: writes the baseline from a full scan. Entries carry who
 * accepted them (git config) and why (--reason), so the file reads as a compliance record in code review.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { ScanOptions, ScanResult } from '../../scan/types.js';
import {
  DEFAULT_BASELINE_FILE, createBaseline, pruneBaseline, readBaselineFile, updateBaseline, writeBaselineFile,
  type BaselineChange, type BaselineStamp,
} from '../../findings/baseline.js';
import { gitAuthor } from '../../workspace/git.js';
import { toPosix } from '../../util/paths.js';
import { UsageError } from '../../errors/index.js';

export interface BaselineDeps {
  scan(opts: ScanOptions): Promise<ScanResult>;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  /** "Name <email>" of whoever accepts the findings; defaults to git config user.name / user.email. */
  author?: (cwd: string) => Promise<string | undefined>;
  /** Today's date, YYYY-MM-DD (tests pin it). */
  today?: () => string;
}

interface BaselineCliOptions {
  file?: string;
  reason?: string;
  config?: string;
  force?: boolean;
}

type Action = 'create' | 'update' | 'prune';

/**
 * The baseline file: --file, else the configuration's `baseline`, else .hkguard-baseline.json in the scan root.
 */
function baselinePath(opts: BaselineCliOptions, result: ScanResult, cwd: string): string {
  if (opts.file) return path.resolve(cwd, opts.file);
  if (result.config.baseline) return path.resolve(result.root, result.config.baseline);
  return path.join(result.root, DEFAULT_BASELINE_FILE);
}

async function runBaseline(action: Action, target: string | undefined, opts: BaselineCliOptions, deps: BaselineDeps): Promise<void> {
  // A full scan, never --staged: prune must see every finding, or it would drop entries of unscanned files.
  const scanOptions: ScanOptions = { paths: target ? [target] : [], cwd: deps.cwd };
  if (opts.config) scanOptions.configFile = opts.config;
  const result = await deps.scan(scanOptions);
  const file = baselinePath(opts, result, deps.cwd);
  const display = toPosix(path.relative(deps.cwd, file)) || file;
  const stamp: BaselineStamp = {
    reason: opts.reason,
    author: await (deps.author ?? gitAuthor)(result.root),
    date: deps.today?.() ?? new Date().toISOString().slice(0, 10),
  };

  let change: BaselineChange;
  if (action === 'create') {
    // Re-creating would replace every entry's reason, author and date: the compliance record of the baseline.
    if (fs.existsSync(file) && !opts.force) {
      throw new UsageError(`${display} exists: \`hkguard baseline update\` adds new findings and keeps the reasons of the others; pass --force to replace it`);
    }
    const baseline = createBaseline(result.findings, stamp);
    change = { baseline, added: baseline.entries.length, removed: 0, kept: 0 };
  } else {
    const existing = await readBaselineFile(file);
    change = action === 'update' ? updateBaseline(existing, result.findings, stamp) : pruneBaseline(existing, result.findings);
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await writeBaselineFile(file, change.baseline);

  const n = change.baseline.entries.length;
  deps.stdout(`${display}: ${n} ${n === 1 ? 'entry' : 'entries'} (${change.added} added, ${change.removed} removed, ${change.kept} kept)\n`);
  if (action !== 'prune' && change.added > 0 && !opts.reason) {
    deps.stderr('hkguard: new entries have the default reason; pass --reason "..." so reviewers know why they were accepted.\n');
  }
  if (!result.config.baseline && !opts.file) {
    deps.stderr(`hkguard: add \`baseline: ${DEFAULT_BASELINE_FILE}\` to .hkguard.yaml (or pass --baseline ${display} to scan) to use it.\n`);
  }
}

export function registerBaselineCommand(program: Command, deps: BaselineDeps): void {
  const cmd = program
    .command('baseline')
    .description('accept existing findings so that only new ones fail the run (entries keep who, when and why)');
  const actions: Array<[Action, string]> = [
    ['create', 'write a new baseline with every open finding'],
    ['update', 'add findings not in the baseline yet; keep existing entries and their reasons'],
    ['prune', 'drop entries whose finding no longer exists'],
  ];
  for (const [action, description] of actions) {
    const sub = cmd
      .command(action)
      .description(description)
      .argument('[path]', 'folder to scan (default: the current folder)')
      .option('--file <file>', `baseline file (default: the configuration's baseline, else ${DEFAULT_BASELINE_FILE} in the scanned folder)`)
      .option('--reason <text>', 'why these findings are accepted (stored with each new entry)')
      .option('-c, --config <file>', 'configuration file');
    if (action === 'create') sub.option('--force', 'replace an existing baseline (its reasons, authors and dates are lost)');
    sub.action(async (target: string | undefined, opts: BaselineCliOptions) => runBaseline(action, target, opts, deps));
  }
}
