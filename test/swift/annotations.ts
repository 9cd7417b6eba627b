/**
 * Local copy of the shared annotation harness (test/harness/annotations.ts, being written on main), with its
 * signature: `// ruleid: X` must fire on the next line, `// ok: X` must not, `todoruleid:` / `todook:` record
 * known gaps. Replace with the shared one once it lands.
 */
export interface AnnotatedFinding {
  ruleId: string;
  location: { file: string; line: number };
}

export function checkAnnotations(
  findings: AnnotatedFinding[], fileText: string, relPath: string, opts: { rules?: string[] } = {},
): { missing: string[]; extra: string[]; todo: string[] } {
  const lines = fileText.split('\n');
  const expected = new Map<string, Set<string>>(); // "line" -> rule ids
  const okAt = new Map<string, Set<string>>();
  const todo: string[] = [];
  const todoAt = new Set<string>();
  const annotation = /(?:\/\/|#|<!--)\s*(ruleid|ok|todoruleid|todook):\s*([\w-]+(?:\s*,\s*[\w-]+)*)/;
  lines.forEach((text, i) => {
    const m = annotation.exec(text);
    if (!m) return;
    // The target is the next line that is not itself an annotation.
    let target = i + 1;
    while (target < lines.length && annotation.test(lines[target]!)) target++;
    const line = target + 1;
    for (const id of m[2]!.split(',').map((s) => s.trim())) {
      if (opts.rules && !opts.rules.includes(id)) continue;
      const key = String(line);
      if (m[1] === 'ruleid') (expected.get(key) ?? expected.set(key, new Set()).get(key)!).add(id);
      else if (m[1] === 'ok') (okAt.get(key) ?? okAt.set(key, new Set()).get(key)!).add(id);
      else { todo.push(`${relPath}:${line} ${m[1]} ${id}`); todoAt.add(`${line}|${id}`); }
    }
  });
  const fired = new Set(findings.filter((f) => f.location.file === relPath && (!opts.rules || opts.rules.includes(f.ruleId))).map((f) => `${f.location.line}|${f.ruleId}`));
  const missing: string[] = [];
  const extra: string[] = [];
  for (const [line, ids] of expected) for (const id of ids) if (!fired.has(`${line}|${id}`)) missing.push(`${relPath}:${line} ${id}`);
  for (const key of fired) {
    const [line, id] = key.split('|') as [string, string];
    if (expected.get(line)?.has(id) || todoAt.has(key)) continue;
    // Unannotated lines only count as extra when an `ok:` says so or the rule is annotated somewhere in the file.
    const isAnnotatedRule = [...expected.values(), ...okAt.values()].some((s) => s.has(id));
    if (okAt.get(line)?.has(id) || isAnnotatedRule) extra.push(`${relPath}:${line} ${id}`);
  }
  return { missing: missing.sort(), extra: extra.sort(), todo: todo.sort() };
}
