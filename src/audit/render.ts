import type { AuditFinding, AuditGap, AuditReport } from './report.js';
import type { VerifyResult } from './verify.js';

/** Output formats of `hkguard audit report`. */
export type AuditReportFormat = 'stylish' | 'json' | 'markdown' | 'html';

export interface RenderOptions {
  /** ANSI colour for the stylish format (the CLI decides from TTY, NO_COLOR and FORCE_COLOR). */
  color?: boolean;
}

const ansi = (on: boolean) => {
  const w = (code: string) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { red: w('31'), yellow: w('33'), blue: w('34'), green: w('32'), dim: w('2'), bold: w('1'), underline: w('4') };
};

const fmt = (n: number | undefined) => (n === undefined ? '-' : Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(6))));
const range = (min?: number, max?: number, unit?: string) => (min === undefined ? '-' : `${fmt(min)}-${fmt(max)}${unit ? ' ' + unit : ''}`);
const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
const when = (t: string) => t.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');

function counts(findings: AuditFinding[]) {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const infos = findings.length - errors - warnings;
  return { errors, warnings, infos };
}

const HMAC_TEXT = { verified: 'HMAC verified', failed: 'HMAC failed', 'not-checked': 'HMAC present but not checked (pass --key)', 'not-present': 'no HMAC' } as const;

function findingCounts(findings: AuditFinding[]): string {
  const { errors, warnings, infos } = counts(findings);
  return `${n(errors, 'error')}, ${n(warnings, 'warning')}, ${infos} info`;
}

function chainSummary(chain: AuditReport['chain']): string {
  return `${chain.entries} verified entr${chain.entries === 1 ? 'y' : 'ies'} of ${n(chain.lines, 'line')}; ${HMAC_TEXT[chain.hmac]}; ${n(chain.sessions, 'session')}${chain.closed ? ', closed cleanly' : ', last session not closed'}`;
}

function chainLine(chain: AuditReport['chain'] | (VerifyResult & { entries: unknown[] }), entries: number): string {
  const hmac = HMAC_TEXT[chain.hmac];
  const through = chain.intactThrough ? `, intact through seq ${chain.intactThrough.seq} (line ${chain.intactThrough.line})` : '';
  return `chain ${chain.status}: ${entries} verified entr${entries === 1 ? 'y' : 'ies'} of ${chain.lines} line${chain.lines === 1 ? '' : 's'}${through}; ${hmac}; ${chain.sessions} session${chain.sessions === 1 ? '' : 's'}${chain.closed ? ', closed cleanly' : ', last session not closed'}`;
}

function stylishFindings(file: string, findings: AuditFinding[], color: boolean): string[] {
  const c = ansi(color);
  const out: string[] = [];
  if (findings.length) out.push(c.underline(file));
  const width = Math.max(...findings.map((f) => String(f.line).length), 1);
  for (const f of findings) {
    const sev = f.severity === 'error' ? c.red('error  ') : f.severity === 'warning' ? c.yellow('warning') : c.blue('info   ');
    out.push(`  ${c.dim(String(f.line).padStart(width) + ':1')}  ${sev}  ${f.message}  ${c.dim(f.ruleId)}`);
  }
  return out;
}

function closing(findings: AuditFinding[], color: boolean): string {
  const c = ansi(color);
  const { errors, warnings, infos } = counts(findings);
  const total = errors + warnings;
  if (total === 0) return c.green(`\u2714 no problems${infos ? ` (${infos} info)` : ''}`);
  return (errors ? c.red : c.yellow)(c.bold(`\u2716 ${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`)) + (infos ? ` ${infos} info` : '');
}

/** Terminal output of `hkguard audit verify`. */
export function renderVerifyStylish(file: string, result: VerifyResult, options: RenderOptions = {}): string {
  const color = options.color ?? false;
  if (result.status === 'not-a-log') return `${file}: not an hkguard audit log: ${result.reason ?? 'unrecognized content'}\n`;
  const findings = result.problems.map((p): AuditFinding => ({ ruleId: p.ruleId, severity: p.severity, message: p.message, line: p.line, ...(p.seq !== undefined ? { entrySeq: p.seq } : {}) }));
  const lines = stylishFindings(file, findings, color);
  lines.push(`${file}: ${chainLine(result, result.count)}`);
  lines.push(closing(findings, color));
  return lines.join('\n') + '\n';
}

function fieldRanges(d: AuditReport['devices'][number]): string {
  return d.fields.map((f) => `${f.name} ${range(f.min, f.max, f.unit)}`).join(', ') || '-';
}

function dayTypes(d: AuditReport['days'][number]): string {
  return d.types.map((t) => `${t.hkType.replace('HKQuantityTypeIdentifier', '')} ${t.writes}${t.min !== undefined ? ` (${range(t.min, t.max, t.unit)})` : ''}`).join(', ');
}

function gapText(gaps: AuditGap[]): string {
  if (!gaps.length) return 'none';
  const longest = gaps.reduce((a, b) => (b.minutes > a.minutes ? b : a));
  return `${gaps.length} (longest ${longest.minutes} min from ${when(longest.from)})`;
}

/** Terminal rendering of a report. */
export function renderReportStylish(report: AuditReport, options: RenderOptions = {}): string {
  const color = options.color ?? false;
  const c = ansi(color);
  const file = report.file ?? 'audit log';
  const out = stylishFindings(file, report.findings, color);
  if (out.length) out.push('');
  out.push(c.bold(`${file}: ${chainLine(report.chain, report.chain.entries)}`));
  if (report.span) out.push(`span ${when(report.span.first)} to ${when(report.span.last)}; ${n(report.totals.readings, 'reading')}, ${n(report.totals.writes, 'write')} (${report.totals.failedWrites} failed, ${report.totals.withoutProvenance} without provenance)`);
  out.push('', c.bold(`Devices (${report.devices.length})`));
  for (const d of report.devices) {
    out.push(`  ${d.peripheral}  ${n(d.readings, 'reading')}${d.decodeErrors ? `, ${d.decodeErrors} undecoded` : ''}, ${n(d.linkedWrites, 'linked write')}  ${when(d.first)} to ${when(d.last)}  gaps: ${gapText(d.gaps)}`);
    out.push(c.dim(`    ${d.characteristics.join(', ')}; ${fieldRanges(d)}`));
  }
  out.push('', c.bold(`HealthKit types (${report.types.length})`));
  for (const t of report.types) {
    out.push(`  ${t.hkType}  ${n(t.writes, 'write')}, ${t.failed} failed  range ${range(t.min, t.max, t.unit)}${t.hashedValues ? ` (${t.hashedValues} hashed)` : ''}  without provenance ${t.withoutProvenance}, mismatches ${t.mismatches}, implausible ${t.implausible}  gaps: ${gapText(t.gaps)}`);
  }
  out.push('', c.bold(`Days (${report.days.length})`));
  for (const d of report.days) {
    out.push(`  ${d.day}  ${n(d.readings, 'reading')}, ${n(d.writes, 'write')}, ${d.failed} failed  ${dayTypes(d)}`);
  }
  out.push('', closing(report.findings, color));
  return out.join('\n') + '\n';
}

/** JSON rendering: the {@link AuditReport} object itself, two-space indented. */
export function renderReportJson(report: AuditReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

const mdCell = (s: string | number) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Markdown rendering (GitHub-flavoured tables), for pull requests and audit files. */
export function renderReportMarkdown(report: AuditReport): string {
  const out: string[] = [`# HealthKit write audit${report.file ? `: \`${report.file}\`` : ''}`, ''];
  out.push(`- Chain: **${report.chain.status}** (${chainSummary(report.chain)})`);
  if (report.span) out.push(`- Span: ${report.span.first} to ${report.span.last}`);
  out.push(`- ${n(report.totals.readings, 'sensor reading')}, ${n(report.totals.writes, 'HealthKit write')} (${report.totals.failedWrites} failed, ${report.totals.withoutProvenance} without provenance)`);
  if (report.declared) out.push(`- Declared write types from ${report.declared.source}: ${report.declared.write.length}`);
  out.push('', `## Findings (${findingCounts(report.findings)})`, '');
  if (report.findings.length) {
    out.push('| Line | Seq | Severity | Rule | Message |', '| ---: | ---: | --- | --- | --- |');
    for (const f of report.findings) out.push(`| ${f.line} | ${f.entrySeq ?? ''} | ${f.severity} | \`${f.ruleId}\` | ${mdCell(f.message)} |`);
  } else out.push('None.');
  out.push('', '## Devices', '', '| Peripheral | Characteristics | Readings | Values | Linked writes | First | Last | Gaps |', '| --- | --- | ---: | --- | ---: | --- | --- | --- |');
  for (const d of report.devices) out.push(`| \`${d.peripheral}\` | ${mdCell(d.characteristics.join(', '))} | ${d.readings} | ${mdCell(fieldRanges(d))} | ${d.linkedWrites} | ${d.first} | ${d.last} | ${mdCell(gapText(d.gaps))} |`);
  out.push('', '## HealthKit types', '', '| Type | Writes | Failed | Range | Without provenance | Mismatches | Implausible | Gaps |', '| --- | ---: | ---: | --- | ---: | ---: | ---: | --- |');
  for (const t of report.types) out.push(`| \`${t.hkType}\` | ${t.writes} | ${t.failed} | ${mdCell(range(t.min, t.max, t.unit))} | ${t.withoutProvenance} | ${t.mismatches} | ${t.implausible} | ${mdCell(gapText(t.gaps))} |`);
  out.push('', '## Days (UTC)', '', '| Day | Readings | Writes | Failed | Writes by type |', '| --- | ---: | ---: | ---: | --- |');
  for (const d of report.days) out.push(`| ${d.day} | ${d.readings} | ${d.writes} | ${d.failed} | ${mdCell(dayTypes(d))} |`);
  return out.join('\n') + '\n';
}

const esc = (s: string | number) => String(s).replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

const CSS = `.hkg-audit{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;color:#1d1d1f;max-width:1100px;margin:0 auto;padding:16px}
.hkg-audit h1{font-size:22px}.hkg-audit h2{font-size:17px;margin-top:28px}
.hkg-audit table{border-collapse:collapse;width:100%;margin:8px 0}.hkg-audit th,.hkg-audit td{border:1px solid #d2d2d7;padding:4px 8px;text-align:left;vertical-align:top}
.hkg-audit th{background:#f5f5f7}.hkg-audit td.num{text-align:right;font-variant-numeric:tabular-nums}
.hkg-audit .sev-error{color:#b00020;font-weight:600}.hkg-audit .sev-warning{color:#8a5a00;font-weight:600}.hkg-audit .sev-info{color:#0b57d0}
.hkg-audit .status-intact{color:#137333}.hkg-audit .status-broken,.hkg-audit .status-not-a-log{color:#b00020}.hkg-audit .status-truncated{color:#8a5a00}
.hkg-audit code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}`;

/** The report as an HTML fragment (a `<section>` with its own scoped `<style>`), for embedding in another page. */
export function renderReportHtmlFragment(report: AuditReport): string {
  const h: string[] = [`<section class="hkg-audit" data-status="${esc(report.chain.status)}">`, `<style>${CSS}</style>`];
  h.push(`<h1>HealthKit write audit${report.file ? `: <code>${esc(report.file)}</code>` : ''}</h1>`);
  h.push(`<p>Chain: <strong class="status-${esc(report.chain.status)}">${esc(report.chain.status)}</strong>, ${esc(chainSummary(report.chain))}.</p>`);
  if (report.span) h.push(`<p>Span: <time>${esc(report.span.first)}</time> to <time>${esc(report.span.last)}</time>. ${n(report.totals.readings, 'sensor reading')}, ${n(report.totals.writes, 'HealthKit write')} (${report.totals.failedWrites} failed, ${report.totals.withoutProvenance} without provenance).</p>`);
  h.push(`<h2>Findings (${esc(findingCounts(report.findings))})</h2>`);
  if (report.findings.length) {
    h.push('<table class="findings"><thead><tr><th>Line</th><th>Seq</th><th>Severity</th><th>Rule</th><th>Message</th></tr></thead><tbody>');
    for (const f of report.findings) h.push(`<tr data-rule="${esc(f.ruleId)}"><td class="num">${f.line}</td><td class="num">${f.entrySeq ?? ''}</td><td class="sev-${esc(f.severity)}">${esc(f.severity)}</td><td><code>${esc(f.ruleId)}</code></td><td>${esc(f.message)}</td></tr>`);
    h.push('</tbody></table>');
  } else h.push('<p>None.</p>');
  h.push('<h2>Devices</h2><table class="devices"><thead><tr><th>Peripheral</th><th>Characteristics</th><th>Readings</th><th>Values</th><th>Linked writes</th><th>First</th><th>Last</th><th>Gaps</th></tr></thead><tbody>');
  for (const d of report.devices) h.push(`<tr><td><code>${esc(d.peripheral)}</code></td><td>${esc(d.characteristics.join(', '))}</td><td class="num">${d.readings}</td><td>${esc(fieldRanges(d))}</td><td class="num">${d.linkedWrites}</td><td>${esc(d.first)}</td><td>${esc(d.last)}</td><td>${esc(gapText(d.gaps))}</td></tr>`);
  h.push('</tbody></table>');
  h.push('<h2>HealthKit types</h2><table class="types"><thead><tr><th>Type</th><th>Writes</th><th>Failed</th><th>Range</th><th>Without provenance</th><th>Mismatches</th><th>Implausible</th><th>Gaps</th></tr></thead><tbody>');
  for (const t of report.types) h.push(`<tr><td><code>${esc(t.hkType)}</code></td><td class="num">${t.writes}</td><td class="num">${t.failed}</td><td>${esc(range(t.min, t.max, t.unit))}</td><td class="num">${t.withoutProvenance}</td><td class="num">${t.mismatches}</td><td class="num">${t.implausible}</td><td>${esc(gapText(t.gaps))}</td></tr>`);
  h.push('</tbody></table>');
  h.push('<h2>Days (UTC)</h2><table class="days"><thead><tr><th>Day</th><th>Readings</th><th>Writes</th><th>Failed</th><th>Writes by type</th></tr></thead><tbody>');
  for (const d of report.days) h.push(`<tr><td>${esc(d.day)}</td><td class="num">${d.readings}</td><td class="num">${d.writes}</td><td class="num">${d.failed}</td><td>${esc(dayTypes(d))}</td></tr>`);
  h.push('</tbody></table></section>');
  return h.join('\n') + '\n';
}

/** A complete, self-contained HTML page (no scripts, no external requests). */
export function renderReportHtml(report: AuditReport): string {
  return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>HealthKit write audit${report.file ? ` - ${esc(report.file)}` : ''}</title>\n</head>\n<body>\n${renderReportHtmlFragment(report)}</body>\n</html>\n`;
}

/** Renders a report in one of the four formats. */
export function renderAuditReport(report: AuditReport, format: AuditReportFormat, options: RenderOptions = {}): string {
  switch (format) {
    case 'json': return renderReportJson(report);
    case 'markdown': return renderReportMarkdown(report);
    case 'html': return renderReportHtml(report);
    default: return renderReportStylish(report, options);
  }
}
