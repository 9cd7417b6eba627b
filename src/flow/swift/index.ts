/**
 * The Swift (and Objective-C) front end of the taint core. Nothing here loads web-tree-sitter until
 * `analyze` is called with at least one file.
 */
import { emptyUsage, type CodeUsage, type FlowFrontEnd, type FrontEndInput, type FrontEndResult } from '../types.js';
import { analyzeSwiftModule } from './analyze.js';
import { swiftCatalog } from './catalog.js';
import { loadSwiftParser, swiftGrammarName } from './grammar.js';
import type { FileIR } from './ir.js';
import { builtIR, fileIR, readSource, reportErrors, type SourceText } from './files.js';
import { buildSwiftIR } from './build.js';
import { buildAll, startHelper, stopHelper } from './parallel.js';
import type { Diagnostic } from '../../findings/types.js';
import { nameIndex, neighborhood, type NameIndex } from './neighborhood.js';
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
  const build = (text: string): FileIR => buildSwiftIR(grammar.parser, text);
  const sorted = [...input.files].sort();
  const changed = input.changedFiles ? sorted.filter((f) => input.changedFiles!.has(f)) : [];
  const files: Array<{ file: string; ir: FileIR }> = [];
  const keys = new Map<string, string>();
  /** Usage facts of the files left out of a partial scan, from the last full one (permission rules need all). */
  const outsideUsage: CodeUsage[] = [];
  let isPartial = false;
  if (input.cache && changed.length > 0 && changed.length < sorted.length) {
    isPartial = true;
    // A few changed files with a cache: analyze their neighbourhood, not the whole module (neighborhood.ts).
    const index = new Map<string, NameIndex>();
    const sources = new Map<string, SourceText>();
    const built = new Map<string, FileIR>();
    for (const file of sorted) {
      const src = readSource(input, file, grammar.name);
      if (!src) continue;
      sources.set(file, src);
      keys.set(file, src.key);
      let names = input.cache.get<NameIndex>('swift-names', src.key);
      if (!names) {
        const ir = fileIR(input, file, grammar.name, build, src);
        if (!ir) continue;
        built.set(file, ir);
        names = nameIndex(ir);
        input.cache.set('swift-names', src.key, names);
      }
      index.set(file, names);
    }
    const near = neighborhood(changed, index);
    for (const file of sorted) {
      if (!sources.has(file)) continue;
      if (!near.has(file)) {
        const cached = input.cache.get<CodeUsage>('swift-usage', sources.get(file)!.key);
        if (cached) outsideUsage.push(cached);
        continue;
      }
      const ir = built.get(file) ?? fileIR(input, file, grammar.name, build, sources.get(file));
      if (ir) files.push({ file, ir });
    }
  } else {
    // Read every file and look up the cache first, then build the missing IRs (on two threads when there
    // are many: parallel.ts), then report per file in order, as a one-file-at-a-time loop would.
    const helper = startHelper(sorted.length);
    const read: Array<{ file: string; src?: SourceText; cached?: FileIR; diagnostics: Diagnostic[]; todo: number }> = [];
    const texts: string[] = [];
    try {
      for (const file of sorted) {
        // Diagnostics of the read (by readSource or the reader itself) are replayed in file order below.
        const mark = input.diagnostics.length;
        const src = readSource(input, file, grammar.name);
        const diagnostics = input.diagnostics.splice(mark);
        const cached = src ? input.cache?.get<FileIR>('swift-ir', src.key) : undefined;
        read.push({ file, src, cached, diagnostics, todo: src && !cached ? texts.push(src.text) - 1 : -1 });
      }
    } catch (err) {
      stopHelper(helper);
      throw err;
    }
    const built = await buildAll(grammar.parser, grammar.name, texts, helper);
    for (const { file, src, cached, diagnostics, todo } of read) {
      input.diagnostics.push(...diagnostics);
      if (!src) continue;
      const ir = cached ? reportErrors(input, file, grammar.name, cached) : builtIR(input, file, grammar.name, src.key, built[todo]!);
      if (!ir) continue;
      files.push({ file, ir });
      keys.set(file, src.key);
      // Kept for a later scan of a few changed files.
      if (input.cache && !input.cache.get('swift-names', src.key)) input.cache.set('swift-names', src.key, nameIndex(ir));
    }
  }
  const { flows, usage } = analyzeSwiftModule({ files, catalog: input.catalog, swift, config: input.config, language: 'swift' });
  if (input.cache && !isPartial) {
    for (const [file, u] of splitUsage(usage)) { const key = keys.get(file); if (key) input.cache.set('swift-usage', key, u); }
  }
  for (const u of outsideUsage) mergeInto(usage, u);
  return { flows, usage, filesAnalyzed: files.length };
}


const USAGE_KEYS = ['healthkit', 'authorizations', 'bluetooth', 'motion', 'readDenialInferences', 'sdkImports'] as const;

/** A module's usage facts by the file they are in (for the cache). */
function splitUsage(usage: CodeUsage): Map<string, CodeUsage> {
  const out = new Map<string, CodeUsage>();
  for (const k of USAGE_KEYS) {
    for (const item of usage[k] as Array<{ location: { file: string } }>) {
      const u = out.get(item.location.file) ?? out.set(item.location.file, emptyUsage()).get(item.location.file)!;
      (u[k] as unknown[]).push(item);
    }
  }
  return out;
}

function mergeInto(into: CodeUsage, from: CodeUsage): void {
  type Located = { location: { file: string; line: number; column: number } };
  for (const k of USAGE_KEYS) {
    const list = into[k] as Located[];
    list.push(...(from[k] as Located[]));
    list.sort((a, b) => a.location.file.localeCompare(b.location.file) || a.location.line - b.location.line || a.location.column - b.location.column);
  }
}
