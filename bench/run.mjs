#!/usr/bin/env node
// The hkguard benchmark. For each app size it generates a deterministic app (bench/generate.mjs), then runs the
// built CLI as a child process — a full scan, a warm and a cold `--staged` scan after changing 5 files in a
// temporary git repository — and, alternating with it in the same run, the floors: TypeScript parse + bind of
// the same files (createProgram with noResolve + getTypeChecker) and a tree-sitter parse of the Swift files
// when the Swift front end's runtime is installed. Wall time, peak RSS and lines per second go in a table.
//
//   npm run build && node bench/run.mjs [--sizes 10k,100k,500k] [--kind mixed|rn|swift] [--repeat 1]
//                                       [--work DIR] [--keep] [--json FILE] [--cli another/bin/hkguard.js]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { generateApp } from './generate.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PKG = path.resolve(HERE, '..');
let CLI = path.join(PKG, 'bin', 'hkguard.js');
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

// ------------------------------------------------------------------ floors (run as children of this script)

async function floorTs(listFile) {
  const require = createRequire(path.join(PKG, 'package.json'));
  const ts = require('typescript');
  const files = fs.readFileSync(listFile, 'utf8').split('\n').filter(Boolean);
  const program = ts.createProgram(files, {
    noResolve: true, noLib: true, types: [], allowJs: true, jsx: ts.JsxEmit.Preserve, noEmit: true,
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, skipLibCheck: true,
  });
  program.getTypeChecker();
  return { files: program.getSourceFiles().length };
}

function swiftRuntime() {
  const require = createRequire(path.join(PKG, 'package.json'));
  let parserPath;
  try {
    parserPath = require.resolve('web-tree-sitter');
  } catch {
    return undefined;
  }
  const vendored = path.join(PKG, 'vendor', 'tree-sitter', 'tree-sitter-swift.wasm');
  let wasm = fs.existsSync(vendored) ? vendored : undefined;
  if (!wasm) {
    try {
      wasm = path.join(path.dirname(require.resolve('tree-sitter-wasms/package.json')), 'out', 'tree-sitter-swift.wasm');
    } catch {
      return undefined;
    }
  }
  return fs.existsSync(wasm) ? { parserPath, wasm } : undefined;
}

async function floorSwift(listFile) {
  const rt = swiftRuntime();
  if (!rt) throw new Error('web-tree-sitter with a Swift grammar is not installed');
  const require = createRequire(import.meta.url);
  const mod = require(rt.parserPath);
  const Parser = mod.Parser ?? mod.default ?? mod;
  await Parser.init();
  const Language = mod.Language ?? Parser.Language;
  const swift = await Language.load(rt.wasm);
  const parser = new Parser();
  parser.setLanguage(swift);
  const files = fs.readFileSync(listFile, 'utf8').split('\n').filter(Boolean);
  let errors = 0;
  for (const f of files) {
    const tree = parser.parse(fs.readFileSync(f, 'utf8'));
    // A getter in web-tree-sitter 0.22, a method in later versions.
    const hasError = tree.rootNode.hasError;
    if (typeof hasError === 'function' ? hasError.call(tree.rootNode) : hasError) errors++;
    tree.delete();
  }
  return { files: files.length, filesWithErrors: errors, grammar: path.relative(PKG, rt.wasm) };
}

// ------------------------------------------------------------------ measuring a child process

/** Runs a command; wall seconds, peak RSS (MB, from /usr/bin/time -v when present), exit code, stdout. */
function measure(cmd, args, { cwd, env } = {}) {
  const started = process.hrtime.bigint();
  const full = TIME ? [TIME, ['-v', cmd, ...args]] : [cmd, args];
  const r = spawnSync(full[0], full[1], { cwd, env: { ...process.env, CI: '1', ...env }, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  let rssMb;
  let stderr = r.stderr ?? '';
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  if (m) {
    rssMb = Number(m[1]) / 1024;
    stderr = stderr.slice(0, stderr.indexOf('\tCommand being timed'));
  }
  // Without /usr/bin/time the child reports its own maxRSS (see the wrapper in runCli).
  const own = /HKGUARD_BENCH_MAXRSS_KB=(\d+)/.exec(stderr);
  if (!rssMb && own) rssMb = Number(own[1]) / 1024;
  return { seconds, rssMb, code: r.status, stdout: r.stdout ?? '', stderr: stderr.replace(/HKGUARD_BENCH_MAXRSS_KB=\d+\n?/, '') };
}

function nodeArgs(script, args) {
  if (TIME) return [process.execPath, [script, ...args]];
  // Report the child's peak memory from inside it when /usr/bin/time is missing.
  const wrapper = `process.on('exit',()=>process.stderr.write('HKGUARD_BENCH_MAXRSS_KB='+process.resourceUsage().maxRSS+'\\n'));await import(${JSON.stringify(pathToUrl(script))});`;
  return [process.execPath, ['--input-type=module', '-e', wrapper, script, ...args]];
}

function pathToUrl(p) {
  return new URL(`file://${path.resolve(p)}`).href;
}

function runCli(args, cwd) {
  const [cmd, full] = nodeArgs(CLI, args);
  const r = measure(cmd, full, { cwd });
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    report = undefined;
  }
  const isOk = report !== undefined && (r.code === 0 || r.code === 1);
  return { ...r, report, isOk, error: isOk ? undefined : firstLine(r.stderr) || `exit ${r.code}` };
}

function runFloor(kind, listFile) {
  const flags = kind === 'swift' ? ['--liftoff-only'] : [];
  const [cmd, full] = nodeArgs(fileURLToPath(import.meta.url), [`--floor-${kind}`, listFile]);
  const r = measure(cmd, [...flags, ...full]);
  let info;
  try {
    info = JSON.parse(r.stdout);
  } catch {
    info = undefined;
  }
  return { ...r, info, isOk: r.code === 0 && info !== undefined, error: r.code === 0 ? undefined : firstLine(r.stderr) };
}

function firstLine(s) {
  return (s ?? '').split('\n').map((l) => l.trim()).find(Boolean) ?? '';
}

function median(xs) {
  const s = xs.filter((x) => x !== undefined).sort((a, b) => a - b);
  if (!s.length) return undefined;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

// ------------------------------------------------------------------ the benchmark

function cliCapabilities() {
  if (CLI === path.join(PKG, 'bin', 'hkguard.js') && !fs.existsSync(path.join(PKG, 'dist', 'cli', 'main.js'))) {
    throw new Error('the CLI is not built: run `npm run build` first');
  }
  const help = spawnSync(process.execPath, [CLI, 'scan', '--help'], { encoding: 'utf8' });
  const text = `${help.stdout}${help.stderr}`;
  return {
    isRunnable: help.status === 0,
    error: help.status === 0 ? undefined : firstLine(help.stderr),
    hasStaged: /--staged\b/.test(text),
    hasJson: /\bjson\b/.test(text),
  };
}

function git(cwd, ...args) {
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'pipe' });
}

/** Edits 5 service files spread over the app, as a developer would: one new function each, one new log flow. */
function changeFiveFiles(app, manifest) {
  const services = manifest.tsFiles.filter((f) => f.endsWith('/service.ts'));
  const picks = [0, 1, 2, 3, 4].map((k) => services[Math.floor((k * services.length) / 5)]).filter(Boolean);
  picks.forEach((rel, k) => {
    const abs = path.join(app, rel);
    const text = fs.readFileSync(abs, 'utf8');
    const m = /export async function (sync\w+)\(\)/.exec(text);
    const edit = k === 0 && m
      ? `\nexport async function ${m[1]}Debug(): Promise<void> {\n  const n = await ${m[1]}();\n  console.log('debug sync', n);\n}\n`
      : `\nexport function changed${k}(values: number[]): number {\n  return values.filter((v) => v > 0).length;\n}\n`;
    fs.writeFileSync(abs, text + edit);
  });
  git(app, 'add', ...picks);
  return picks;
}

function countFindings(report) {
  const byRule = {};
  for (const f of report?.findings ?? []) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
  return byRule;
}

function fmt(n, digits = 2) {
  return n === undefined ? 'n/a' : n.toFixed(digits);
}

function parseSize(s) {
  const m = /^(\d+(?:\.\d+)?)(k)?$/i.exec(s.trim());
  if (!m) throw new Error(`bad size ${s}`);
  return Math.round(Number(m[1]) * (m[2] ? 1000 : 1));
}

async function main(argv) {
  const opts = { sizes: '10k,100k,500k', kind: 'mixed', repeat: 1, work: undefined, keep: false, json: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--sizes') opts.sizes = argv[++i];
    else if (a === '--kind') opts.kind = argv[++i];
    else if (a === '--repeat') opts.repeat = Number(argv[++i]);
    else if (a === '--work') opts.work = argv[++i];
    else if (a === '--keep') opts.keep = true;
    else if (a === '--json') opts.json = argv[++i];
    else if (a === '--cli') CLI = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${a}`);
  }
  const caps = cliCapabilities();
  const swift = swiftRuntime();
  const work = opts.work ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hkguard-bench-'));
  const log = (s) => process.stderr.write(`${s}\n`);
  log(`hkguard bench: node ${process.version}, ${os.cpus().length} cores, work folder ${work}`);
  log(`CLI: ${caps.isRunnable ? 'runnable' : `NOT runnable (${caps.error})`}; --staged ${caps.hasStaged ? 'supported' : 'not supported (staged columns are n/a)'}; Swift floor ${swift ? `on ${path.relative(PKG, swift.wasm)}` : 'n/a (web-tree-sitter not installed)'}`);

  const rows = [];
  for (const label of opts.sizes.split(',')) {
    const lines = parseSize(label);
    const app = path.join(work, `app-${label}`);
    fs.rmSync(app, { recursive: true, force: true });
    log(`\n[${label}] generating ${opts.kind} app...`);
    const manifest = generateApp({ out: app, lines, kind: opts.kind, seed: 1 });
    git(app, 'init', '-q');
    git(app, 'add', '-A');
    git(app, 'commit', '-q', '-m', 'generated');
    const tsList = path.join(work, `ts-${label}.txt`);
    const swiftList = path.join(work, `swift-${label}.txt`);
    fs.writeFileSync(tsList, manifest.tsFiles.map((f) => path.join(app, f)).join('\n'));
    fs.writeFileSync(swiftList, manifest.swiftFiles.map((f) => path.join(app, f)).join('\n'));
    const cacheDir = path.join(app, 'node_modules', '.cache', 'hkguard');

    const full = [];
    const tsFloor = [];
    const swiftFloor = [];
    // Alternate tool and floors, so drift between minutes hits both alike.
    for (let r = 0; r < opts.repeat; r++) {
      if (caps.isRunnable) {
        fs.rmSync(cacheDir, { recursive: true, force: true });
        log(`[${label}] full scan (cold cache) ${r + 1}/${opts.repeat}`);
        full.push(runCli(['scan', app, '--format', 'json'], app));
      }
      if (manifest.tsFiles.length) {
        log(`[${label}] TypeScript parse+bind floor ${r + 1}/${opts.repeat}`);
        tsFloor.push(runFloor('ts', tsList));
      }
      if (swift && manifest.swiftFiles.length) {
        log(`[${label}] tree-sitter Swift floor ${r + 1}/${opts.repeat}`);
        swiftFloor.push(runFloor('swift', swiftList));
      }
    }

    let warm;
    let cold;
    let changed = [];
    if (caps.isRunnable && caps.hasStaged) {
      changed = changeFiveFiles(app, manifest);
      // The cache the last full scan left is warm for every unchanged file.
      if (!fs.existsSync(cacheDir)) {
        log(`[${label}] (no cache folder after the full scan: the warm run warms it first)`);
        runCli(['scan', '--staged', '--format', 'json'], app);
      }
      log(`[${label}] --staged, warm cache`);
      warm = runCli(['scan', '--staged', '--format', 'json'], app);
      fs.rmSync(cacheDir, { recursive: true, force: true });
      log(`[${label}] --staged, cold cache`);
      cold = runCli(['scan', '--staged', '--format', 'json'], app);
    }

    const okFull = full.filter((x) => x.isOk);
    const fullS = median(okFull.map((x) => x.seconds));
    const found = countFindings(okFull[0]?.report);
    const flowRules = Object.keys(manifest.expectedFlows);
    const foundFlows = flowRules.reduce((n, r) => n + (found[r] ?? 0), 0);
    rows.push({
      size: label,
      files: manifest.files,
      lines: manifest.lines,
      fullSeconds: fullS,
      linesPerSecond: fullS ? manifest.lines.total / fullS : undefined,
      fullPeakMb: median(okFull.map((x) => x.rssMb)),
      fullError: full.find((x) => !x.isOk)?.error,
      stagedWarmSeconds: warm?.isOk ? warm.seconds : undefined,
      stagedWarmPeakMb: warm?.isOk ? warm.rssMb : undefined,
      stagedColdSeconds: cold?.isOk ? cold.seconds : undefined,
      stagedError: warm && !warm.isOk ? warm.error : cold && !cold.isOk ? cold.error : undefined,
      stagedFindings: warm?.report?.findings?.length,
      changedFiles: changed,
      tsFloorSeconds: median(tsFloor.filter((x) => x.isOk).map((x) => x.seconds)),
      tsFloorPeakMb: median(tsFloor.filter((x) => x.isOk).map((x) => x.rssMb)),
      tsFloorError: tsFloor.find((x) => !x.isOk)?.error,
      swiftFloorSeconds: median(swiftFloor.filter((x) => x.isOk).map((x) => x.seconds)),
      swiftFloorInfo: swiftFloor.find((x) => x.isOk)?.info,
      expectedFlows: manifest.expectedFlowTotal,
      foundFlowFindings: okFull.length ? foundFlows : undefined,
      findingsByRule: found,
      expectedByRule: manifest.expectedFlows,
    });
    if (!opts.keep) fs.rmSync(app, { recursive: true, force: true });
  }

  const header = ['app', 'files', 'TS lines', 'Swift lines', 'full scan s', 'lines/s', 'peak MB', 'staged warm s', 'staged cold s', 'TS floor s', 'Swift floor s', 'full / floors', 'flow findings / planted'];
  const table = [header, header.map(() => '---')];
  for (const r of rows) {
    const floors = (r.tsFloorSeconds ?? 0) + (r.swiftFloorSeconds ?? 0);
    table.push([
      r.size, String(r.files), String(r.lines.typescript), String(r.lines.swift),
      r.fullSeconds === undefined ? `n/a${r.fullError ? ` (${r.fullError.slice(0, 40)})` : ''}` : fmt(r.fullSeconds),
      r.linesPerSecond === undefined ? 'n/a' : String(Math.round(r.linesPerSecond)),
      fmt(r.fullPeakMb, 0),
      fmt(r.stagedWarmSeconds), fmt(r.stagedColdSeconds),
      r.tsFloorSeconds === undefined ? `n/a${r.tsFloorError ? ` (${r.tsFloorError.slice(0, 30)})` : ''}` : `${fmt(r.tsFloorSeconds)} (${fmt(r.tsFloorPeakMb, 0)} MB)`,
      fmt(r.swiftFloorSeconds),
      r.fullSeconds !== undefined && floors > 0 ? `${fmt(r.fullSeconds / floors, 2)}x` : 'n/a',
      r.foundFlowFindings === undefined ? `n/a / ${r.expectedFlows}` : `${r.foundFlowFindings} / ${r.expectedFlows}`,
    ]);
  }
  const widths = header.map((_, c) => Math.max(...table.map((row) => row[c].length)));
  const out = table.map((row) => `| ${row.map((cell, c) => (cell === '---' ? '-'.repeat(widths[c]) : cell.padEnd(widths[c]))).join(' | ')} |`).join('\n');
  process.stdout.write(`\n${out}\n`);
  const targets = [];
  const r100 = rows.find((r) => r.lines.total >= 90_000 && r.lines.total < 200_000);
  if (r100?.stagedWarmSeconds !== undefined) targets.push(`warm --staged, 5 files, ${r100.size}: ${fmt(r100.stagedWarmSeconds)} s (target < 1.5 s)`);
  const r500 = rows.find((r) => r.lines.total >= 400_000);
  if (r500?.fullPeakMb !== undefined) targets.push(`full scan ${r500.size}: peak ${fmt(r500.fullPeakMb, 0)} MB (target < 2048 MB)`);
  if (targets.length) process.stdout.write(`\n${targets.join('\n')}\n`);
  const errors = rows.flatMap((r) => [r.fullError, r.stagedError, r.tsFloorError].filter(Boolean).map((e) => `${r.size}: ${e}`));
  if (errors.length) process.stdout.write(`\nerrors:\n${[...new Set(errors)].join('\n')}\n`);
  if (opts.json) fs.writeFileSync(opts.json, `${JSON.stringify({ node: process.version, cores: os.cpus().length, rows }, null, 2)}\n`);
  if (!opts.keep && !opts.work) fs.rmSync(work, { recursive: true, force: true });
}

const [mode, arg] = process.argv.slice(2);
if (mode === '--floor-ts' || mode === '--floor-swift') {
  const info = mode === '--floor-ts' ? await floorTs(arg) : await floorSwift(arg);
  process.stdout.write(`${JSON.stringify(info)}\n`);
} else {
  await main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`bench: ${e.message}\n`);
    process.exitCode = 1;
  });
}
