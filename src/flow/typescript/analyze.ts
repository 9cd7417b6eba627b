import { createHash } from 'node:crypto';
import type { FrontEndInput } from '../types.js';
import { tsCatalog } from './catalog.js';
import { extractFile } from './extract.js';
import type { LinkOptions } from './link.js';
import type { FileSummary } from './summary.js';
import { SUMMARY_VERSION } from './summary.js';

const CACHE_NAMESPACE = 'ts-summary';

/** Summaries of every file of the input (cached by path + content hash), with their diagnostics recorded. */
export function summarize(input: FrontEndInput): { summaries: FileSummary[]; opts: LinkOptions } {
  const cat = tsCatalog(input.catalog);
  const summaries: FileSummary[] = [];
  for (const file of [...input.files].sort()) {
    const text = input.read.readText(file);
    if (text === undefined) continue;
    let summary: FileSummary | undefined;
    const key = input.cache ? `${SUMMARY_VERSION}:${file}:${createHash('sha1').update(text).digest('hex')}` : '';
    if (input.cache) summary = input.cache.get<FileSummary>(CACHE_NAMESPACE, key);
    if (!summary || summary.v !== SUMMARY_VERSION) {
      summary = extractFile(file, text, cat, input.config);
      input.cache?.set(CACHE_NAMESPACE, key, summary);
    }
    for (const d of summary.diagnostics) input.diagnostics.push({ file, ...d });
    summaries.push(summary);
  }
  return {
    summaries,
    opts: {
      catalog: input.catalog, cat, config: input.config, kingstinctMajor: kingstinctMajor(input),
      reportFiles: input.changedFiles,
    },
  };
}

/** The major version of @kingstinct/react-native-healthkit the app depends on (its authorization signature changed twice). */
function kingstinctMajor(input: FrontEndInput): number | undefined {
  const pj = input.app.files.packageJson;
  if (!pj) return undefined;
  const text = input.read.readText(pj);
  if (!text) return undefined;
  try {
    const json = JSON.parse(text) as Record<string, Record<string, string> | undefined>;
    const range = json.dependencies?.['@kingstinct/react-native-healthkit'] ?? json.devDependencies?.['@kingstinct/react-native-healthkit'];
    const m = range ? /(\d+)/.exec(range) : null;
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}
