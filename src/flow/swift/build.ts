import { extractSwift } from './extract.js';
import type { Parser } from './grammar.js';
import type { FileIR } from './ir.js';
import { parseSwift } from './parse.js';

/** Parses one Swift file and reduces it to its IR (the WASM tree is freed before returning). */
export function buildSwiftIR(parser: Parser, text: string): FileIR {
  const parsed = parseSwift(parser, text);
  try {
    return extractSwift(parsed.tree, parsed.text, parsed.errors, parsed.firstError);
  } finally {
    parsed.tree.delete();
  }
}
