import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BaselineError, applyBaseline, createBaseline, parseBaseline, pruneBaseline, readBaselineFile,
  serializeBaseline, updateBaseline, writeBaselineFile, readBaselineFileSync,
} from '../../src/findings/baseline.js';
import type { Finding } from '../../src/findings/types.js';

function f(fp: string, file = 'src/a.ts', line = 1, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'health-data-to-log', severity: 'warning', message: 'm',
    location: { file, line, column: 1, endLine: line, endColumn: 2 },
    healthTypes: [], status: 'open', fingerprint: fp, ...extra,
  };
}

const STAMP = { author: 'Ada <ada@example.app>', date: '2026-11-21', reason: 'legacy screen, removal in JIRA-12' };

describe('baseline', () => {
  it('creates sorted entries for open findings only, stamped with author, date and reason', () => {
    const b = createBaseline([
      f('fp2', 'src/b.ts', 3),
      f('fp1', 'src/a.ts', 9),
      f('fp3', 'src/a.ts', 2, { status: 'suppressed', suppression: { kind: 'inline', reason: 'x' } }),
      f('fp4', 'src/a.ts', 4, { status: 'consented', guard: 'g' }),
    ], STAMP);
    expect(b).toEqual({
      version: 1,
      entries: [
        { fingerprint: 'fp1', ruleId: 'health-data-to-log', file: 'src/a.ts', line: 9, reason: STAMP.reason, author: STAMP.author, date: '2026-11-21' },
        { fingerprint: 'fp2', ruleId: 'health-data-to-log', file: 'src/b.ts', line: 3, reason: STAMP.reason, author: STAMP.author, date: '2026-11-21' },
      ],
    });
  });

  it('uses a default reason and today when none is given', () => {
    const [e] = createBaseline([f('fp')]).entries;
    expect(e!.reason).toMatch(/accepted/);
    expect(e!.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(e!.author).toBeUndefined();
  });

  it('applies: baselined findings get status and reason; others and non-open stay', () => {
    const b = createBaseline([f('fp1'), f('fp2')], STAMP);
    const out = applyBaseline([f('fp1'), f('fp9'), f('fp2', 'x', 1, { status: 'consented' })], b);
    expect(out.map((x) => [x.fingerprint, x.status, x.suppression])).toEqual([
      ['fp1', 'baselined', { kind: 'baseline', reason: STAMP.reason }],
      ['fp9', 'open', undefined],
      ['fp2', 'consented', undefined],
    ]);
  });

  it('matches one entry per finding: a copied leak with the same fingerprint is still new', () => {
    const b = createBaseline([f('dup')], STAMP);
    const out = applyBaseline([f('dup', 'a', 1), f('dup', 'a', 7)], b);
    expect(out.map((x) => x.status)).toEqual(['baselined', 'open']);
  });

  it('update keeps existing reasons and adds new findings with the new stamp', () => {
    const old = createBaseline([f('fp1'), f('gone')], STAMP);
    const later = { author: 'Bob <bob@example.app>', date: '2026-12-01', reason: 'accepted in review #44' };
    const scan = applyBaseline([f('fp1'), f('fp5', 'src/z.ts', 5)], old);
    const { baseline, added, kept, removed } = updateBaseline(old, scan, later);
    expect([added, kept, removed]).toEqual([1, 2, 0]);
    const byFp = Object.fromEntries(baseline.entries.map((e) => [e.fingerprint, e]));
    expect(byFp.fp1).toMatchObject({ reason: STAMP.reason, author: STAMP.author, date: '2026-11-21' });
    expect(byFp.gone).toBeDefined();
    expect(byFp.fp5).toMatchObject({ reason: later.reason, author: later.author, date: '2026-12-01', file: 'src/z.ts', line: 5 });
  });

  it('prune drops entries whose finding is gone and keeps the rest unchanged', () => {
    const old = createBaseline([f('fp1'), f('gone'), f('dup'), f('dup', 'a', 2)], STAMP);
    const { baseline, removed, kept } = pruneBaseline(old, [f('fp1'), f('dup'), f('new')]);
    expect([removed, kept]).toEqual([2, 2]);
    expect(baseline.entries.map((e) => e.fingerprint).sort()).toEqual(['dup', 'fp1']);
  });

  it('round-trips through its file format with stable text', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hkg-bl-'));
    const file = path.join(dir, '.hkguard-baseline.json');
    const b = createBaseline([f('fp2', 'b.ts'), f('fp1', 'a.ts')], STAMP);
    await writeBaselineFile(file, b);
    expect(fs.readdirSync(dir)).toEqual(['.hkguard-baseline.json']);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(JSON.parse(text).version).toBe(1);
    const back = await readBaselineFile(file);
    expect(back).toEqual(b);
    expect(readBaselineFileSync(file)).toEqual(b);
    expect(serializeBaseline(back)).toBe(text);
  });

  it('rejects broken files with a BaselineError that names the file', async () => {
    expect(() => parseBaseline('{', 'bl.json')).toThrow(BaselineError);
    expect(() => parseBaseline('{', 'bl.json')).toThrow(/bl\.json: not valid JSON/);
    expect(() => parseBaseline('{"version":2,"entries":[]}', 'bl.json')).toThrow(/unsupported baseline version 2/);
    expect(() => parseBaseline('{"version":1,"entries":[{"fingerprint":"x"}]}', 'bl.json')).toThrow(/entries\[0\]\.ruleId/);
    expect(() => parseBaseline('[]', 'bl.json')).toThrow(BaselineError);
    await expect(readBaselineFile('/nonexistent/bl.json')).rejects.toThrow(/no such baseline file/);
    expect(() => readBaselineFileSync('/nonexistent/bl.json')).toThrow(BaselineError);
  });
});
