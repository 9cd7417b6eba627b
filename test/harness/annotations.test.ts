import { describe, expect, it } from 'vitest';
import { checkAnnotations, parseAnnotations } from './annotations.js';

const text = [
  '// ruleid: rule-a',
  'sink(a);',
  '// ok: rule-a',
  'sink(b);',
  '',
  '// todoruleid: rule-a',
  'sink(c);',
  '<!-- ruleid: rule-b, rule-a -->',
  '<key>x</key>',
].join('\n');

describe('annotation harness', () => {
  it('binds annotations to the next non-blank line', () => {
    const parsed = parseAnnotations(text);
    expect(parsed.map((a) => `${a.kind}:${a.ruleId}@${a.line}`)).toEqual([
      'ruleid:rule-a@2', 'ok:rule-a@4', 'todoruleid:rule-a@7', 'ruleid:rule-b@9', 'ruleid:rule-a@9',
    ]);
  });

  it('reports missing, extra and todo', () => {
    const f = (ruleId: string, line: number) => ({ ruleId, location: { file: 'x.ts', line } });
    const r = checkAnnotations([f('rule-a', 2), f('rule-a', 4), f('rule-b', 9), f('rule-a', 20), f('other', 1)], text, 'x.ts');
    expect(r.missing).toEqual(['x.ts:9 rule-a']);
    expect(r.extra).toEqual(['x.ts:4 rule-a', 'x.ts:20 rule-a']);
    expect(r.todo).toEqual(['x.ts:7 rule-a (known gap)']);
  });

  it('binds a trailing annotation to its own line', () => {
    const parsed = parseAnnotations('<?xml version="1.0"?><!-- ruleid: rule-c -->\n<plist/>');
    expect(parsed).toMatchObject([{ kind: 'ruleid', ruleId: 'rule-c', line: 1 }]);
  });

  it('passes a file whose findings match', () => {
    const f = (ruleId: string, line: number) => ({ ruleId, location: { file: 'x.ts', line } });
    const r = checkAnnotations([f('rule-a', 2), f('rule-b', 9), f('rule-a', 9)], text, 'x.ts');
    expect(r).toMatchObject({ missing: [], extra: [] });
  });
});
