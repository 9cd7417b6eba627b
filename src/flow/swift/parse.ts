import type { Parser, SyntaxNode, Tree } from './grammar.js';
import { blankDirectives, rewriteModernSwift } from './preprocess.js';

export interface ParsedSwift {
  tree: Tree;
  /** ERROR and MISSING nodes left in the tree that was kept. */
  errors: number;
  /** First error position (1-based), for the diagnostic. */
  firstError?: { line: number; column: number };
  /** The text the kept tree was parsed from (offsets equal the original's). */
  text: string;
  /** Which rewrites the kept tree was parsed from. */
  rewrites: Array<'modern-syntax' | 'directives'>;
}

/** Counts ERROR / MISSING nodes without visiting subtrees that have none. */
export function errorSummary(root: SyntaxNode): { errors: number; first?: { line: number; column: number } } {
  if (!root.hasError) return { errors: 0 };
  let errors = 0;
  let first: { line: number; column: number } | undefined;
  const cursor = root.walk();
  const visit = (): void => {
    const node = cursor.currentNode;
    if (node.isError || node.isMissing) {
      errors++;
      if (!first) first = { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
      if (node.isError) return;
    }
    if (!node.hasError) return;
    if (cursor.gotoFirstChild()) {
      do visit(); while (cursor.gotoNextSibling());
      cursor.gotoParent();
    }
  };
  visit();
  cursor.delete();
  return { errors, first };
}

/**
 * Parses Swift with the offset-preserving rewrites of preprocess.ts; when the tree still has errors and the
 * file has `#if` blocks, parses once more with the directive lines blanked and keeps the better tree.
 */
export function parseSwift(parser: Parser, text: string, isRewriting = true): ParsedSwift {
  const modern = isRewriting ? rewriteModernSwift(text) : text;
  const rewrites: ParsedSwift['rewrites'] = modern !== text ? ['modern-syntax'] : [];
  const tree = parser.parse(modern);
  const summary = errorSummary(tree.rootNode);
  if (summary.errors === 0 || !isRewriting) return { tree, text: modern, errors: summary.errors, firstError: summary.first, rewrites };
  const flat = blankDirectives(modern);
  if (flat === undefined) return { tree, text: modern, errors: summary.errors, firstError: summary.first, rewrites };
  const second = parser.parse(flat);
  const s2 = errorSummary(second.rootNode);
  if (s2.errors < summary.errors) {
    tree.delete();
    return { tree: second, text: flat, errors: s2.errors, firstError: s2.first, rewrites: [...rewrites, 'directives'] };
  }
  second.delete();
  return { tree, text: modern, errors: summary.errors, firstError: summary.first, rewrites };
}
