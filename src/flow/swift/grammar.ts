/**
 * Loads web-tree-sitter and the Swift / Objective-C grammars lazily: nothing here runs until a scan has
 * Swift or Objective-C files (the CLI must not pay for WASM start-up otherwise).
 */
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { createRequire } from 'node:module';
import type ParserT from 'web-tree-sitter';
import { PACKAGE_ROOT } from '../../util/paths.js';

export type Parser = ParserT;
export type Tree = ParserT.Tree;
export type SyntaxNode = ParserT.SyntaxNode;
export type TreeCursor = ParserT.TreeCursor;

/** The vendored modern grammar (vendor/tree-sitter/README.md). */
export const MODERN_SWIFT_GRAMMAR = 'tree-sitter-swift 0.7.1 (vendored WASM)';
/** The fallback: the dated build shipped in tree-sitter-wasms. */
export const DATED_SWIFT_GRAMMAR = 'tree-sitter-swift 0.4 (tree-sitter-wasms 0.1.13)';
export const OBJC_GRAMMAR = 'tree-sitter-objc (tree-sitter-wasms 0.1.13)';

export interface LoadedGrammar {
  parser: Parser;
  name: string;
  /** Why the preferred grammar was not used, when it was not. */
  fallbackReason?: string;
}

const require = createRequire(import.meta.url);
let ParserClass: typeof ParserT | undefined;
let initPromise: Promise<typeof ParserT> | undefined;
let swiftPromise: Promise<LoadedGrammar> | undefined;
let objcPromise: Promise<LoadedGrammar> | undefined;
let swiftName = '';

function wasmsDir(): string {
  return path.join(path.dirname(require.resolve('tree-sitter-wasms/package.json')), 'out');
}

async function initRuntime(): Promise<typeof ParserT> {
  if (ParserClass) return ParserClass;
  if (!initPromise) {
    initPromise = (async () => {
      // TurboFan tiers up the multi-megabyte grammar in the background and Node waits for it at exit
      // (seconds for Swift); Liftoff alone parses fast enough and lets a short-lived CLI exit at once.
      v8.setFlagsFromString('--liftoff-only');
      const mod = (await import('web-tree-sitter')) as unknown as { default: typeof ParserT };
      const P = mod.default;
      await P.init();
      ParserClass = P;
      return P;
    })();
  }
  return initPromise;
}

async function loadLanguage(P: typeof ParserT, file: string): Promise<ParserT.Language> {
  // Language.load accepts bytes; reading them ourselves keeps the path handling (and errors) in one place.
  const bytes = fs.readFileSync(file);
  return P.Language.load(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/**
 * The Swift parser: the vendored tree-sitter-swift 0.7.1 build first, the dated tree-sitter-wasms build when
 * that is missing or fails to load. `HKGUARD_SWIFT_GRAMMAR=dated` forces the fallback (for comparisons).
 */
export function loadSwiftParser(): Promise<LoadedGrammar> {
  if (!swiftPromise) {
    swiftPromise = (async () => {
      const P = await initRuntime();
      const modern = path.join(PACKAGE_ROOT, 'vendor', 'tree-sitter', 'tree-sitter-swift.wasm');
      let reason: string | undefined;
      if (process.env.HKGUARD_SWIFT_GRAMMAR === 'dated') reason = 'HKGUARD_SWIFT_GRAMMAR=dated';
      else {
        try {
          const lang = await loadLanguage(P, modern);
          const parser = new P();
          parser.setLanguage(lang);
          swiftName = MODERN_SWIFT_GRAMMAR;
          return { parser, name: swiftName };
        } catch (err) {
          reason = `${path.relative(PACKAGE_ROOT, modern)} did not load: ${(err as Error).message}`;
        }
      }
      const lang = await loadLanguage(P, path.join(wasmsDir(), 'tree-sitter-swift.wasm'));
      const parser = new P();
      parser.setLanguage(lang);
      swiftName = DATED_SWIFT_GRAMMAR;
      return { parser, name: swiftName, fallbackReason: reason };
    })();
    // A failed load must not be cached forever: the next scan may retry.
    swiftPromise.catch(() => { swiftPromise = undefined; });
  }
  return swiftPromise;
}

export function loadObjcParser(): Promise<LoadedGrammar> {
  if (!objcPromise) {
    objcPromise = (async () => {
      const P = await initRuntime();
      const lang = await loadLanguage(P, path.join(wasmsDir(), 'tree-sitter-objc.wasm'));
      const parser = new P();
      parser.setLanguage(lang);
      return { parser, name: OBJC_GRAMMAR };
    })();
    objcPromise.catch(() => { objcPromise = undefined; });
  }
  return objcPromise;
}

/** Which Swift grammar the scan used ("" before any Swift file was parsed). */
export function swiftGrammarName(): string {
  return swiftName;
}

/** Test and bench hook: forget loaded grammars so the next load re-reads HKGUARD_SWIFT_GRAMMAR. */
export function resetSwiftGrammarForTests(): void {
  swiftPromise = undefined;
  swiftName = '';
}
