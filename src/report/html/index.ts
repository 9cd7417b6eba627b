/**
 * `hkguard scan --format html`: one self-contained page for a compliance officer. Styles, script and the
 * data-flow map are inline; a Content-Security-Policy forbids every fetch, so the page opens offline and
 * cannot leak. Readable without JavaScript; the script only adds filters.
 */
import { createHash } from 'node:crypto';
import type { Finding, FindingStatus, Severity } from '../../findings/types.js';
import type { AppResult, ScanResult } from '../../scan/types.js';
import { buildDataflowMap, isFlowFinding, categoryWords, healthTypeLabel, renderDataflowSvg, STATUS_LABEL, STATUS_ORDER, STATUS_STYLE, describeDestination } from '../dataflow-map.js';
import { checkManifest, deriveManifest, nutritionLabel } from '../../manifest/derive.js';
import { PURPOSE_LABEL } from '../../manifest/categories.js';
import { SCRIPT, STYLES } from './assets.js';
import { esc, plural, safeLink, slug } from './escape.js';

export interface HtmlOptions {
  /**
   * The runtime audit summary from `hkguard audit report`, rendered generically until its type is wired:
   * `{ entries, devices: [...], types: [...], days: [...], findings: [{ ruleId, severity, message }] }`.
   */
  auditSummary?: unknown;
  /** ISO timestamp printed as the generation time (fixed in snapshot tests); defaults to now. */
  generatedAt?: string;
  /** Reads a root-relative file for code excerpts; undefined when it cannot. */
  readSource?: (file: string) => string | undefined;
}

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
const SEVERITY_LABEL: Record<Severity, string> = { error: 'Error', warning: 'Warning', info: 'Info' };
const KIND_LABEL: Record<string, string> = {
  'react-native': 'React Native', expo: 'Expo', capacitor: 'Capacitor / Ionic', cordova: 'Cordova', 'native-ios': 'Native iOS (Swift)',
};

/** Rule texts are written in Markdown: their `code spans` become <code> (after escaping). */
function codeSpans(text: string): string {
  return esc(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function sevBadge(s: Severity): string {
  return `<span class="badge sev-${s}">${SEVERITY_LABEL[s]}</span>`;
}

function statusBadge(s: FindingStatus): string {
  return `<span class="badge st-${s}">${esc(STATUS_LABEL[s])}</span>`;
}

/** A path that wraps only after its slashes, never inside a name. */
function where(file: string, line?: number, column?: number): string {
  return `<code class="path">${esc(file).replace(/\//g, '/<wbr>')}${line ? `:${line}` : ''}${line && column ? `:${column}` : ''}</code>`;
}

/** A HealthKit identifier that may wrap after its prefix ("HKQuantityTypeIdentifier" + "HeartRate"). */
function identifier(id: string): string {
  return esc(id).replace(/^(HK\w*?Identifier)(?=\w)/, '$1<wbr>');
}

function table(caption: string | undefined, head: string[], rows: string[][], cls = ''): string {
  if (rows.length === 0) return '';
  return [
    `<table${cls ? ` class="${cls}"` : ''}>`,
    caption ? `<caption>${caption}</caption>` : '',
    `<thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`),
    '</tbody></table>',
  ].join('\n');
}

function section(id: string, title: string, body: string): string {
  return `<section class="card" id="${id}" aria-labelledby="${id}-h">\n<h2 id="${id}-h">${esc(title)}</h2>\n${body}\n</section>`;
}

function openCounts(findings: Finding[]): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) if (f.status === 'open') c[f.severity]++;
  return c;
}

function renderSummary(result: ScanResult): string {
  const open = openCounts(result.findings);
  const byStatus = new Map<FindingStatus, number>();
  for (const f of result.findings) byStatus.set(f.status, (byStatus.get(f.status) ?? 0) + 1);
  const [cls, mark, title] = open.error > 0
    ? ['fail', '✕', `Not ready for submission: ${plural(open.error, 'open error')}`]
    : open.warning > 0 ? ['warn', '!', `No open errors; ${plural(open.warning, 'warning')} to review`]
    : ['pass', '✓', 'No open errors or warnings'];
  const healthFlows = result.findings.filter(isFlowFinding).length;
  const verdict = `<div class="verdict ${cls}" role="status"><span class="mark" aria-hidden="true">${mark}</span><div><p class="title">${esc(title)}</p>` +
    `<p>${plural(result.findings.length, 'finding')} in ${plural(result.apps.length, 'app')}; ${plural(healthFlows, 'place')} where health data leaves its source. Only open findings count toward the exit code.</p></div></div>`;
  const tiles = SEVERITIES.map((s) => {
    const all = result.findings.filter((f) => f.severity === s).length;
    return `<div class="tile ${s}"><dt>Open ${s === 'info' ? 'infos' : `${s}s`}</dt><dd>${open[s]}<span class="sub">${all} in total</span></dd></div>`;
  });
  const statusTiles = STATUS_ORDER.filter((s) => s !== 'open').map((s) =>
    `<div class="tile"><dt>${esc(STATUS_LABEL[s])}</dt><dd>${byStatus.get(s) ?? 0}</dd></div>`);
  return section('summary', 'Verdict', `${verdict}<dl class="tiles">${[...tiles, ...statusTiles].join('')}</dl>`);
}

function plistString(app: AppResult, key: string): string | undefined {
  const v = app.facts.infoPlist.get(key)?.value;
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

function renderApps(result: ScanResult, generatedAt: string): string {
  const rows = result.apps.map((a) => {
    const version = plistString(a, 'CFBundleShortVersionString');
    const build = plistString(a, 'CFBundleVersion');
    const languages = [...new Set(a.flows.map((f) => f.language))].sort();
    return [
      `<strong>${esc(a.name)}</strong>`,
      esc(KIND_LABEL[a.kind] ?? a.kind),
      `<code>${esc(a.path)}</code>`,
      version ? `${esc(version)}${build ? ` <span class="muted">(${esc(build)})</span>` : ''}` : '<span class="muted">unknown</span>',
      `${a.facts.sdks.length}`,
      `${result.findings.filter((f) => f.app === a.path).length}`,
      languages.length ? esc(languages.join(', ')) : '<span class="muted">—</span>',
    ];
  });
  const c = result.config;
  const configRows: string[][] = [
    ['Configuration file', c.file ? `<code>${esc(c.file)}</code>` : '<span class="muted">none (defaults)</span>'],
    ['First-party hosts', c.firstPartyHosts.length ? c.firstPartyHosts.map((h) => `<code>${esc(h)}</code>`).join(', ') : '<span class="muted">none</span>'],
    ['Consent gates', c.consentGates.length ? c.consentGates.map((g) => `<code>${esc(g.function)}</code>${g.module ? ` <span class="muted">(${esc(g.module)})</span>` : ''}`).join(', ') : '<span class="muted">none</span>'],
    ['Sanitizers', c.sanitizers.length ? c.sanitizers.map((g) => `<code>${esc(g.function)}</code>${g.module ? ` <span class="muted">(${esc(g.module)})</span>` : ''}`).join(', ') : '<span class="muted">none</span>'],
    ['Extra sinks', c.sinks.length ? c.sinks.map((s) => `<code>${esc(s.function)}</code> → ${esc(s.category)}`).join(', ') : '<span class="muted">none</span>'],
    ['Severity overrides', Object.keys(c.rules).length ? Object.entries(c.rules).sort().map(([r, s]) => `<code>${esc(r)}</code>: ${esc(s)}`).join(', ') : '<span class="muted">none</span>'],
    ['Baseline', c.baseline ? `<code>${esc(c.baseline)}</code>` : '<span class="muted">none</span>'],
    ['Ignored paths', c.ignore.length ? c.ignore.map((i) => `<code>${esc(i)}</code>`).join(', ') : '<span class="muted">none</span>'],
  ];
  const run = `<dl class="kv">
<dt>hkguard version</dt><dd>${esc(result.tool.version)}</dd>
<dt>Scan started</dt><dd><time datetime="${esc(result.startedAt)}">${esc(result.startedAt)}</time></dd>
<dt>Report generated</dt><dd><time datetime="${esc(generatedAt)}">${esc(generatedAt)}</time></dd>
<dt>Scan root</dt><dd><code>${esc(result.root)}</code></dd>
<dt>Files read</dt><dd>${result.files} in ${(result.durationMs / 1000).toFixed(1)} s</dd>
${result.swiftGrammar ? `<dt>Swift parser</dt><dd>${esc(result.swiftGrammar)}</dd>` : ''}
</dl>`;
  return section('apps', 'Apps scanned', [
    table(undefined, ['App', 'Shape', 'Folder', 'Version', 'SDKs', 'Findings', 'Flows in'], rows),
    '<h3>Run</h3>', run,
    '<h3>Configuration used</h3>', table(undefined, ['Setting', 'Value'], configRows),
  ].join('\n'));
}

function renderLegend(): string {
  return `<ul class="legend" aria-label="Edge colours">${STATUS_ORDER.map((s) => {
    const st = STATUS_STYLE[s];
    return `<li><svg width="34" height="10" aria-hidden="true"><line x1="1" y1="5" x2="33" y2="5" stroke="${st.color}" stroke-width="4"${st.dash ? ` stroke-dasharray="${st.dash}"` : ''}/></svg>${esc(STATUS_LABEL[s])}</li>`;
  }).join('')}<li><span class="muted">Number on an edge: findings on that path; width grows with it.</span></li></ul>`;
}

function renderMap(result: ScanResult): string {
  const map = buildDataflowMap(result.findings);
  const body = map.edges.length === 0
    ? '<p>No flow of health data to any destination was found.</p>'
    : `<p class="lead">Each HealthKit type on the left is joined to every place it reaches on the right. Colour shows the state of the worst finding on the path.</p>
<div class="map-wrap">${renderDataflowSvg(map)}</div>${renderLegend()}`;
  return section('map', 'Data-flow map', body);
}

/** Locations, shown relative to `base` (the app's folder) when they lie inside it. */
function locList(locs: Array<{ file: string; line: number }>, max = 4, base?: string): string {
  if (locs.length === 0) return '<span class="muted">—</span>';
  const unique = [...new Map(locs.map((l) => [`${l.file}:${l.line}`, l])).values()];
  const rel = (f: string) => (base && base !== '.' && f.startsWith(`${base}/`) ? f.slice(base.length + 1) : f);
  const shown = unique.slice(0, max).map((l) => where(rel(l.file), l.line)).join('<br>');
  return unique.length > max ? `${shown}<br><span class="muted">+${unique.length - max} more</span>` : shown;
}

function renderInventory(result: ScanResult): string {
  const parts: string[] = [];
  for (const app of result.apps) {
    const types = new Set<string>();
    const u = app.usage;
    for (const h of u.healthkit) for (const t of h.healthTypes) types.add(t);
    for (const a of u.authorizations) for (const r of [...a.read, ...a.write]) types.add(r.identifier);
    const appFindings = result.findings.filter((f) => f.app === app.path && isFlowFinding(f));
    for (const f of appFindings) for (const t of f.healthTypes) types.add(t);
    const rows = [...types].sort((a, b) => healthTypeLabel(a).localeCompare(healthTypeLabel(b), 'en')).map((t) => {
      const reads = u.healthkit.filter((h) => (h.kind === 'read' || h.kind === 'clinical-read' || h.kind === 'observe' || h.kind === 'characteristic-read') && h.healthTypes.includes(t));
      const writes = u.healthkit.filter((h) => h.kind === 'write' && h.healthTypes.includes(t));
      const reqRead = u.authorizations.flatMap((a) => a.read.filter((r) => r.identifier === t));
      const reqWrite = u.authorizations.flatMap((a) => a.write.filter((r) => r.identifier === t));
      const dests = [...new Map(appFindings.filter((f) => f.healthTypes.includes(t)).map((f) => {
        const d = describeDestination(f.recipient!);
        return [d.key, `${esc(d.label)} <span class="muted">(${esc(d.sublabel)})</span>`];
      })).values()];
      const requestedNotUsed = (reqRead.length > 0 && reads.length === 0) || (reqWrite.length > 0 && writes.length === 0);
      const usedNotRequested = (reads.length > 0 && reqRead.length === 0 && u.authorizations.length > 0) || (writes.length > 0 && reqWrite.length === 0 && u.authorizations.length > 0);
      return [
        `<strong>${esc(healthTypeLabel(t))}</strong><br><code class="muted ident">${identifier(t)}</code>`,
        reads.length ? `<span class="yes-ok">Read</span><br>${locList(reads.map((r) => r.location), 4, app.path)}` : '<span class="muted">not read</span>',
        writes.length ? `<span class="yes-ok">Written</span><br>${locList(writes.map((r) => r.location), 4, app.path)}` : '<span class="muted">not written</span>',
        [reqRead.length ? `read: ${locList(reqRead.map((r) => r.location), 2, app.path)}` : '', reqWrite.length ? `write: ${locList(reqWrite.map((r) => r.location), 2, app.path)}` : ''].filter(Boolean).join('<br>') || '<span class="muted">not requested</span>',
        dests.length ? dests.join('<br>') : '<span class="muted">stays in the app</span>',
        requestedNotUsed ? '<span class="yes-bad">Requested, not used</span>' : usedNotRequested ? '<span class="yes-bad">Used, not requested</span>' : '<span class="yes-ok">Consistent</span>',
      ];
    });
    const other = [
      u.bluetooth.length ? `Bluetooth: ${plural(u.bluetooth.length, 'call')} (${esc([...new Set(u.bluetooth.map((b) => b.library))].join(', '))})` : '',
      u.motion.length ? `Motion &amp; fitness: ${plural(u.motion.length, 'call')} (${esc([...new Set(u.motion.map((b) => b.api))].join(', '))})` : '',
      u.readDenialInferences.length ? `<span class="yes-bad">Read-denial inference at ${locList(u.readDenialInferences.map((r) => r.location), 4, app.path)}</span>` : '',
    ].filter(Boolean);
    parts.push(`<h3>${esc(app.name)} <span class="muted">· ${esc(app.path)}</span></h3>`);
    if (app.path !== '.') parts.push(`<p class="muted">Paths below are relative to <code class="path">${esc(app.path)}</code>.</p>`);
    parts.push(rows.length ? table(undefined, ['Health type', 'Read', 'Written', 'Requested', 'Goes to', 'Check'], rows, 'inventory') : '<p class="muted">No HealthKit use found.</p>');
    if (other.length) parts.push(`<p>${other.join(' · ')}</p>`);
  }
  return section('inventory', 'Data inventory', parts.join('\n'));
}

function excerpt(readSource: HtmlOptions['readSource'], f: Finding): string {
  if (!readSource) return '';
  let text: string | undefined;
  try {
    text = readSource(f.location.file);
  } catch {
    text = undefined;
  }
  if (text === undefined) return '';
  const lines = text.split(/\r?\n/);
  const line = f.location.line;
  if (line < 1 || line > lines.length) return '';
  const from = Math.max(1, line - 2);
  const to = Math.min(lines.length, Math.max(line, f.location.endLine ?? line) + 2);
  const out: string[] = [];
  for (let n = from; n <= to; n++) {
    const hl = n >= line && n <= (f.location.endLine ?? line);
    // Very long (minified) lines are cut so that a single excerpt cannot swell the report.
    const raw = lines[n - 1]!;
    const shown = raw.length > 400 ? `${raw.slice(0, 400)} …` : raw;
    out.push(`<span class="l${hl ? ' hl' : ''}"><span class="ln">${n}</span>${esc(shown)}</span>`);
  }
  return `<pre class="code" aria-label="Code at ${esc(f.location.file)} line ${line}"><code>${out.join('')}</code></pre>`;
}

function renderFinding(result: ScanResult, f: Finding, readSource: HtmlOptions['readSource']): string {
  const dest = f.recipient ? describeDestination(f.recipient) : undefined;
  const facts = [
    f.healthTypes.length ? `Health data: ${f.healthTypes.map((t) => esc(healthTypeLabel(t))).join(', ')}` : '',
    dest ? `Reaches: ${esc(dest.label)} (${esc(dest.sublabel)})` : '',
    f.guard ? `Guard: <code>${esc(f.guard)}</code>` : '',
    f.suppression ? `${f.suppression.kind === 'baseline' ? 'Baselined' : `Suppressed (${esc(f.suppression.kind)})`}: ${esc(f.suppression.reason)}` : '',
    f.app ? `App: ${esc(result.apps.find((a) => a.path === f.app)?.name ?? f.app)}` : '',
  ].filter(Boolean).join(' · ');
  const flow = f.flow?.length
    ? `<ol class="flow" aria-label="Flow path">${f.flow.map((s) => `<li>${where(s.file, s.line, s.column)} ${esc(s.note)}</li>`).join('')}</ol>`
    : '';
  return `<article class="finding" data-rule="${esc(f.ruleId)}" data-severity="${f.severity}" data-status="${f.status}" data-fingerprint="${esc(f.fingerprint)}">
<h4>${sevBadge(f.severity)} ${statusBadge(f.status)} ${where(f.location.file, f.location.line, f.location.column)}</h4>
<p class="message">${codeSpans(f.message)}</p>
${facts ? `<p class="facts">${facts}</p>` : ''}
${excerpt(readSource, f)}
${flow}
</article>`;
}

function renderFindings(result: ScanResult, readSource: HtmlOptions['readSource']): string {
  if (result.findings.length === 0) return section('findings', 'Findings', '<p>No findings.</p>');
  const byRule = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const list = byRule.get(f.ruleId) ?? [];
    list.push(f);
    byRule.set(f.ruleId, list);
  }
  const sevRank = (s: Severity) => SEVERITIES.indexOf(s);
  const ruleIds = [...byRule.keys()].sort((a, b) => {
    const fa = byRule.get(a)!;
    const fb = byRule.get(b)!;
    const worst = (l: Finding[]) => Math.min(...l.map((f) => sevRank(f.severity)));
    return worst(fa) - worst(fb) || a.localeCompare(b);
  });
  const filters = `<form id="filters" class="filters" hidden aria-label="Filter findings">
<label for="filter-severity">Severity<select id="filter-severity"><option value="">All severities</option>${SEVERITIES.map((s) => `<option value="${s}">${SEVERITY_LABEL[s]}</option>`).join('')}</select></label>
<label for="filter-rule">Rule<select id="filter-rule"><option value="">All rules</option>${ruleIds.map((r) => `<option value="${esc(r)}">${esc(r)}</option>`).join('')}</select></label>
<label for="filter-status">Status<select id="filter-status"><option value="">All statuses</option>${STATUS_ORDER.map((s) => `<option value="${s}">${esc(STATUS_LABEL[s])}</option>`).join('')}</select></label>
<button type="reset">Clear filters</button>
<output id="filter-count" aria-live="polite">Showing ${result.findings.length} of ${result.findings.length} findings</output>
</form>`;
  const groups = ruleIds.map((id) => {
    const list = byRule.get(id)!;
    const meta = result.rules.get(id);
    const gl = meta?.guidelines ?? [];
    const metaDl = meta ? `<dl class="rule-meta">
${gl.length ? `<dt>Guideline</dt><dd>${gl.map((g) => `${safeLink(g.url, `App Store Review Guideline ${g.clause}`)}: ${esc(g.text)}`).join('<br>')}</dd>` : ''}
${meta.why ? `<dt>Why it matters</dt><dd>${codeSpans(meta.why)}</dd>` : ''}
${meta.fix ? `<dt>How to fix</dt><dd>${codeSpans(meta.fix)}</dd>` : ''}
</dl>` : '';
    const open = list.filter((f) => f.status === 'open').length;
    return `<div class="rule-group" id="rule-${slug(id)}" data-rule="${esc(id)}">
<h3>${esc(meta?.title ?? id)} <span class="rid">${esc(id)}</span> <span class="muted">${plural(list.length, 'finding')}, ${open} open</span></h3>
${metaDl}
${list.map((f) => renderFinding(result, f, readSource)).join('\n')}
</div>`;
  });
  return section('findings', 'Findings by rule', `${filters}\n${groups.join('\n')}`);
}

function present(v: unknown): string {
  if (v === undefined) return '<span class="yes-bad">not set</span>';
  if (Array.isArray(v)) return v.length ? v.map((x) => `<code>${esc(x)}</code>`).join(', ') : '<span class="muted">(empty)</span>';
  if (typeof v === 'boolean') return `<code>${v}</code>`;
  return esc(v);
}

function renderConfiguration(result: ScanResult): string {
  const parts: string[] = [];
  for (const app of result.apps) {
    const u = app.usage;
    const reads = u.healthkit.some((h) => h.kind === 'read' || h.kind === 'observe' || h.kind === 'characteristic-read') || u.authorizations.some((a) => a.read.length > 0);
    const writes = u.healthkit.some((h) => h.kind === 'write') || u.authorizations.some((a) => a.write.length > 0);
    const clinical = u.healthkit.some((h) => h.kind === 'clinical-read');
    const background = u.healthkit.some((h) => h.kind === 'background-delivery');
    const anyHealth = u.healthkit.length > 0 || u.authorizations.length > 0;
    const appFindings = result.findings.filter((f) => f.app === app.path);
    const findingFor = (key: string) => appFindings.filter((f) => f.message.includes(key)).map((f) => `<a href="#rule-${slug(f.ruleId)}">${esc(f.ruleId)}</a>`);
    const row = (key: string, value: unknown, whereLabel: string | undefined, needed: boolean, why: string): string[] | undefined => {
      // A key that is neither set nor needed says nothing about the app: leave it out.
      if (value === undefined && !needed) return undefined;
      const related = findingFor(key);
      const state = related.length ? `<span class="yes-bad">See ${related.join(', ')}</span>`
        : needed && value === undefined ? '<span class="yes-bad">Missing</span>'
        : !needed ? '<span class="muted">Set, not needed by the code</span>'
        : '<span class="yes-ok">OK</span>';
      return [`<code class="key">${esc(key)}</code>`, present(value), whereLabel ? esc(whereLabel).replace(/\//g, '/<wbr>') : '<span class="muted">—</span>', needed ? esc(why) : '<span class="muted">no</span>', state];
    };
    const ip = (k: string) => app.facts.infoPlist.get(k);
    const en = (k: string) => app.facts.entitlements.get(k);
    const rows: string[][] = ([
      row('NSHealthShareUsageDescription', ip('NSHealthShareUsageDescription')?.value, ip('NSHealthShareUsageDescription')?.where, reads, 'reads HealthKit'),
      row('NSHealthUpdateUsageDescription', ip('NSHealthUpdateUsageDescription')?.value, ip('NSHealthUpdateUsageDescription')?.where, writes, 'writes HealthKit'),
      row('NSHealthClinicalHealthRecordsShareUsageDescription', ip('NSHealthClinicalHealthRecordsShareUsageDescription')?.value, ip('NSHealthClinicalHealthRecordsShareUsageDescription')?.where, clinical, 'reads clinical records'),
      row('NSBluetoothAlwaysUsageDescription', ip('NSBluetoothAlwaysUsageDescription')?.value, ip('NSBluetoothAlwaysUsageDescription')?.where, u.bluetooth.length > 0, 'uses Bluetooth'),
      row('NSMotionUsageDescription', ip('NSMotionUsageDescription')?.value, ip('NSMotionUsageDescription')?.where, u.motion.length > 0, 'uses Core Motion'),
      row('com.apple.developer.healthkit', en('com.apple.developer.healthkit')?.value, en('com.apple.developer.healthkit')?.where, anyHealth, 'uses HealthKit'),
      row('com.apple.developer.healthkit.access', en('com.apple.developer.healthkit.access')?.value, en('com.apple.developer.healthkit.access')?.where, clinical, 'reads clinical records'),
      row('com.apple.developer.healthkit.background-delivery', en('com.apple.developer.healthkit.background-delivery')?.value, en('com.apple.developer.healthkit.background-delivery')?.where, background, 'enables background delivery'),
    ] as Array<string[] | undefined>).filter((r): r is string[] => r !== undefined);
    const modes = ip('UIBackgroundModes');
    const modeList = Array.isArray(modes?.value) ? (modes!.value as unknown[]).map(String) : [];
    for (const m of modeList) {
      const needed = m === 'bluetooth-central' ? u.bluetooth.length > 0 : undefined;
      rows.push([`<code class="key">UIBackgroundModes</code> <code>${esc(m)}</code>`, '<code>declared</code>', esc(modes!.where).replace(/\//g, '/<wbr>'),
        needed === undefined ? '<span class="muted">not assessed</span>' : needed ? 'uses Bluetooth' : '<span class="muted">no</span>',
        needed === false ? '<span class="yes-bad">Declared without Bluetooth use (Guideline 2.5.4)</span>' : '<span class="muted">—</span>']);
    }
    parts.push(`<h3>${esc(app.name)} <span class="muted">· ${esc(app.path)}</span></h3>`);
    parts.push(table('Usage strings, entitlements and background modes', ['Key', 'Value', 'Where', 'Needed by the code', 'State'], rows, 'config'));

    const derived = deriveManifest(app);
    const manifest = app.facts.privacyManifests[0];
    const declared = manifest?.collected;
    const problems = checkManifest(derived, declared);
    const declaredTypes = new Set((declared ?? []).map((d) => d.type));
    const mRows = [...new Set([...derived.entries.map((e) => e.type as string), ...(declared ?? []).map((d) => d.type)])].sort().map((t) => {
      const d = declared?.find((x) => x.type === t);
      const e = derived.entries.find((x) => x.type === t);
      const mine = problems.filter((p) => p.dataType === t);
      return [
        `<code>${esc(t)}</code>`,
        d ? `linked ${d.linked === true ? 'yes' : 'no'}, tracking ${d.tracking === true ? '<span class="yes-bad">yes</span>' : 'no'}; ${d.purposes.map((p) => esc(PURPOSE_LABEL[p] ?? p)).join(', ') || 'no purpose'}` : '<span class="muted">not declared</span>',
        e ? `linked ${e.linked ? 'yes' : 'no'}, tracking no; ${e.purposes.map((p) => esc(PURPOSE_LABEL[p] ?? p)).join(', ')}` : '<span class="muted">no flow found</span>',
        mine.length ? `<span class="yes-bad">${mine.map((p) => esc(p.message)).join('<br>')}</span>` : declaredTypes.has(t) ? '<span class="yes-ok">Covers the code</span>' : '<span class="muted">—</span>',
      ];
    });
    const fileLine = manifest ? `Privacy manifest: ${where(manifest.file)}${manifest.tracking ? `, NSPrivacyTracking <code>${esc(manifest.tracking.value)}</code>` : ''}.`
      : `<span class="yes-bad">No privacy manifest</span>${derived.manifestFile
        ? derived.manifestFile.endsWith('.xcprivacy') ? `; it belongs at ${where(derived.manifestFile)}` : `; it belongs in ${where(derived.manifestFile)} under <code>ios.privacyManifests</code>`
        : ''}.`;
    parts.push(`<p>${fileLine} Run <code>hkguard manifest --write</code> to add what is missing.</p>`);
    if (mRows.length) parts.push(table('Privacy-manifest declarations against what the code does', ['Data type', 'Declared', 'The code does', 'State'], mRows));
    const label = nutritionLabel(derived);
    parts.push(`<h4>App Store privacy label (health &amp; fitness)</h4><ul class="nutrition">${label.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`);
  }
  return section('configuration', 'Configuration', parts.join('\n'));
}

function renderSdks(result: ScanResult): string {
  const rows: string[][] = [];
  for (const app of result.apps) {
    for (const s of [...app.facts.sdks].sort((a, b) => a.vendor.localeCompare(b.vendor) || a.product.localeCompare(b.product))) {
      const imported = app.usage.sdkImports.filter((i) => i.sdkId === s.sdkId);
      // A vendor may ship several SDKs (Google: Firebase Analytics and Mobile Ads): match the category too.
      const sdkCategory = s.category === 'ads' ? 'advertising' : s.category;
      const reached = result.findings.filter((f) => f.app === app.path && isFlowFinding(f) && f.recipient.vendor === s.vendor &&
        f.recipient.category === sdkCategory && (f.recipient.kind === 'sdk' || f.recipient.kind === 'ai'));
      rows.push([
        esc(app.name),
        `<strong>${esc(s.vendor)}</strong><br>${esc(s.product)}`,
        esc(categoryWords(s.category) || s.category),
        `<code>${esc(s.via)}</code> <span class="muted">(${esc(s.viaKind)})</span>`,
        s.version ? esc(s.version) : '<span class="muted">—</span>',
        imported.length ? locList(imported.map((i) => i.location), 2, app.path) : '<span class="muted">not imported by app code</span>',
        reached.length ? `<span class="yes-bad">Yes: ${plural(reached.length, 'finding')} (${reached.filter((f) => f.status === 'open').length} open)</span>` : '<span class="yes-ok">No</span>',
      ]);
    }
  }
  const body = rows.length
    ? table(undefined, ['App', 'SDK', 'Category', 'Brought in by', 'Version', 'Imported at', 'Receives health data'], rows)
    : '<p>No third-party SDK from the catalog was found.</p>';
  return section('sdks', 'SDK inventory', body);
}

function renderRisks(result: ScanResult): string {
  const accepted = result.findings.filter((f) => f.status === 'suppressed' || f.status === 'baselined');
  const guarded = result.findings.filter((f) => f.status === 'consented' || f.status === 'sanitized');
  const parts: string[] = [];
  parts.push('<p class="lead">Findings the team accepted do not fail the build; each is listed with the reason given.</p>');
  parts.push(accepted.length
    ? table('Suppressed and baselined findings', ['Rule', 'Where', 'How', 'Reason'], accepted.map((f) => [
      `${sevBadge(f.severity)} <code>${esc(f.ruleId)}</code>`, where(f.location.file, f.location.line),
      f.status === 'baselined' ? statusBadge('baselined') : `${statusBadge('suppressed')} <span class="muted">${esc(f.suppression?.kind ?? '')}</span>`,
      f.suppression?.reason ? esc(f.suppression.reason) : '<span class="yes-bad">no reason given</span>',
    ]))
    : '<p>No suppressed or baselined findings.</p>');
  if (guarded.length) {
    parts.push(table('Flows behind a consent gate or a sanitizer', ['Rule', 'Where', 'Status', 'Guard'], guarded.map((f) => [
      `${sevBadge(f.severity)} <code>${esc(f.ruleId)}</code>`, where(f.location.file, f.location.line), statusBadge(f.status), f.guard ? `<code>${esc(f.guard)}</code>` : '<span class="muted">—</span>',
    ])));
  }
  return section('risks', 'Accepted risks', parts.join('\n'));
}

const FIELD_LABEL: Record<string, string> = { hkType: 'Health type', ruleId: 'Rule', entrySeq: 'Entry', hmac: 'HMAC', id: 'ID' };

function fieldLabel(key: string): string {
  if (FIELD_LABEL[key]) return FIELD_LABEL[key];
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** One value of the loosely typed audit summary, readable whatever its shape. */
function cell(v: unknown): string {
  if (v === null || v === undefined) return '<span class="muted">—</span>';
  if (Array.isArray(v)) {
    if (v.length === 0) return '<span class="muted">none</span>';
    const items = v.slice(0, 6).map((i) => (i && typeof i === 'object' && !Array.isArray(i)
      ? Object.entries(i as Record<string, unknown>).map(([k, x]) => `${esc(fieldLabel(k).toLowerCase())} ${esc(typeof x === 'object' ? JSON.stringify(x) : x)}`).join(', ')
      : esc(typeof i === 'object' ? JSON.stringify(i) : i)));
    return items.join('<br>') + (v.length > 6 ? `<br><span class="muted">+${v.length - 6} more</span>` : '');
  }
  if (typeof v === 'object') return `<code>${esc(JSON.stringify(v))}</code>`;
  return esc(v);
}

function genericTable(caption: string, items: unknown[]): string {
  if (items.length === 0) return `<p class="muted">${esc(caption)}: none.</p>`;
  const objects = items.map((i) => (i && typeof i === 'object' && !Array.isArray(i) ? (i as Record<string, unknown>) : { value: i }));
  const keys = [...new Set(objects.flatMap((o) => Object.keys(o)))];
  return table(esc(caption), keys.map((k) => esc(fieldLabel(k))), objects.map((o) => keys.map((k) => cell(o[k]))));
}

/**
 * The runtime audit, from `hkguard audit report`. The summary is typed loosely until the CLI wires the audit
 * branch's type: lists (devices, types, days, findings) become tables, nested objects (chain, totals, span)
 * become field lists, anything else is shown as it is.
 */
function renderAudit(summary: unknown): string {
  const s = (summary && typeof summary === 'object' ? summary : {}) as Record<string, unknown>;
  const arr = (k: string) => (Array.isArray(s[k]) ? (s[k] as unknown[]) : []);
  const obj = (k: string) => (s[k] && typeof s[k] === 'object' && !Array.isArray(s[k]) ? (s[k] as Record<string, unknown>) : undefined);
  const findings = arr('findings').map((f) => (f && typeof f === 'object' ? (f as Record<string, unknown>) : {}));
  const entries = s.entries ?? obj('chain')?.entries;
  const parts: string[] = [];
  parts.push(`<dl class="kv"><dt>Log entries</dt><dd>${cell(entries)}</dd><dt>Devices</dt><dd>${arr('devices').length}</dd><dt>Health types written</dt><dd>${arr('types').length}</dd><dt>Days</dt><dd>${arr('days').length}</dd></dl>`);
  const withLine = findings.some((f) => f.line !== undefined);
  parts.push(findings.length
    ? table('Audit findings', ['Severity', 'Rule', 'Message', ...(withLine ? ['Log line'] : [])], findings.map((f) => {
      const sev = String(f.severity ?? '');
      return [SEVERITIES.includes(sev as Severity) ? sevBadge(sev as Severity) : esc(sev), `<code>${esc(f.ruleId)}</code>`, esc(f.message), ...(withLine ? [cell(f.line)] : [])];
    }))
    : '<p class="yes-ok">The audit log verified with no findings.</p>');
  const lists = new Set(['devices', 'types', 'days', 'findings']);
  const nested = Object.keys(s).filter((k) => !lists.has(k) && obj(k));
  for (const k of nested) {
    parts.push(table(esc(fieldLabel(k)), ['Field', 'Value'], Object.entries(obj(k)!).map(([f, v]) => [esc(fieldLabel(f)), cell(v)])));
  }
  parts.push(genericTable('Per device', arr('devices')), genericTable('Per health type', arr('types')), genericTable('Per day', arr('days')));
  const extra = Object.entries(s).filter(([k]) => !lists.has(k) && !nested.includes(k) && k !== 'entries');
  if (extra.length) parts.push(table('Other', ['Field', 'Value'], extra.map(([k, v]) => [esc(fieldLabel(k)), cell(v)])));
  return section('audit', 'Runtime audit', parts.join('\n'));
}

function renderDiagnostics(result: ScanResult): string {
  if (result.diagnostics.length === 0) return '';
  return section('diagnostics', 'Files hkguard could not read', table(undefined, ['File', 'Severity', 'Problem'], result.diagnostics.map((d) => [
    where(d.file, d.line, d.column), esc(d.severity), esc(d.message),
  ])));
}

/** Renders the whole report as one HTML document. */
export function renderHtml(result: ScanResult, options: HtmlOptions = {}): string {
  const generatedAt = options.generatedAt ?? new Date().toISOString();
  // Many findings share a file: read each once.
  const sources = new Map<string, string | undefined>();
  const read = options.readSource;
  const readSource = read && ((file: string) => {
    if (!sources.has(file)) {
      let text: string | undefined;
      try {
        text = read(file);
      } catch {
        text = undefined;
      }
      sources.set(file, text);
    }
    return sources.get(file);
  });
  const hasAudit = options.auditSummary !== undefined && options.auditSummary !== null;
  const accepted = result.findings.filter((f) => f.status === 'suppressed' || f.status === 'baselined').length;
  const sections: Array<[string, string, string, number | undefined]> = [
    ['summary', 'Verdict', renderSummary(result), undefined],
    ['apps', 'Apps scanned', renderApps(result, generatedAt), result.apps.length],
    ['map', 'Data-flow map', renderMap(result), undefined],
    ['inventory', 'Data inventory', renderInventory(result), undefined],
    ['findings', 'Findings', renderFindings(result, readSource), result.findings.length],
    ['configuration', 'Configuration', renderConfiguration(result), undefined],
    ['sdks', 'SDK inventory', renderSdks(result), result.apps.reduce((n, a) => n + a.facts.sdks.length, 0)],
    ['risks', 'Accepted risks', renderRisks(result), accepted],
  ];
  if (hasAudit) sections.push(['audit', 'Runtime audit', renderAudit(options.auditSummary), undefined]);
  const diagnostics = renderDiagnostics(result);
  if (diagnostics) sections.push(['diagnostics', 'Unreadable files', diagnostics, result.diagnostics.length]);

  const scriptHash = createHash('sha256').update(SCRIPT).digest('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${scriptHash}'; img-src data:; form-action 'none'; base-uri 'none'`;
  const appNames = result.apps.map((a) => a.name).join(', ') || 'no app found';
  const open = openCounts(result.findings);
  const nav = `<nav class="toc" aria-label="Report sections"><h2>Contents</h2><ol>${sections.map(([id, label, , n]) =>
    `<li><a href="#${id}">${esc(label)}${n !== undefined ? `<span class="n">${n}</span>` : ''}</a></li>`).join('')}</ol></nav>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="generator" content="hkguard ${esc(result.tool.version)}">
<title>hkguard report: ${esc(appNames)}</title>
<style>${STYLES}</style>
</head>
<body>
<a class="skip" href="#findings">Skip to findings</a>
<header class="report-header"><div class="inner">
<h1>HealthKit privacy report</h1>
<p class="subtitle">${esc(appNames)}</p>
<p class="meta"><span><strong>${open.error}</strong> open errors</span><span><strong>${open.warning}</strong> open warnings</span><span><strong>${open.info}</strong> open infos</span><span>hkguard ${esc(result.tool.version)}</span><span>Generated <time datetime="${esc(generatedAt)}">${esc(generatedAt)}</time></span></p>
</div></header>
<div class="layout">
${nav}
<main id="main">
${sections.map(([, , html]) => html).join('\n')}
</main>
</div>
<footer class="report-footer"><p>Generated by hkguard ${esc(result.tool.version)}. hkguard reads code and configuration; it never runs the app. A flow it cannot see is not proof that none exists.</p></footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
