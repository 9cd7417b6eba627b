/**
 * The Swift (and Objective-C) front end of the taint core. Nothing here loads web-tree-sitter until
 * `analyze` is called with at least one file.
 */
import { createHash } from 'node:crypto';
import type { Diagnostic } from '../../findings/types.js';
import { emptyUsage, type FlowFrontEnd, type FrontEndInput, type FrontEndResult } from '../types.js';
import { analyzeSwiftModule } from './analyze.js';
import { swiftCatalog } from './catalog.js';
import { extractSwift } from './extract.js';
import { loadSwiftParser, swiftGrammarName } from './grammar.js';
import { IR_VERSION, type FileIR } from './ir.js';
import { parseSwift } from './parse.js';
import { analyzeObjc } from './objc.js';

export { swiftGrammarName };

/** Files above this size are skipped with a diagnostic (generated or minified sources). */
const MAX_FILE_CHARS = 2_000_000;

export const swiftFrontEnd: FlowFrontEnd = {
  language: 'swift',
  analyze: analyzeSwift,
};

export const objcFrontEnd: FlowFrontEnd = {
  language: 'objc',
  analyze: analyzeObjc,
};

async function analyzeSwift(input: FrontEndInput): Promise<FrontEndResult> {
  if (input.files.length === 0) return { flows: [], usage: emptyUsage(), filesAnalyzed: 0 };
  const grammar = await loadSwiftParser();
  if (grammar.fallbackReason) {
    input.diagnostics.push({ file: input.files[0]!, severity: 'warning', message: `using the dated Swift grammar (${grammar.name}): ${grammar.fallbackReason}` });
  }
  const swift = swiftCatalog(input.catalog);
  const files: Array<{ file: string; ir: FileIR }> = [];
  for (const file of [...input.files].sort()) {
    const ir = fileIR(input, file, grammar.name, (text) => {
      const parsed = parseSwift(grammar.parser, text);
      try {
        return extractSwift(parsed.tree, parsed.text, parsed.errors, parsed.firstError);
      } finally {
        parsed.tree.delete();
      }
    });
    if (ir) files.push({ file, ir });
  }
  const { flows, usage } = analyzeSwiftModule({ files, catalog: input.catalog, swift, config: input.config, language: 'swift' });
  return { flows, usage, filesAnalyzed: files.length };
}

/** Reads, caches (by content hash) and reports on one file; undefined when it cannot be analyzed. */
export function fileIR(input: FrontEndInput, file: string, grammarName: string, build: (text: string) => FileIR): FileIR | undefined {
  const text = input.read.readText(file);
  if (text === undefined) return undefined;
  if (text.length > MAX_FILE_CHARS) {
    input.diagnostics.push({ file, severity: 'warning', message: `skipped: ${text.length} characters is more than the ${MAX_FILE_CHARS} a source file is expected to have (generated or minified?)` });
    return undefined;
  }
  const key = createHash('sha256').update(text).digest('hex') + `|${grammarName}|${IR_VERSION}`;
  let ir = input.cache?.get<FileIR>('swift-ir', key);
  if (!ir) {
    try {
      ir = build(text);
    } catch (err) {
      input.diagnostics.push({ file, severity: 'error', message: `could not analyze: ${(err as Error).message}` });
      return undefined;
    }
    input.cache?.set('swift-ir', key, ir);
  }
  if (ir.errors > 0) {
    const d: Diagnostic = {
      file, severity: 'warning',
      message: `${ir.errors} syntax error${ir.errors === 1 ? '' : 's'} (${grammarName}); the file is analyzed as far as its tree allows`,
    };
    if (ir.firstError) { d.line = ir.firstError.line; d.column = ir.firstError.column; }
    input.diagnostics.push(d);
  }
  return ir;
}
