import type { FlowFrontEnd, FrontEndInput, FrontEndResult } from '../types.js';
import { summarize } from './analyze.js';
import { linkSummaries } from './link.js';

export { extractTsUsage } from './usage.js';

/**
 * The TypeScript / JavaScript front end: one parse per file (TypeScript's parser, no program, no checker), a
 * per-file summary (cacheable by content hash), then a whole-app link that follows health data from each source
 * to each sink.
 */
export const typescriptFrontEnd: FlowFrontEnd = {
  language: 'typescript',
  async analyze(input: FrontEndInput): Promise<FrontEndResult> {
    const { summaries, opts } = summarize(input);
    const { flows, usage } = linkSummaries(summaries, opts);
    return { flows, usage, filesAnalyzed: summaries.length };
  },
};
