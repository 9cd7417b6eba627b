/**
 * JUnit XML (`--format junit`) for CI systems that read test reports (GitLab, Jenkins, Azure DevOps,
 * CircleCI). One testsuite per rule, so a dashboard reads "rule X: 2 failures"; one testcase per finding;
 * an open error or warning is a failure, a suppressed, baselined, consented or sanitized finding is skipped
 * with its reason, an open info passes. A rule without findings gets one passing testcase, so the report
 * shows what was checked.
 */
import type { Finding } from '../findings/types.js';
import type { ScanResult } from '../scan/types.js';

// XML 1.0 allows tab, newline, carriage return and everything from U+0020 except surrogates and FFFE/FFFF.
// eslint-disable-next-line no-control-regex
const INVALID_XML_CHARS = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(text: string): string {
  return text.replace(INVALID_XML_CHARS, '\uFFFD').replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;');
}

const attr = (name: string, value: string | number) => `${name}="${escapeXml(String(value))}"`;

function isFailure(f: Finding): boolean {
  return f.status === 'open' && (f.severity === 'error' || f.severity === 'warning');
}

function isSkipped(f: Finding): boolean {
  return f.status !== 'open';
}

function skipReason(f: Finding): string {
  if (f.suppression) return `${f.status} (${f.suppression.kind}): ${f.suppression.reason}`;
  if (f.guard) return `${f.status}: ${f.guard}`;
  return f.status;
}

function details(f: Finding): string {
  const lines = [`${f.location.file}:${f.location.line}:${f.location.column}  ${f.severity}  ${f.ruleId}`, f.message];
  if (f.healthTypes.length) lines.push(`Health types: ${f.healthTypes.join(', ')}`);
  if (f.flow?.length) {
    lines.push('Flow:');
    f.flow.forEach((s, i) => lines.push(`  ${i + 1}. ${s.file}:${s.line}:${s.column}  ${s.note}`));
  }
  lines.push(`Fingerprint: ${f.fingerprint}`);
  return lines.join('\n');
}

function testcase(f: Finding): string {
  const name = `${f.location.file}:${f.location.line}:${f.location.column}`;
  const open = `    <testcase ${attr('name', name)} ${attr('classname', f.ruleId)} ${attr('file', f.location.file)} ${attr('line', f.location.line)} time="0"`;
  if (isFailure(f)) {
    return `${open}>\n      <failure ${attr('message', f.message)} ${attr('type', f.severity)}>${escapeXml(details(f))}</failure>\n    </testcase>`;
  }
  if (isSkipped(f)) {
    return `${open}>\n      <skipped ${attr('message', skipReason(f))}/>\n      <system-out>${escapeXml(details(f))}</system-out>\n    </testcase>`;
  }
  return `${open}>\n      <system-out>${escapeXml(details(f))}</system-out>\n    </testcase>`;
}

export function renderJunit(result: ScanResult): string {
  const byRule = new Map<string, Finding[]>();
  for (const r of result.rules.all) if (!r.deprecated) byRule.set(r.id, []);
  for (const f of result.findings) {
    const list = byRule.get(f.ruleId);
    if (list) list.push(f);
    else byRule.set(f.ruleId, [f]);
  }
  const ruleIds = [...byRule.keys()].sort();
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  const suites: string[] = [];
  for (const id of ruleIds) {
    const findings = byRule.get(id)!;
    const title = result.rules.get(id)?.title;
    const cases = findings.length
      ? findings.map(testcase)
      : [`    <testcase ${attr('name', 'no findings')} ${attr('classname', id)} time="0"/>`];
    const f = findings.filter(isFailure).length;
    const s = findings.filter(isSkipped).length;
    tests += cases.length;
    failures += f;
    skipped += s;
    const props = title ? `    <properties>\n      <property ${attr('name', 'title')} ${attr('value', title)}/>\n    </properties>\n` : '';
    suites.push(`  <testsuite ${attr('name', id)} ${attr('tests', cases.length)} ${attr('failures', f)} errors="0" ${attr('skipped', s)} time="0" ${attr('timestamp', result.startedAt.replace(/\.\d+Z$/, ''))}>\n${props}${cases.join('\n')}\n  </testsuite>`);
  }
  const seconds = (result.durationMs / 1000).toFixed(3);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${attr('name', `${result.tool.name} ${result.tool.version}`)} ${attr('tests', tests)} ${attr('failures', failures)} errors="0" ${attr('skipped', skipped)} ${attr('time', seconds)}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
