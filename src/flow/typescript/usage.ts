import type { CodeUsage, FrontEndInput } from '../types.js';
import { readInputs, summarize } from './analyze.js';
import { extractFile } from './extract.js';
import { linkUsage } from './link.js';

/**
 * What the app's TS/JS code uses, for the configuration, permission and inventory rules: HealthKit calls and their
 * types, authorization requests with read / write types resolved through constants, arrays and objects (also from
 * other files), Bluetooth and motion use, SDK imports and read-denial inference. Imports are resolved by module
 * specifier; nothing is type-checked. (typescriptFrontEnd.analyze returns the same usage with the flows.)
 */
export function extractTsUsage(input: FrontEndInput): CodeUsage {
  const { summaries, opts } = summarize(input, readInputs(input), extractFile);
  return linkUsage(summaries, opts);
}
