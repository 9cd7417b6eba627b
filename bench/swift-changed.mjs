// Child of bench/swift-flow.mjs: a fresh process that scans the generated app's Swift files with the
// per-file cache of an earlier run (a pre-commit hook's situation: 5 files changed, the rest cached).
// Usage: node bench/swift-changed.mjs <app dir> <cache folder> <changed files as JSON>
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const t0 = performance.now();
const [dir, cacheFile, changedJson] = process.argv.slice(2);
const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const { swiftFrontEnd } = await import(path.join(dist, 'flow/swift/index.js'));
const { loadCatalog } = await import(path.join(dist, 'rules/catalog.js'));
const { defaultConfig } = await import(path.join(dist, 'config/types.js'));

const files = [];
const walk = (d, rel) => {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    if (e.isDirectory()) walk(path.join(d, e.name), `${rel}${e.name}/`);
    else if (e.name.endsWith('.swift')) files.push(`${rel}${e.name}`);
  }
};
walk(dir, '');
files.sort();
const { openCache } = await import(path.join(dist, 'findings/cache.js'));
const catalog = loadCatalog(process.env.HKGUARD_RULES_DIR ?? path.join(path.dirname(dist), 'rules'));
const cache = openCache({ dir: cacheFile, hkguardVersion: 'bench', catalogHash: catalog.hash, configHash: 'bench' });
const reader = {
  readText: (rel) => fs.readFileSync(path.join(dir, rel), 'utf8'),
  readBytes: (rel) => fs.readFileSync(path.join(dir, rel)),
};
const result = await swiftFrontEnd.analyze({
  root: dir,
  app: { name: 'bench', kind: 'native-ios', path: '.', files: { js: [], swift: files, objc: [], infoPlists: [], entitlements: [], privacyManifests: [], sdkPrivacyManifests: [], pbxproj: [], lockfiles: [], packageResolved: [], fastlanePrivacyUrls: [] } },
  files, read: reader, config: { ...defaultConfig(), firstPartyHosts: ['api.pulse.example'] },
  catalog,
  diagnostics: [], cache, changedFiles: new Set(JSON.parse(changedJson)),
});
const stats = cache.stats();
const cpu = process.cpuUsage();
console.log(JSON.stringify({ cpuMs: Math.round((cpu.user + cpu.system) / 1000), cacheHits: stats.hits, cacheMisses: stats.misses, filesAnalyzed: result.filesAnalyzed, flows: result.flows.length, inProcessMs: Math.round(performance.now() - t0) }));
