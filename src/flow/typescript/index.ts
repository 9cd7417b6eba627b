import type { FlowFrontEnd, FrontEndInput, FrontEndResult } from '../types.js';
import { readInputs, summarize } from './analyze.js';
import { linkSummaries } from './link.js';

/**
 * The TypeScript / JavaScript front end: one parse per file (TypeScript's parser, no program, no checker), a
 * per-file summary (cacheable by content hash), then a whole-app link that follows health data from each source
 * to each sink. ts-morph is loaded only when some file is not in the summary cache.
 * `extractTsUsage` (./usage.js) gives the usage facts alone.
 */
export const typescriptFrontEnd: FlowFrontEnd = {
  language: 'typescript',
  async analyze(input: FrontEndInput): Promise<FrontEndResult> {
    const pending = readInputs(input);
    const extract = pending.some((p) => !p.summary) ? (await import('./extract.js')).extractFile : undefined;
    const { summaries, opts } = summarize(input, pending, extract);
    const { flows, usage, truncated } = linkSummaries(summaries, opts);
    for (const at of truncated) {
      input.diagnostics.push({ file: at.file, line: at.line, column: at.column, severity: 'warning', message: 'the search for where this health data goes stopped at its step limit; some of its flows may be missing' });
    }
    return { flows, usage, filesAnalyzed: summaries.length };
  },
};
