/**
 * Offset-preserving rewrites for Swift syntax newer than tree-sitter-swift 0.7.1 knows. Each rewrite replaces
 * text by spaces (or a shorter keyword padded with spaces) so every line and column stays where it was; the
 * blanked text never matters to taint analysis (an error type, a concurrency annotation, an availability
 * attribute). Measured on fixtures/swift-corpus/ (see test/swift/corpus.test.ts).
 */

const blank = (s: string): string => s.replace(/[^\n]/g, ' ');

/** Swift 6 typed throws: `throws(MyError)` -> `throws`. */
const TYPED_THROWS = /\b(throws|rethrows)(\s*\([^()\n]*\))/g;
/** `nonisolated(unsafe)` (Swift 5.10). */
const NONISOLATED_UNSAFE = /\bnonisolated(\s*\(\s*unsafe\s*\))/g;
/** Parameter ownership / isolation specifiers the grammar lacks: `_ v: sending T`, `actor: isolated A`. */
const PARAM_SPECIFIER = /(:\s*)(sending|isolated)(\s+)(?=[A-Z_(\[@])/g;
/**
 * `try await` (and `try? await`) in an `if` / `guard` condition makes the grammar read the following block as
 * a trailing closure; `await` carries nothing a taint analysis needs.
 */
const TRY_AWAIT = /\b(try[?!]?)(\s+)await\b/g;
/** Attributes before a freestanding `#Preview` macro declaration. */
const ATTR_BEFORE_PREVIEW = /@available\s*\([^()\n]*\)(\s*)(?=#Preview\b)/g;

export function rewriteModernSwift(text: string): string {
  if (!/throws\s*\(|rethrows\s*\(|nonisolated\s*\(|sending|isolated|#Preview|await/.test(text)) return text;
  return text
    .replace(TRY_AWAIT, (_m, kw: string, ws: string) => kw + ws + '     ')
    .replace(TYPED_THROWS, (_m, kw: string, rest: string) => kw + blank(rest))
    .replace(NONISOLATED_UNSAFE, (_m, rest: string) => 'nonisolated' + blank(rest))
    .replace(PARAM_SPECIFIER, (_m, colon: string, word: string, ws: string) => colon + blank(word) + ws)
    .replace(ATTR_BEFORE_PREVIEW, (m) => blank(m));
}

const DIRECTIVE_LINE = /^[ \t]*#(if|elseif|else|endif)\b[^\n]*$/gm;

/**
 * Blanks `#if` / `#elseif` / `#else` / `#endif` lines, so that both branches are read as ordinary code.
 * Used only as a second attempt on a file whose tree has errors: the grammar rejects a conditional block
 * between the members of a type, and analyzing both branches is what a privacy scan wants anyway.
 */
export function blankDirectives(text: string): string | undefined {
  if (!/^[ \t]*#if\b/m.test(text)) return undefined;
  return text.replace(DIRECTIVE_LINE, (m) => blank(m));
}
