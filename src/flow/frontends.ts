import type { FlowFrontEnd } from './types.js';
import type { AppFiles } from '../workspace/types.js';

export interface FrontEndEntry {
  files: (f: AppFiles) => string[];
  load: () => Promise<FlowFrontEnd>;
  /** Which grammar or parser the front end used, for the report (the Swift grammar varies). */
  parserName?: () => Promise<string>;
}

/**
 * The front ends, loaded only when an app has files of their language: ts-morph and tree-sitter cost
 * start-up time that a pre-commit run on a few files cannot spare (ENGINEERING-NOTES.md).
 */
export const FRONT_ENDS: FrontEndEntry[] = [
  { files: (f) => f.js, load: async () => (await import('./typescript/index.js')).typescriptFrontEnd },
  {
    files: (f) => f.swift,
    load: async () => (await import('./swift/index.js')).swiftFrontEnd,
    parserName: async () => (await import('./swift/index.js')).swiftGrammarName(),
  },
  { files: (f) => f.objc, load: async () => (await import('./swift/index.js')).objcFrontEnd },
];
