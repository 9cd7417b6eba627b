/**
 * Local copy of the shared annotation harness (test/harness/annotations.ts, being written on main) with the same
 * signature: Semgrep-style `// ruleid: x`, `// ok: x`, `// todoruleid: x`, `// todook: x` on the line before the
 * target line (XML comments in plists).
 */
export interface AnnotatedFinding { ruleId: string; location: { file: string; line: number } }

const ANNOTATION = /(?:\/\/|<!--|#|\/\*)\s*(ruleid|ok|todoruleid|todook):\s*([\w\-, ]+)/;

export function checkAnnotations(
  findings: AnnotatedFinding[], fileText: string, relPath: string, opts: { rules?: string[] } = {},
): { missing: string[]; extra: string[]; todo: string[] } {
  const lines = fileText.split(/\r?\n/);
  const expect = new Map<number, Map<string, string>>();
  const mentioned = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const m = ANNOTATION.exec(lines[i]!);
    if (!m) continue;
    let target = i + 1;
    while (target < lines.length && ANNOTATION.test(lines[target]!)) target++;
    for (const id of m[2]!.split(',').map((x) => x.trim()).filter(Boolean)) {
      mentioned.add(id);
      const at = expect.get(target + 1) ?? new Map<string, string>();
      at.set(id, m[1]!);
      expect.set(target + 1, at);
    }
  }
  const considered = (id: string): boolean => (opts.rules ? opts.rules.includes(id) : mentioned.has(id));
  const mine = findings.filter((f) => f.location.file === relPath && considered(f.ruleId));
  const has = (line: number, id: string): boolean => mine.some((f) => f.location.line === line && f.ruleId === id);
  const missing: string[] = [];
  const extra: string[] = [];
  const todo: string[] = [];
  for (const [line, ids] of expect) {
    for (const [id, kind] of ids) {
      if (kind === 'ruleid' && !has(line, id)) missing.push(`${relPath}:${line} ${id}`);
      if (kind === 'ok' && has(line, id)) extra.push(`${relPath}:${line} ${id}`);
      if (kind === 'todoruleid') todo.push(`${relPath}:${line} ${id} (known gap${has(line, id) ? ', now found' : ''})`);
      if (kind === 'todook') todo.push(`${relPath}:${line} ${id} (known false positive${has(line, id) ? '' : ', now gone'})`);
    }
  }
  for (const f of mine) {
    const kind = expect.get(f.location.line)?.get(f.ruleId);
    if (!kind) extra.push(`${relPath}:${f.location.line} ${f.ruleId}`);
  }
  return { missing: [...new Set(missing)].sort(), extra: [...new Set(extra)].sort(), todo: todo.sort() };
}
