// Measures Node's exit wait with and without V8's --liftoff-only on the vendored Swift grammar:
// node bench/swift-liftoff.mjs  (spawns fresh processes that parse 5 corpus files and exit)
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (process.argv[2] === 'child') {
  if (process.argv[3] === 'liftoff') (await import('node:v8')).setFlagsFromString('--liftoff-only');
  const { default: Parser } = await import('web-tree-sitter');
  await Parser.init();
  const lang = await Parser.Language.load(path.join(root, 'vendor/tree-sitter/tree-sitter-swift.wasm'));
  const parser = new Parser();
  parser.setLanguage(lang);
  const dir = path.join(root, 'fixtures/swift-corpus');
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.swift')).sort().slice(0, 5)) parser.parse(fs.readFileSync(path.join(dir, f), 'utf8')).delete();
  process.stdout.write(String(Math.round(performance.now())));
} else {
  const out = {};
  for (const mode of ['default', 'liftoff', 'default', 'liftoff']) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), 'child', mode], { encoding: 'utf8' });
    const total = Math.round(performance.now() - t0);
    (out[mode] ??= []).push({ processMs: total, workDoneAtMs: Number(r.stdout), exitWaitMs: total - Number(r.stdout) });
  }
  console.log(JSON.stringify(out, null, 1));
}
