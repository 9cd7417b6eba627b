import { Chalk, type ChalkInstance } from 'chalk';
import { codeFrameColumns } from '@babel/code-frame';
import { firstSentence } from '../util/text.js';
import type { Finding } from '../findings/types.js';
import type { ScanResult } from '../scan/types.js';
import { countOpen } from './json.js';

export interface StylishOptions {
  color: boolean;
  /** Only errors (ESLint's --quiet). */
  quiet?: boolean;
  /** Reads a root-relative file for code frames. */
  readSource?: (file: string) => string | undefined;
  /** Prefix for file paths in the output (the scan root relative to the cwd). */
  displayRoot?: string;
}

/** Colour only on a TTY; NO_COLOR and FORCE_COLOR honoured (FORCE_COLOR=0 also disables). */
export function shouldColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}


function frame(source: string, f: Finding, c: ChalkInstance, color: boolean): string {
  const loc = f.location;
  const sameLine = loc.endLine === loc.line;
  try {
    return codeFrameColumns(source, {
      start: { line: loc.line, column: loc.column },
      end: sameLine && loc.endColumn > loc.column ? { line: loc.line, column: loc.endColumn } : undefined,
    }, { highlightCode: color, linesAbove: 1, linesBelow: 1, forceColor: color });
  } catch {
    return c.dim('  (no source excerpt)');
  }
}

/** ESLint-like: grouped by file, a code frame under each finding, the flow as numbered steps, help and docs. */
export function renderStylish(result: ScanResult, opts: StylishOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const prefix = opts.displayRoot && opts.displayRoot !== '.' ? `${opts.displayRoot.replace(/\/$/, '')}/` : '';
  const shown = result.findings.filter((f) =>
    f.status !== 'suppressed' && f.status !== 'baselined' && (!opts.quiet || (f.status === 'open' && f.severity === 'error')));
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of shown) {
    if (!byFile.has(f.location.file)) byFile.set(f.location.file, []);
    byFile.get(f.location.file)!.push(f);
  }
  const sev = (f: Finding) => {
    if (f.status !== 'open') return c.cyan(f.status);
    return f.severity === 'error' ? c.red('error') : f.severity === 'warning' ? c.yellow('warning') : c.blue('info');
  };
  for (const [file, findings] of byFile) {
    lines.push('', c.underline(`${prefix}${file}`));
    const source = opts.readSource?.(file);
    for (const f of findings) {
      const where = `${f.location.line}:${f.location.column}`;
      lines.push(`  ${c.dim(where)}  ${sev(f)}  ${f.message}  ${c.dim(f.ruleId)}`);
      if (source !== undefined && f.location.line > 0) {
        lines.push(frame(source, f, c, opts.color).split('\n').map((l) => `    ${l}`).join('\n'));
      }
      if (f.flow && f.flow.length > 0) {
        lines.push(`    ${c.bold('flow')}:`);
        f.flow.forEach((s, i) => lines.push(`      ${i + 1}. ${c.dim(`${prefix}${s.file}:${s.line}:${s.column}`)}  ${s.note}`));
      }
      const rule = result.rules.get(f.ruleId);
      if (rule) {
        const isNative = /\.(swift|mm?|h)$/.test(f.location.file);
        lines.push(`    ${c.green('help')}: ${firstSentence(isNative && rule.fixSwift ? rule.fixSwift : rule.fix)}`);
        lines.push(`    ${c.dim(`docs: hkguard explain ${rule.id}${rule.guidelines[0] ? ` · ${rule.guidelines[0].url}` : ''}`)}`);
      }
    }
  }
  const counts = countOpen(result.findings);
  const hidden = result.findings.filter((f) => f.status === 'suppressed' || f.status === 'baselined').length;
  const guarded = result.findings.filter((f) => f.status === 'consented' || f.status === 'sanitized').length;
  const total = counts.errors + counts.warnings + counts.infos;
  const parts = [
    `${counts.errors} ${counts.errors === 1 ? 'error' : 'errors'}`,
    `${counts.warnings} ${counts.warnings === 1 ? 'warning' : 'warnings'}`,
    `${counts.infos} info`,
  ];
  const extra = [guarded ? `${guarded} consented or sanitized` : '', hidden ? `${hidden} suppressed or baselined` : ''].filter(Boolean).join(', ');
  const apps = result.apps.map((a) => `${a.name} (${a.kind})`).join(', ');
  const time = result.durationMs < 1000 ? `${result.durationMs} ms` : `${(result.durationMs / 1000).toFixed(2)} s`;
  const grammar = result.swiftGrammar ? ` · Swift grammar: ${result.swiftGrammar}` : '';
  const summary = `${total === 0 ? c.green('✔') : counts.errors ? c.red('✖') : c.yellow('⚠')} ${parts.join(', ')}${extra ? ` (${extra})` : ''} · ${result.files} files · ${apps || 'no app found'} · ${time}${grammar}`;
  lines.push('', total === 0 && counts.errors === 0 ? summary : c.bold(summary), '');
  return lines.join('\n').replace(/^\n/, '');
}
