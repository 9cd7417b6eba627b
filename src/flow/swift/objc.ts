import { emptyUsage, type FrontEndInput, type FrontEndResult } from '../types.js';

export async function analyzeObjc(input: FrontEndInput): Promise<FrontEndResult> {
  return { flows: [], usage: emptyUsage(), filesAnalyzed: 0 };
}
