/**
 * `hkguard scan --format markdown`: a pull-request comment in GitHub-flavoured Markdown. A summary table, where
 * health data goes, then one collapsible block per finding with its flow path. GitHub rejects comments over
 * 65,536 characters, so the output stays under `maxLength` and says how many findings it left out.
 */
import type { Finding, FindingStatus, Severity } from '../findings/types.js';
import type { ScanResult } from '../scan/types.js';
import { STATUS_LABEL, STATUS_ORDER, buildDataflowMap, healthTypeLabel } from './dataflow-map.js';

export interface MarkdownOptions {
  /** Upper bound on the output's length in characters (default 65,000). */
  maxLength?: number;
}

export const DEFAULT_MARKDOWN_MAX = 65_000;

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
const SEVERITY_ICON: Record<Severity, string> = { error: '🔴', warning: '🟠', info: '🔵' };
const SEVERITY_WORD: Record<Severity, string> = { error: 'Error', warning: 'Warning', info: 'Info' };

/** Text inside a table cell: no pipes, no line breaks, no HTML. */
function cell(s: string): string {
  return inline(s).replace(/\|/g, '\\|');
}

/**
 * Text in Markdown prose: HTML is escaped, and punctuation that could start links, emphasis or headings is
 * neutralized. Backticks stay: messages quote code in code spans, and a code span cannot carry markup.
 */
function inline(s: string): string {
  return s
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/([\\*_[\]#~])/g, '\\$1')
    .replace(/@/g, '@\u200b') // an "@name" in a message must not ping a GitHub user
    .replace(/\r?\n/g, ' ');
}

/** Text from the rule catalog (ours, written in Markdown): keep its code spans, escape HTML and mentions. */
function catalogText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/@/g, '@\u200b').replace(/\r?\n/g, ' ');
}

/** Text inside an HTML element (the <summary>): only HTML needs escaping. */
function html(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r?\n/g, ' ');
}

function code(s: string): string {
  const ticks = s.includes('`') ? '``' : '`';
  return `${ticks}${s.includes('`') ? ` ${s} ` : s}${ticks}`;
}

function statusIcon(s: FindingStatus): string {
  return s === 'open' ? '' : ` (${STATUS_LABEL[s].toLowerCase()})`;
}

function renderFinding(result: ScanResult, f: Finding): string {
  const rule = result.rules.get(f.ruleId);
  const loc = `${f.location.file}:${f.location.line}:${f.location.column}`;
  const lines: string[] = [];
  lines.push('<details>');
  lines.push(`<summary>${SEVERITY_ICON[f.severity]} <b>${html(f.ruleId)}</b>${html(statusIcon(f.status))} · <code>${html(loc)}</code></summary>`);
  lines.push('');
  lines.push(inline(f.message));
  lines.push('');
  const facts: string[] = [];
  if (f.healthTypes.length) facts.push(`**Health data:** ${f.healthTypes.map((t) => inline(healthTypeLabel(t))).join(', ')}`);
  if (f.recipient) {
    const r = f.recipient;
    facts.push(`**Reaches:** ${inline([r.vendor, r.host].filter(Boolean).join(', ') || r.kind)}${r.category ? ` (${inline(r.category)})` : ''}`);
  }
  const gl = rule?.guidelines ?? [];
  if (gl.length) facts.push(`**Guideline:** ${gl.map((g) => `[${inline(g.clause)}](${g.url.replace(/\)/g, '%29').replace(/ /g, '%20')})`).join(', ')}`);
  if (f.guard) facts.push(`**Guard:** ${code(f.guard)}`);
  if (f.suppression) facts.push(`**${f.status === 'baselined' ? 'Baselined' : 'Suppressed'}:** ${inline(f.suppression.reason)}`);
  if (facts.length) lines.push(facts.join('<br>'), '');
  if (f.flow?.length) {
    lines.push('Flow path:', '');
    f.flow.forEach((s, i) => lines.push(`${i + 1}. ${code(`${s.file}:${s.line}:${s.column}`)} ${inline(s.note)}`));
    lines.push('');
  }
  if (rule?.fix) lines.push(`**Fix:** ${catalogText(rule.fix)}`, '');
  lines.push('</details>');
  return lines.join('\n');
}

function summary(result: ScanResult): string {
  const open: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of result.findings) if (f.status === 'open') open[f.severity]++;
  const verdict = open.error > 0 ? `❌ **${open.error} open error${open.error === 1 ? '' : 's'}**`
    : open.warning > 0 ? `⚠️ **No open errors**, ${open.warning} warning${open.warning === 1 ? '' : 's'}` : '✅ **No open errors or warnings**';
  const lines: string[] = [];
  lines.push(`## hkguard: ${verdict}`, '');
  lines.push(`Scanned ${result.apps.map((a) => `**${inline(a.name)}** (${inline(a.kind)})`).join(', ') || 'no app'} with hkguard ${inline(result.tool.version)}.`, '');
  lines.push('| Severity | Open | Consented | Sanitized | Baselined | Suppressed |', '| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const s of SEVERITIES) {
    const n = (st: FindingStatus) => result.findings.filter((f) => f.severity === s && f.status === st).length;
    lines.push(`| ${SEVERITY_ICON[s]} ${SEVERITY_WORD[s]} | ${n('open')} | ${n('consented')} | ${n('sanitized')} | ${n('baselined')} | ${n('suppressed')} |`);
  }
  lines.push('');
  const byRule = new Map<string, Finding[]>();
  for (const f of result.findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  if (byRule.size) {
    lines.push('| Rule | Severity | Open | Total | Guideline |', '| --- | --- | ---: | ---: | --- |');
    const ids = [...byRule.keys()].sort((a, b) => {
      const w = (id: string) => Math.min(...byRule.get(id)!.map((f) => SEVERITIES.indexOf(f.severity)));
      return w(a) - w(b) || a.localeCompare(b);
    });
    for (const id of ids) {
      const list = byRule.get(id)!;
      const rule = result.rules.get(id);
      const sev = SEVERITIES.find((s) => list.some((f) => f.severity === s))!;
      const gl = (rule?.guidelines ?? []).map((g) => g.clause).join(', ');
      lines.push(`| ${cell(rule?.title ?? id)} (${code(id)}) | ${SEVERITY_ICON[sev]} ${SEVERITY_WORD[sev]} | ${list.filter((f) => f.status === 'open').length} | ${list.length} | ${gl ? cell(gl) : '—'} |`);
    }
    lines.push('');
  }
  const map = buildDataflowMap(result.findings);
  if (map.edges.length) {
    lines.push('### Where health data goes', '', '| Health data | Destination | Findings | Worst status |', '| --- | --- | ---: | --- |');
    for (const e of map.edges) {
      const d = map.destinations.find((x) => x.key === e.destination)!;
      lines.push(`| ${cell(healthTypeLabel(e.type))} | ${cell(d.label)} (${cell(d.sublabel)}) | ${e.count} | ${STATUS_ORDER.includes(e.status) ? STATUS_LABEL[e.status] : e.status} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** Renders the Markdown comment; the result is never longer than `maxLength`. */
export function renderMarkdown(result: ScanResult, options: MarkdownOptions = {}): string {
  const max = options.maxLength ?? DEFAULT_MARKDOWN_MAX;
  const head = summary(result);
  // Open findings first: when the comment must be cut, what blocks the merge is what stays.
  const ordered = [...result.findings].sort((a, b) =>
    STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  const footer = '\n\n<sub>Generated by hkguard. Findings in consented, sanitized, baselined or suppressed state do not fail the check.</sub>\n';
  const title = ordered.length ? '### Findings\n\n' : '';
  const truncationNote = (n: number) => `\n\n> [!NOTE]\n> ${n} more finding${n === 1 ? '' : 's'} not shown: this comment would exceed ${max.toLocaleString('en-US')} characters. See the HTML or SARIF report for all of them.`;
  const blocks = ordered.map((f) => renderFinding(result, f));
  let body = '';
  let shown = 0;
  for (const block of blocks) {
    const next = body ? `${body}\n\n${block}` : block;
    const rest = blocks.length - shown - 1;
    const reserve = rest > 0 ? truncationNote(rest).length : 0;
    if (head.length + title.length + next.length + reserve + footer.length > max) break;
    body = next;
    shown++;
  }
  const omitted = blocks.length - shown;
  let out = `${head}\n${title}${body}${omitted > 0 ? truncationNote(omitted) : ''}${footer}`;
  if (out.length > max) {
    // Even the summary does not fit (a tiny maxLength): cut it hard, still saying so.
    const note = `\n\n… cut at ${max} characters; ${blocks.length} findings not shown.\n`;
    out = note.length >= max ? note.slice(0, max) : out.slice(0, max - note.length) + note;
  }
  return out;
}
