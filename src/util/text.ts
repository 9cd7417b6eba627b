/** The first sentence of a text, without cutting at "e.g." or "i.e." or a version number. */
export function firstSentence(text: string | undefined): string {
  if (!text) return '';
  const t = text.replace(/\s+/g, ' ').trim();
  const re = /[.!?](?=\s+[A-Z`(]|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t))) {
    const before = t.slice(Math.max(0, m.index - 4), m.index + 1);
    if (/\b(e\.g|i\.e|etc|vs)\.$/i.test(before)) continue;
    return t.slice(0, m.index + 1);
  }
  return t;
}
