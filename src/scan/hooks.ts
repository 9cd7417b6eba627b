import path from 'node:path';
import { applySuppressions } from '../findings/suppressions.js';
import { applyBaseline, readBaselineFileSync } from '../findings/baseline.js';
import { openCache } from '../findings/cache.js';
import { VERSION } from '../util/version.js';
import type { ScanHooks } from './scan.js';

/** The hooks a real run uses: inline suppressions, the baseline, and the persistent cache. */
export function defaultHooks(): ScanHooks {
  return {
    suppress: (findings, ctx, files) => applySuppressions(findings, ctx.read, ctx.rules, ctx.config, { files }),
    baseline: (findings, file) => applyBaseline(findings, readBaselineFileSync(file)),
    openCache: ({ configHash, catalogHash, root, dir, globalHashes }) => openCache({
      dir: dir ?? path.join(root, 'node_modules', '.cache', 'hkguard'),
      hkguardVersion: VERSION,
      catalogHash,
      configHash,
      globalHashes,
    }),
  };
}
