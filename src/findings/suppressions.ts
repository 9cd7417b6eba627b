/**
 * Inline suppressions: `// hkguard-ignore <rule-id>[, <rule-id>] -- <reason>` (ESLint's and Semgrep's
 * conventions). A comment on a line of its own covers the next code line; a comment after code covers its own
 * line. Forms: `//` and `/* *\/` in JS/TS/Swift/Objective-C/pbxproj, `<!-- hkguard-ignore id - reason -->` in
 * plists, entitlements, privacy manifests and XML (one dash: XML comments may not contain two), `#` in YAML.
 *
 * Where a flow finding may be suppressed: at its sink line only (the finding's location), not at its source.
 * A comment at a source would silently cover every sink added later, in any file, which is exactly the new leak
 * a reviewer needs to see. A comment placed at a flow's source is reported as unused, with a hint.
 */
import path from 'node:path';
import type { Finding, RawFinding, SourceLocation } from './types.js';
import type { FileReader } from '../workspace/types.js';
import type { RuleRegistry } from '../rules/registry.js';
import type { HkguardConfig } from '../config/types.js';

export const SUPPRESSION_MARKER = 'hkguard-ignore';

/** Rules that only a baseline entry or the configuration may accept, when the config does not say. */
export const DEFAULT_NOT_INLINE_SUPPRESSIBLE = ['health-data-to-advertising', 'health-data-to-data-broker'];

export const MISSING_REASON_RULE = 'suppression-missing-reason';
export const UNUSED_SUPPRESSION_RULE = 'unused-suppression';

export type CommentStyle = 'line' | 'block' | 'xml' | 'hash';

export interface SuppressionComment {
  /** Root-relative file, as given to parseSuppressions. */
  file: string;
  /** 1-based line and column of the comment opener. */
  line: number;
  column: number;
  endColumn: number;
  /** The line whose findings the comment covers: its own (after code) or the next code line. */
  targetLine: number;
  /** True when the comment follows code on the same line. */
  isTrailing: boolean;
  ruleIds: string[];
  /** Trimmed text after `--`; undefined when there is none or it is empty. */
  reason?: string;
  /** A reason written after a colon (`hkguard-ignore rule: why`): it does not count, but the message says how to fix it. */
  colonReason?: string;
  style: CommentStyle;
}

type StyleSet = ReadonlySet<CommentStyle>;
const C_LIKE: StyleSet = new Set(['line', 'block']);
const XML: StyleSet = new Set(['xml']);
const HASH: StyleSet = new Set(['hash']);
const ANY: StyleSet = new Set(['line', 'block', 'xml', 'hash']);

const STYLES_BY_EXT: Record<string, StyleSet> = {
  '.ts': C_LIKE, '.tsx': C_LIKE, '.mts': C_LIKE, '.cts': C_LIKE,
  '.js': C_LIKE, '.jsx': C_LIKE, '.mjs': C_LIKE, '.cjs': C_LIKE,
  '.swift': C_LIKE, '.m': C_LIKE, '.mm': C_LIKE, '.h': C_LIKE, '.pbxproj': C_LIKE,
  '.plist': XML, '.xcprivacy': XML, '.entitlements': XML, '.xml': XML, '.storyboard': XML,
  '.yaml': HASH, '.yml': HASH,
};

function stylesFor(file: string): StyleSet {
  return STYLES_BY_EXT[path.extname(file).toLowerCase()] ?? ANY;
}

const OPENERS: Array<{ style: CommentStyle; re: RegExp; close?: string }> = [
  { style: 'line', re: /\/\/[/!]?\s*hkguard-ignore\b/ },
  { style: 'block', re: /\/\*+\s*hkguard-ignore\b/, close: '*/' },
  { style: 'xml', re: /<!--\s*hkguard-ignore\b/, close: '-->' },
  { style: 'hash', re: /#\s*hkguard-ignore\b/ },
];

interface LineMatch {
  style: CommentStyle;
  start: number;
  bodyStart: number;
  end: number;
  body: string;
}

function matchLine(line: string, styles: StyleSet): LineMatch | undefined {
  let best: LineMatch | undefined;
  for (const opener of OPENERS) {
    if (!styles.has(opener.style)) continue;
    const m = opener.re.exec(line);
    if (!m) continue;
    if (best && best.start <= m.index) continue;
    const bodyStart = m.index + m[0].length;
    let end = line.length;
    let bodyEnd = line.length;
    const close = opener.close ? line.indexOf(opener.close, bodyStart) : -1;
    if (close >= 0) {
      bodyEnd = close;
      end = close + opener.close!.length;
    }
    best = { style: opener.style, start: m.index, bodyStart, end, body: line.slice(bodyStart, bodyEnd) };
  }
  return best;
}

// XML forbids "--" inside a comment (a plist containing it no longer parses), so XML comments separate the
// reason with one dash or an em dash instead.
const REASON_SEP = /(?:^|\s)--(?:\s|$)/;
const XML_REASON_SEP = /(?:^|\s)(?:--|-|\u2014)(?:\s|$)/;

function parseBody(body: string, style: CommentStyle): { ruleIds: string[]; reason?: string; colonReason?: string } {
  const sep = (style === 'xml' ? XML_REASON_SEP : REASON_SEP).exec(body);
  const colon = sep ? undefined : /^\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*:\s*(\S.*?)\s*$/.exec(body);
  if (colon) return { ruleIds: [...new Set(colon[1]!.split(/[\s,]+/).filter(Boolean))], colonReason: colon[2]!.replace(/\s+/g, ' ') };
  const idsPart = sep ? body.slice(0, sep.index) : body;
  const reasonPart = sep ? body.slice(sep.index + sep[0].length) : '';
  const ruleIds = [...new Set(idsPart.split(/[\s,]+/).filter((s) => s.length > 0))];
  const reason = reasonPart.replace(/\s+/g, ' ').trim();
  return { ruleIds, reason: reason.length > 0 ? reason : undefined };
}

function isBlank(line: string): boolean {
  return line.trim().length === 0;
}

/** Every `hkguard-ignore` comment in a file's text. Pure; the file name only selects the comment syntax. */
export function parseSuppressions(text: string, file: string): SuppressionComment[] {
  if (!text.includes(SUPPRESSION_MARKER)) return [];
  const styles = stylesFor(file);
  const lines = text.split(/\r\n|\r|\n/);
  const found: Array<Omit<SuppressionComment, 'targetLine'> & { index: number }> = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.includes(SUPPRESSION_MARKER)) continue;
    const m = matchLine(line, styles);
    if (!m) continue;
    const { ruleIds, reason, colonReason } = parseBody(m.body, m.style);
    found.push({
      file, index: i, line: i + 1, column: m.start + 1, endColumn: m.end + 1,
      isTrailing: !isBlank(line.slice(0, m.start)), ruleIds, reason, ...(colonReason ? { colonReason } : {}), style: m.style,
    });
  }
  const ownLineComments = new Set(found.filter((c) => !c.isTrailing).map((c) => c.index));
  return found.map(({ index, ...c }) => {
    if (c.isTrailing) return { ...c, targetLine: c.line };
    // Stacked comments (one per rule) all cover the first code line below them.
    let t = index + 1;
    while (t < lines.length && (isBlank(lines[t]!) || ownLineComments.has(t))) t++;
    return { ...c, targetLine: Math.min(t, lines.length - 1) + 1 };
  });
}

export interface ApplySuppressionsOptions {
  /**
   * Further root-relative files to search for unused suppressions (the scanned files). Only those whose text
   * contains the marker are parsed; files with findings are always read.
   */
  files?: Iterable<string>;
}

function commentLocation(c: SuppressionComment): SourceLocation {
  return { file: c.file, line: c.line, column: c.column, endLine: c.line, endColumn: c.endColumn };
}

function covers(c: SuppressionComment, loc: SourceLocation): boolean {
  return c.targetLine === loc.line || (c.isTrailing && c.targetLine === loc.endLine);
}

function meta(ruleId: string, c: SuppressionComment, message: string, rules: RuleRegistry, hint: string): RawFinding {
  return {
    ruleId,
    message,
    location: commentLocation(c),
    severity: rules.get(ruleId)?.severity ?? 'warning',
    fingerprintHint: hint,
    status: 'open',
  };
}

/**
 * Applies inline suppressions. A finding covered by a comment that names its rule and gives a reason gets
 * status `suppressed` and `suppression: { kind: 'inline', reason }`. Meta findings come back separately for the
 * pipeline to fingerprint and merge: a comment without a reason (`suppression-missing-reason`, it suppresses
 * nothing), a rule id that matched nothing or does not exist, and a rule that may not be suppressed inline
 * (`unused-suppression`, with a message that points to the baseline or configuration).
 * Findings already suppressed or baselined are left alone. Input order is kept.
 */
export function applySuppressions(
  findings: Finding[],
  read: FileReader,
  rules: RuleRegistry,
  config: HkguardConfig,
  options: ApplySuppressionsOptions = {},
): { findings: Finding[]; meta: RawFinding[] } {
  const notInline = new Set(config.notInlineSuppressible ?? DEFAULT_NOT_INLINE_SUPPRESSIBLE);
  for (const r of rules.all) if (!r.inlineSuppressible && r.family !== 'meta') notInline.add(r.id);

  const files = new Set<string>(findings.map((f) => f.location.file));
  for (const f of options.files ?? []) files.add(f);
  const commentsByFile = new Map<string, SuppressionComment[]>();
  for (const file of [...files].sort()) {
    const text = read.readText(file);
    if (text === undefined || !text.includes(SUPPRESSION_MARKER)) continue;
    const comments = parseSuppressions(text, file);
    if (comments.length > 0) commentsByFile.set(file, comments);
  }
  if (commentsByFile.size === 0) return { findings, meta: [] };

  // Which (comment, rule id) pairs were used, keyed "file:line:ruleId".
  const used = new Set<string>();
  const out = findings.map((f) => {
    if (f.status === 'suppressed' || f.status === 'baselined') return f;
    const comments = commentsByFile.get(f.location.file);
    if (!comments) return f;
    for (const c of comments) {
      if (!c.reason || !c.ruleIds.includes(f.ruleId) || notInline.has(f.ruleId)) continue;
      if (!covers(c, f.location)) continue;
      used.add(`${c.file}:${c.line}:${f.ruleId}`);
      return { ...f, status: 'suppressed' as const, suppression: { kind: 'inline' as const, reason: c.reason } };
    }
    return f;
  });

  const sourceLines = new Set<string>();
  for (const f of findings) {
    const src = f.flow?.[0];
    if (src && f.flow!.length > 1) sourceLines.add(`${src.file}:${src.line}:${f.ruleId}`);
  }

  const metaFindings: RawFinding[] = [];
  for (const [, comments] of [...commentsByFile].sort(([a], [b]) => a.localeCompare(b))) {
    for (const c of comments) {
      const at = `${c.file}:${c.line}`;
      if (c.ruleIds.length === 0) {
        metaFindings.push(meta(UNUSED_SUPPRESSION_RULE, c,
          `This hkguard-ignore comment names no rule, so it suppresses nothing. A suppression must say which rule it accepts so that a reviewer can judge it. Write \`hkguard-ignore <rule-id> -- <reason>\`.`,
          rules, 'no-rule'));
        continue;
      }
      if (!c.reason && c.colonReason) {
        const dash = c.style === 'xml' ? '-' : '--';
        metaFindings.push(meta(MISSING_REASON_RULE, c,
          `This hkguard-ignore comment puts its reason after a colon, so it suppresses nothing: the reason must follow ${dash}. Write \`hkguard-ignore ${c.ruleIds.join(', ')} ${dash} ${c.colonReason}\`.`,
          rules, c.ruleIds.join(',')));
        continue;
      }
      if (!c.reason) {
        metaFindings.push(meta(MISSING_REASON_RULE, c,
          `This hkguard-ignore comment for ${c.ruleIds.join(', ')} has no reason, so it suppresses nothing. Suppressions stay in the compliance record and a reviewer needs to know why each one was accepted. Add the reason after two dashes: \`hkguard-ignore ${c.ruleIds.join(', ')} -- <why this is acceptable>\`.`,
          rules, c.ruleIds.join(',')));
        continue;
      }
      for (const id of c.ruleIds) {
        if (used.has(`${at}:${id}`)) continue;
        let message: string;
        if (notInline.has(id)) {
          message = `${id} cannot be suppressed with an inline comment, so this comment has no effect. Sending health data to this kind of recipient must be accepted where the whole team sees it. Accept it with a baseline entry (\`hkguard baseline update --reason "..."\`) or in .hkguard.yaml, and remove this comment.`;
        } else if (!rules.get(id)) {
          message = `hkguard-ignore names the rule ${id}, which does not exist, so it suppresses nothing. A misspelled rule id looks like a suppression but hides nothing. Check the id (\`hkguard explain <id>\`) or remove the comment.`;
        } else if (sourceLines.has(`${c.file}:${c.targetLine}:${id}`)) {
          message = `This hkguard-ignore ${id} comment is at the source of a flow; a flow is suppressed only at its sink, so this comment suppresses nothing. A suppression at a source would also hide sinks added later. Move the comment to the line where the data leaves the app.`;
        } else {
          message = `This hkguard-ignore ${id} comment matched no finding. A stale suppression can hide a different finding later. Remove it, or move it to the line directly above the flagged line.`;
        }
        metaFindings.push(meta(UNUSED_SUPPRESSION_RULE, c, message, rules, id));
      }
    }
  }
  return { findings: out, meta: metaFindings };
}
