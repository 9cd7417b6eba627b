// Swift front-end benchmark (run after `npm run build`): node bench/swift-flow.mjs [copies]
//
// Generates a deterministic SwiftUI + HealthKit app of 100k+ lines in a temp folder (copies of
// fixtures/swift-corpus and the annotated flow fixtures with every declared type renamed per copy), then in
// the same process and under the same V8 flags (--liftoff-only, which the front end sets itself) alternates
//   floor: a bare web-tree-sitter parse of every file with the same grammar (read + parse + delete),
//   scan:  swiftFrontEnd.analyze on the same files (read, parse, extract, module analysis),
// and reports the medians and their ratio. Finally it changes 5 files and times a fresh `node` process that
// scans the app with the per-file cache of a previous run (start-up included).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

v8.setFlagsFromString('--liftoff-only');
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const dist = path.join(root, 'dist');
if (!fs.existsSync(path.join(dist, 'flow/swift/index.js'))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(2);
}

const copies = Number(process.argv[2] ?? 40);
const ROUNDS = Number(process.env.ROUNDS ?? 3);

// ---- generate ----
function sources() {
  const out = [];
  const add = (dir, rel = '') => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) add(path.join(dir, e.name), `${rel}${e.name}/`);
      else if (e.name.endsWith('.swift')) out.push({ rel: `${rel}${e.name}`, text: fs.readFileSync(path.join(dir, e.name), 'utf8') });
    }
  };
  add(path.join(root, 'fixtures/swift-corpus'), 'corpus/');
  add(path.join(root, 'fixtures/flow/swift'), 'flows/');
  return out;
}

function generate(dir) {
  const base = sources();
  const typeNames = new Set();
  for (const { text } of base) {
    for (const m of text.matchAll(/\b(?:class|struct|enum|actor|protocol)\s+([A-Z]\w*)/g)) typeNames.add(m[1]);
  }
  const names = [...typeNames].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(`\\b(${names.join('|')})\\b`, 'g');
  const files = [];
  let lines = 0;
  for (let i = 0; i < copies; i++) {
    const folder = `Feature${String(i).padStart(3, '0')}`;
    for (const { rel, text } of base) {
      const renamed = text.replace(pattern, (n) => `${n}${i}`);
      const file = `${folder}/${rel}`;
      fs.mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), renamed);
      files.push(file);
      lines += renamed.split('\n').length;
    }
  }
  return { files: files.sort(), lines };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hkguard-swift-bench-'));
const { files, lines } = generate(dir);

const { swiftFrontEnd, swiftGrammarName } = await import(path.join(dist, 'flow/swift/index.js'));
const { loadSwiftParser } = await import(path.join(dist, 'flow/swift/grammar.js'));
const { loadCatalog } = await import(path.join(dist, 'rules/catalog.js'));
const { defaultConfig } = await import(path.join(dist, 'config/types.js'));
const catalog = loadCatalog(process.env.HKGUARD_RULES_DIR ?? path.join(root, 'rules'));

const reader = {
  readText: (rel) => fs.readFileSync(path.join(dir, rel), 'utf8'),
  readBytes: (rel) => fs.readFileSync(path.join(dir, rel)),
};
const input = (cache) => ({
  root: dir,
  app: { name: 'bench', kind: 'native-ios', path: '.', files: { js: [], swift: files, objc: [], infoPlists: [], entitlements: [], privacyManifests: [], sdkPrivacyManifests: [], pbxproj: [], lockfiles: [], packageResolved: [], fastlanePrivacyUrls: [] } },
  files, read: reader, config: { ...defaultConfig(), firstPartyHosts: ['api.pulse.example'] }, catalog, diagnostics: [], ...(cache ? { cache } : {}),
});

const { parser } = await loadSwiftParser();
// CPU time of this process as well as wall time: the machines are shared, and under load the wall clock
// mostly measures the neighbours.
const cpuMs = (u) => (u.user + u.system) / 1000;
function bareParse() {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (const f of files) parser.parse(reader.readText(f)).delete();
  return { ms: performance.now() - t0, cpu: cpuMs(process.cpuUsage(c0)) };
}
async function scan() {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = await swiftFrontEnd.analyze(input());
  return { ms: performance.now() - t0, cpu: cpuMs(process.cpuUsage(c0)), flows: r.flows.length, files: r.filesAnalyzed };
}

// Warm-up: JIT of the JS side, grammar load.
bareParse();
await scan();
const floor = [];
const full = [];
let last;
for (let i = 0; i < ROUNDS; i++) {
  floor.push(bareParse());
  last = await scan();
  full.push(last);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const per100k = (ms) => (ms / lines * 100_000 / 1000).toFixed(2);

// ---- 5 changed files in a fresh process, with the per-file cache of a previous scan ----
// The CLI's persistent cache (src/findings/cache.ts), filled by a full scan.
const { openCache } = await import(path.join(dist, 'findings/cache.js'));
const cacheFile = path.join(dir, '.hkguard-cache');
const cacheOptions = { dir: cacheFile, hkguardVersion: 'bench', catalogHash: catalog.hash, configHash: 'bench' };
const warm = openCache(cacheOptions);
await swiftFrontEnd.analyze(input(warm));
await warm.save();
const changed = files.filter((f) => f.includes('HealthStoreManager') || f.includes('DashboardModel')).slice(0, 5);
for (const f of changed) fs.appendFileSync(path.join(dir, f), `\n// edited ${Date.now()}\n`);
const child = path.join(here, 'swift-changed.mjs');
const childTimes = [];
let childOut = '';
for (let i = 0; i < ROUNDS; i++) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [child, dir, cacheFile, JSON.stringify(changed)], { encoding: 'utf8', env: { ...process.env } });
  childTimes.push(performance.now() - t0);
  if (r.status !== 0) { console.error(r.stderr); process.exit(1); }
  childOut = r.stdout.trim();
}

console.log(JSON.stringify({
  grammar: swiftGrammarName(),
  node: process.version,
  files: files.length,
  lines,
  flows: last.flows,
  loadAverage: os.loadavg().map((x) => x.toFixed(1)).join(' '),
  bareParseWallMs: floor.map((x) => Math.round(x.ms)),
  scanWallMs: full.map((x) => Math.round(x.ms)),
  bareParseCpuMs: floor.map((x) => Math.round(x.cpu)),
  scanCpuMs: full.map((x) => Math.round(x.cpu)),
  bareParseCpuSecPer100kLines: per100k(median(floor.map((x) => x.cpu))),
  scanCpuSecPer100kLines: per100k(median(full.map((x) => x.cpu))),
  ratioWall: (median(full.map((x) => x.ms)) / median(floor.map((x) => x.ms))).toFixed(2),
  ratioCpu: (median(full.map((x) => x.cpu)) / median(floor.map((x) => x.cpu))).toFixed(2),
  changedFiles: changed.length,
  freshProcessChangedScanMs: childTimes.map(Math.round),
  freshProcessChangedScanMedianMs: Math.round(median(childTimes)),
  child: JSON.parse(childOut),
}, null, 2));
if (process.env.KEEP) console.error(`kept ${dir}`); else fs.rmSync(dir, { recursive: true, force: true });
