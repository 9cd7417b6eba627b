import { createHash } from 'node:crypto';
import type { Diagnostic } from '../../findings/types.js';
import type { FrontEndInput } from '../types.js';
import { IR_VERSION, type FileIR } from './ir.js';

/** Files above this size are skipped with a diagnostic (generated or minified sources). */
const MAX_FILE_CHARS = 2_000_000;

export interface SourceText {
  text: string;
  /** Cache key: content hash, grammar and IR version. */
  key: string;
}

/** Reads a source file for analysis; undefined (with a diagnostic) when it cannot or should not be read. */
export function readSource(input: FrontEndInput, file: string, grammarName: string): SourceText | undefined {
  const text = input.read.readText(file);
  if (text === undefined) return undefined;
  if (text.length > MAX_FILE_CHARS) {
    input.diagnostics.push({ file, severity: 'warning', message: `skipped: ${text.length} characters is more than the ${MAX_FILE_CHARS} a source file is expected to have (generated or minified?)` });
    return undefined;
  }
  return { text, key: createHash('sha256').update(text).digest('hex') + `|${grammarName}|${IR_VERSION}` };
}

/** Reads, caches (by content hash) and reports on one file; undefined when it cannot be analyzed. */
export function fileIR(input: FrontEndInput, file: string, grammarName: string, build: (text: string) => FileIR, source?: SourceText): FileIR | undefined {
  const src = source ?? readSource(input, file, grammarName);
  if (!src) return undefined;
  const { text, key } = src;
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
  reportErrors(input, file, grammarName, ir);
  return ir;
}

/** fileIR's end for an IR built elsewhere (parallel.ts): the same diagnostics and cache entry. */
export function builtIR(input: FrontEndInput, file: string, grammarName: string, key: string, built: { ir: FileIR } | { error: string }): FileIR | undefined {
  if ('error' in built) {
    input.diagnostics.push({ file, severity: 'error', message: `could not analyze: ${built.error}` });
    return undefined;
  }
  input.cache?.set('swift-ir', key, built.ir);
  reportErrors(input, file, grammarName, built.ir);
  return built.ir;
}

/** The diagnostic of the syntax errors left in a file's tree; returns the IR. */
export function reportErrors(input: FrontEndInput, file: string, grammarName: string, ir: FileIR): FileIR {
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
