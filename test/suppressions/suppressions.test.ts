import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applySuppressions, parseSuppressions } from '../../src/findings/suppressions.js';
import { defaultConfig } from '../../src/config/types.js';
import { REGISTRY, dirReader, finding, flowStep, memReader } from './helpers.js';

const APP = path.resolve('fixtures/suppressions/app');
const TS = 'src/heart.ts';
const SWIFT = 'ios/App/HeartSync.swift';
const ENT = 'ios/App/App.entitlements';
const YML = 'codemagic.yaml';

describe('parseSuppressions', () => {
  it('finds line, trailing, block comments with their targets and reasons in TypeScript', () => {
    const read = dirReader(APP);
    const comments = parseSuppressions(read.readText(TS)!, TS);
    expect(comments.map((c) => [c.line, c.targetLine, c.isTrailing, c.style, c.ruleIds, c.reason])).toEqual([
      [8, 9, false, 'line', ['health-data-to-log'], 'only the count of samples is printed, in debug builds'],
      [10, 10, true, 'line', ['health-data-to-log'], 'redacted by our logger transport'],
      [11, 11, true, 'line', ['health-data-to-log'], undefined],
      [12, 13, false, 'block', ['health-data-to-analytics', 'health-data-to-log'], 'aggregate zone only, consent screen v3'],
      [14, 15, false, 'line', ['health-data-to-advertising'], 'marketing asked for it'],
      [16, 17, false, 'line', ['health-data-to-clipboard'], 'nothing here any more'],
      [18, 19, false, 'line', ['health-data-to-lgo'], 'typo in the rule id'],
    ]);
    expect(comments[1]!.column).toBe(31);
  });

  it('reads Swift comments', () => {
    const comments = parseSuppressions(dirReader(APP).readText(SWIFT)!, SWIFT);
    expect(comments.map((c) => [c.line, c.targetLine, c.reason])).toEqual([
      [8, 9, 'os_log with .private, redacted on device'],
      [10, 10, 'DEBUG builds only'],
    ]);
  });

  it('reads XML comments in entitlements with a one-dash reason (two dashes are not valid XML)', () => {
    const comments = parseSuppressions(dirReader(APP).readText(ENT)!, ENT);
    expect(comments.map((c) => [c.line, c.targetLine, c.style, c.ruleIds, c.reason])).toEqual([
      [5, 6, 'xml', ['healthkit-entitlement-unused'], 'HealthKit is used by the watch extension target'],
      [8, 8, 'xml', ['background-delivery-entitlement-missing'], undefined],
    ]);
  });

  it('reads # comments in YAML', () => {
    const comments = parseSuppressions(dirReader(APP).readText(YML)!, YML);
    expect(comments.map((c) => [c.line, c.targetLine, c.isTrailing, c.reason])).toEqual([
      [3, 4, false, 'policy URL is injected by the release pipeline'],
      [7, 7, true, 'build-time only'],
    ]);
  });

  it('uses only the comment syntax of the file type', () => {
    const text = '# hkguard-ignore health-data-to-log -- a\nlet x = 1 // hkguard-ignore health-data-to-log -- b\n';
    expect(parseSuppressions(text, 'a.swift').map((c) => c.reason)).toEqual(['b']);
    expect(parseSuppressions(text, 'a.yaml').map((c) => c.reason)).toEqual(['a']);
  });

  it('lets stacked comments cover the same code line and skips blank lines', () => {
    const text = [
      '// hkguard-ignore health-data-to-log -- a',
      '// hkguard-ignore health-data-to-analytics -- b',
      '',
      'track(bpm);',
    ].join('\n');
    expect(parseSuppressions(text, 'x.ts').map((c) => c.targetLine)).toEqual([4, 4]);
  });

  it('handles CRLF line endings and ignores text without the marker', () => {
    const text = 'a();\r\n// hkguard-ignore health-data-to-log -- ok\r\nconsole.log(x);\r\n';
    expect(parseSuppressions(text, 'x.js').map((c) => [c.line, c.targetLine, c.reason])).toEqual([[2, 3, 'ok']]);
    expect(parseSuppressions('console.log(1)', 'x.js')).toEqual([]);
  });

  it('treats an empty reason as missing', () => {
    expect(parseSuppressions('f() // hkguard-ignore health-data-to-log --   ', 'x.ts')[0]!.reason).toBeUndefined();
  });
});

describe('applySuppressions', () => {
  const config = defaultConfig();

  it('suppresses covered findings with the reason, and reports missing reasons, typos and non-suppressible rules', () => {
    const read = dirReader(APP);
    const findings = [
      finding('health-data-to-log', TS, 9),
      finding('health-data-to-log', TS, 10),
      finding('health-data-to-log', TS, 11),
      finding('health-data-to-analytics', TS, 13),
      finding('health-data-to-advertising', TS, 15),
      finding('health-data-to-log', TS, 19),
    ];
    const { findings: out, meta } = applySuppressions(findings, read, REGISTRY, config);
    expect(out.map((f) => [f.location.line, f.status, f.suppression])).toEqual([
      [9, 'suppressed', { kind: 'inline', reason: 'only the count of samples is printed, in debug builds' }],
      [10, 'suppressed', { kind: 'inline', reason: 'redacted by our logger transport' }],
      [11, 'open', undefined],
      [13, 'suppressed', { kind: 'inline', reason: 'aggregate zone only, consent screen v3' }],
      [15, 'open', undefined],
      [19, 'open', undefined],
    ]);
    expect(meta.map((m) => [m.ruleId, m.location.line, m.fingerprintHint])).toEqual([
      ['suppression-missing-reason', 11, 'health-data-to-log'],
      // The block comment named two rules; only analytics fired on line 13.
      ['unused-suppression', 12, 'health-data-to-log'],
      ['unused-suppression', 14, 'health-data-to-advertising'],
      ['unused-suppression', 16, 'health-data-to-clipboard'],
      ['unused-suppression', 18, 'health-data-to-lgo'],
    ]);
    expect(meta[2]!.message).toMatch(/cannot be suppressed with an inline comment.*baseline.*\.hkguard\.yaml/);
    expect(meta[4]!.message).toMatch(/does not exist/);
    expect(meta.every((m) => m.location.file === TS && m.severity === 'warning')).toBe(true);
    // Input is not mutated.
    expect(findings[0]!.status).toBe('open');
  });

  it('suppresses configuration findings in entitlements and YAML', () => {
    const read = dirReader(APP);
    const { findings: out, meta } = applySuppressions([
      finding('healthkit-entitlement-unused', ENT, 6),
      finding('background-delivery-entitlement-missing', ENT, 8),
      finding('privacy-policy-missing', YML, 4),
    ], read, REGISTRY, config);
    expect(out.map((f) => f.status)).toEqual(['suppressed', 'open', 'suppressed']);
    expect(meta.map((m) => [m.ruleId, m.location.file, m.location.line])).toEqual([
      ['unused-suppression', YML, 7],
      ['suppression-missing-reason', ENT, 8],
    ].sort((a, b) => String(a[1]).localeCompare(String(b[1])))); 
  });

  it('honours config.notInlineSuppressible in place of the defaults, and RuleMeta.inlineSuppressible=false always', () => {
    const read = dirReader(APP);
    const cfg = { ...defaultConfig(), notInlineSuppressible: ['health-data-to-log'] };
    const { findings: out, meta } = applySuppressions([
      finding('health-data-to-log', SWIFT, 9),
      finding('health-data-to-advertising', TS, 15),
    ], read, REGISTRY, cfg);
    expect(out.map((f) => f.status)).toEqual(['open', 'open']);
    const notAllowed = meta.filter((m) => /cannot be suppressed/.test(m.message)).map((m) => [m.location.file, m.location.line]);
    expect(notAllowed).toContainEqual([SWIFT, 8]);
    expect(notAllowed).toContainEqual([SWIFT, 10]);
    expect(notAllowed).toContainEqual([TS, 14]);
  });

  it('suppresses a flow at its sink line only; a comment at the source is reported with a hint', () => {
    const read = memReader({
      'src/read.ts': 'export async function load() {\n  // hkguard-ignore health-data-to-log -- we trust it\n  return getSamples();\n}\n',
      'src/send.ts': 'import { load } from "./read";\nexport async function go() {\n  const s = await load();\n  console.log(s);\n}\n',
    });
    const f = finding('health-data-to-log', 'src/send.ts', 4, {
      flow: [flowStep('src/read.ts', 3, 'HealthKit read'), flowStep('src/send.ts', 3), flowStep('src/send.ts', 4, 'console.log')],
    });
    const { findings: out, meta } = applySuppressions([f], read, REGISTRY, config, { files: ['src/read.ts'] });
    expect(out[0]!.status).toBe('open');
    expect(meta).toHaveLength(1);
    expect(meta[0]!.location).toMatchObject({ file: 'src/read.ts', line: 2 });
    expect(meta[0]!.message).toMatch(/only at its sink/);
  });

  it('matches a trailing comment on the last line of a multi-line finding', () => {
    const read = memReader({ 'a.ts': 'analytics().logEvent("hr", {\n  bpm,\n}); // hkguard-ignore health-data-to-analytics -- zone only\n' });
    const f = finding('health-data-to-analytics', 'a.ts', 1, { location: { file: 'a.ts', line: 1, column: 1, endLine: 3, endColumn: 3 } });
    const { findings: out, meta } = applySuppressions([f], read, REGISTRY, config);
    expect(out[0]!.status).toBe('suppressed');
    expect(meta).toEqual([]);
  });

  it('keeps the consent status information: a consented flow may be suppressed and keeps its guard', () => {
    const read = memReader({ 'a.ts': '// hkguard-ignore health-data-to-log -- fine\nconsole.log(x);\n' });
    const f = finding('health-data-to-log', 'a.ts', 2, { status: 'consented', guard: 'hasConsent' });
    const out = applySuppressions([f], read, REGISTRY, config).findings[0]!;
    expect(out).toMatchObject({ status: 'suppressed', guard: 'hasConsent', suppression: { kind: 'inline', reason: 'fine' } });
  });

  it('leaves baselined findings alone and does not count them as using the comment', () => {
    const read = memReader({ 'a.ts': '// hkguard-ignore health-data-to-log -- fine\nconsole.log(x);\n' });
    const f = finding('health-data-to-log', 'a.ts', 2, { status: 'baselined', suppression: { kind: 'baseline', reason: 'old' } });
    const { findings: out, meta } = applySuppressions([f], read, REGISTRY, config);
    expect(out[0]!.status).toBe('baselined');
    expect(meta.map((m) => m.ruleId)).toEqual(['unused-suppression']);
  });

  it('reports a comment without a rule id', () => {
    const read = memReader({ 'a.ts': 'console.log(x); // hkguard-ignore -- everything\n' });
    const { meta } = applySuppressions([finding('health-data-to-log', 'a.ts', 1)], read, REGISTRY, config);
    expect(meta.map((m) => [m.ruleId, m.fingerprintHint])).toEqual([['unused-suppression', 'no-rule']]);
  });

  it('reads only files with findings, plus given files, and parses only those with the marker', () => {
    const read = memReader({
      'a.ts': 'console.log(x);\n',
      'b.ts': 'const y = 1; // hkguard-ignore health-data-to-log -- stale\n',
      'c.ts': 'const z = 2;\n',
    });
    const { meta } = applySuppressions([finding('health-data-to-log', 'a.ts', 1)], read, REGISTRY, config);
    expect(read.reads).toEqual(['a.ts']);
    expect(meta).toEqual([]);
    const read2 = memReader({ 'b.ts': 'const y = 1; // hkguard-ignore health-data-to-log -- stale\n' });
    const second = applySuppressions([], read2, REGISTRY, config, { files: ['b.ts', 'missing.ts'] });
    expect(second.meta.map((m) => [m.ruleId, m.location.file, m.location.line])).toEqual([['unused-suppression', 'b.ts', 1]]);
  });

  it('reports nothing for a used comment with a reason, and each meta rule where it applies', () => {
    const good = memReader({ 'a.ts': '// hkguard-ignore health-data-to-log -- count only\nconsole.log(n);\n' });
    const quiet = applySuppressions([finding('health-data-to-log', 'a.ts', 2)], good, REGISTRY, config).meta.map((m) => m.ruleId);
    expect(quiet).not.toContain('suppression-missing-reason');
    expect(quiet).not.toContain('unused-suppression');
    const bad = memReader({ 'a.ts': '// hkguard-ignore health-data-to-log\nconsole.log(n);\n// hkguard-ignore health-data-to-icloud -- gone\nf();\n' });
    const meta = applySuppressions([finding('health-data-to-log', 'a.ts', 2)], bad, REGISTRY, config).meta;
    expect(meta[0]).toMatchObject({ ruleId: 'suppression-missing-reason', location: { line: 1 } });
    expect(meta[1]).toMatchObject({ ruleId: 'unused-suppression', location: { line: 3 } });
  });

  it('is deterministic: the same input gives the same output', () => {
    const run = () => applySuppressions([
      finding('health-data-to-log', TS, 9), finding('health-data-to-log', SWIFT, 9),
    ], dirReader(APP), REGISTRY, config, { files: [YML, ENT] });
    expect(JSON.stringify(run())).toBe(JSON.stringify(run()));
  });
});

describe('a reason after a colon', () => {
  it('does not suppress, and the message shows the comment rewritten with --', () => {
    const [c] = parseSuppressions('// hkguard-ignore health-data-to-third-party-network: partner has a BAA\nfetch(url);\n', 'a.ts');
    expect(c).toMatchObject({ ruleIds: ['health-data-to-third-party-network'], colonReason: 'partner has a BAA', targetLine: 2 });
    expect(c!.reason).toBeUndefined();
  });
});
