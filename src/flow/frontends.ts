import type { FlowFrontEnd } from './types.js';
import type { AppFiles } from '../workspace/types.js';

/**
 * The front ends, loaded only when an app has files of their language: ts-morph and tree-sitter cost
 * start-up time that a pre-commit run on a few files cannot spare (ENGINEERING-NOTES.md).
 */
export const FRONT_ENDS: Array<{ files: (f: AppFiles) => string[]; load: () => Promise<FlowFrontEnd> }> = [
  { files: (f) => f.js, load: async () => (await import('./typescript/index.js')).typescriptFrontEnd },
];
