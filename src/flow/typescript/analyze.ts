import { createHash } from 'node:crypto';
import type { FrontEndInput } from '../types.js';
import { tsCatalog } from './catalog.js';
import type { LinkOptions } from './link.js';
import type { FileSummary } from './summary.js';
import { SUMMARY_VERSION } from './summary.js';
import type { HkguardConfig } from '../../config/types.js';
import type { TsCatalog } from './catalog.js';

const CACHE_NAMESPACE = 'ts-summary';

export type ExtractFn = (file: string, text: string, cat: TsCatalog, config: HkguardConfig) => FileSummary;

interface Pending { file: string; text: string; key: string; summary?: FileSummary }

/** Reads every file and looks its summary up in the cache (key: summary version, path, content hash). */
export function readInputs(input: FrontEndInput): Pending[] {
  const out: Pending[] = [];
  for (const file of [...input.files].sort()) {
    const text = input.read.readText(file);
    if (text === undefined) continue;
    const key = input.cache ? `${SUMMARY_VERSION}:${file}:${createHash('sha1').update(text).digest('hex')}` : '';
    const hit = input.cache?.get<FileSummary>(CACHE_NAMESPACE, key);
    out.push({ file, text, key, summary: hit && hit.v === SUMMARY_VERSION ? hit : undefined });
  }
  return out;
}

/** Summaries of every file of the input (extracting the cache misses), with their diagnostics recorded. */
export function summarize(input: FrontEndInput, pending: Pending[], extract: ExtractFn | undefined): { summaries: FileSummary[]; opts: LinkOptions } {
  const cat = tsCatalog(input.catalog);
  const summaries: FileSummary[] = [];
  for (const p of pending) {
    let summary = p.summary;
    if (!summary) {
      summary = extract!(p.file, p.text, cat, input.config);
      input.cache?.set(CACHE_NAMESPACE, p.key, summary);
    }
    for (const d of summary.diagnostics) input.diagnostics.push({ file: p.file, ...d });
    summaries.push(summary);
  }
  return {
    summaries,
    opts: { catalog: input.catalog, cat, config: input.config, kingstinctMajor: kingstinctMajor(input), reportFiles: input.changedFiles },
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
