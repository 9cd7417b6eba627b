/**
 * The Swift (and Objective-C) front end of the taint core. Nothing here loads web-tree-sitter until
 * `analyze` is called with at least one file.
 */
import { emptyUsage, type FlowFrontEnd, type FrontEndInput, type FrontEndResult } from '../types.js';
import { analyzeSwiftModule } from './analyze.js';
import { swiftCatalog } from './catalog.js';
import { extractSwift } from './extract.js';
import { loadSwiftParser, swiftGrammarName } from './grammar.js';
import type { FileIR } from './ir.js';
import { fileIR } from './files.js';
import { parseSwift } from './parse.js';
import { analyzeObjc } from './objc.js';

export { swiftGrammarName };

/** `grammarName()` says which Swift grammar the last analysis parsed with (scan result `swiftGrammar`). */
export const swiftFrontEnd: FlowFrontEnd & { grammarName(): string } = {
  language: 'swift',
  analyze: analyzeSwift,
  grammarName: swiftGrammarName,
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

