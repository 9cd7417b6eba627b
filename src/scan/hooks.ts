import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
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
      dir: dir ?? defaultCacheDir(root),
      hkguardVersion: VERSION,
      catalogHash,
      configHash,
      globalHashes,
    }),
  };
}

/**
 * node_modules/.cache/hkguard in a JavaScript project (where tools keep their caches and git ignores them); for a
 * native project, the user's cache folder, so that a scan never adds a node_modules/ to an Xcode project.
 */
export function defaultCacheDir(root: string): string {
  if (fs.existsSync(path.join(root, 'package.json')) || fs.existsSync(path.join(root, 'node_modules'))) {
    return path.join(root, 'node_modules', '.cache', 'hkguard');
  }
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'hkguard', createHash('sha256').update(root).digest('hex').slice(0, 16));
}
