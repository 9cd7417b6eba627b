/**
 * Semgrep-style fixture annotations. On the line(s) before a target line:
 *   // ruleid: <rule-id>      the rule must fire on the target line
 *   // ok: <rule-id>          the rule must not fire there
 *   // todoruleid: <rule-id>  a known gap: should fire but does not yet (recorded, not failed)
 *   // todook: <rule-id>      a known false positive: fires but should not (recorded, not failed)
 * An annotation at the end of a line names that line. Several ids may be listed with commas. Comment forms: `//`, `#`, `/* *\/`, `<!-- -->`.
 * Any finding of a rule named in the file's annotations (or in `options.rules`) on a line that no `ruleid`
 * or `todook` annotation expects is Extra.
 */
export interface AnnotatedFinding {
  ruleId: string;
  location: { file: string; line: number };
}

export interface AnnotationResult {
  missing: string[];
  extra: string[];
  todo: string[];
  /** How many ruleid / ok annotations were checked. */
  checked: number;
}

type Kind = 'ruleid' | 'ok' | 'todoruleid' | 'todook';
const ANNOTATION = /(?:\/\/|#|\/\*|<!--)\s*(ruleid|ok|todoruleid|todook):\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/;

export function parseAnnotations(text: string): Array<{ kind: Kind; ruleId: string; line: number; annotationLine: number }> {
  const lines = text.split(/\r?\n/);
  const out: Array<{ kind: Kind; ruleId: string; line: number; annotationLine: number }> = [];
  let pending: Array<{ kind: Kind; ruleId: string; annotationLine: number }> = [];
  lines.forEach((line, i) => {
    const m = ANNOTATION.exec(line);
    if (m && line.slice(0, m.index).trim() === '') {
      for (const id of m[2]!.split(',').map((s) => s.trim())) pending.push({ kind: m[1] as Kind, ruleId: id, annotationLine: i + 1 });
      return;
    }
    if (m) {
      // A trailing annotation names its own line (for targets on line 1, such as a missing plist key).
      for (const id of m[2]!.split(',').map((s) => s.trim())) out.push({ kind: m[1] as Kind, ruleId: id, line: i + 1, annotationLine: i + 1 });
    }
    if (line.trim() === '' || pending.length === 0) return;
    for (const p of pending) out.push({ ...p, line: i + 1 });
    pending = [];
  });
  return out;
}

export function checkAnnotations(
  findings: AnnotatedFinding[],
  fileText: string,
  relPath: string,
  options: { rules?: string[] } = {},
): AnnotationResult {
  const annotations = parseAnnotations(fileText);
  const inFile = findings.filter((f) => f.location.file === relPath);
  const fires = (ruleId: string, line: number) => inFile.some((f) => f.ruleId === ruleId && f.location.line === line);
  const result: AnnotationResult = { missing: [], extra: [], todo: [], checked: 0 };
  const expected = new Set<string>();
  for (const a of annotations) {
    const where = `${relPath}:${a.line} ${a.ruleId}`;
    if (a.kind === 'ruleid') {
      result.checked++;
      expected.add(`${a.ruleId}@${a.line}`);
      if (!fires(a.ruleId, a.line)) result.missing.push(where);
    } else if (a.kind === 'ok') {
      result.checked++;
      if (fires(a.ruleId, a.line)) result.extra.push(where);
    } else if (a.kind === 'todoruleid') {
      expected.add(`${a.ruleId}@${a.line}`);
      result.todo.push(`${where} (${fires(a.ruleId, a.line) ? 'now fires: promote to ruleid' : 'known gap'})`);
    } else {
      expected.add(`${a.ruleId}@${a.line}`);
      result.todo.push(`${where} (${fires(a.ruleId, a.line) ? 'known false positive' : 'no longer fires: promote to ok'})`);
    }
  }
  const scope = new Set([...(options.rules ?? []), ...annotations.map((a) => a.ruleId)]);
  for (const f of inFile) {
    if (!scope.has(f.ruleId) || expected.has(`${f.ruleId}@${f.location.line}`)) continue;
    const where = `${relPath}:${f.location.line} ${f.ruleId}`;
    if (!result.extra.includes(where)) result.extra.push(where);
  }
  return result;
}
