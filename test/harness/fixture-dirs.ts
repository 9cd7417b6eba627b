import fs from 'node:fs';
import path from 'node:path';
import { scan } from '../../src/scan/scan.js';
import { defaultHooks } from '../../src/scan/hooks.js';
import { checkAnnotations, type AnnotationResult } from './annotations.js';
import { PACKAGE_ROOT } from '../../src/util/paths.js';

export const FIXTURES = path.join(PACKAGE_ROOT, 'fixtures');

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

/** Scans one fixture folder with the real pipeline and checks every annotated file in it. */
export async function checkFixtureDir(dir: string): Promise<Record<string, AnnotationResult>> {
  // The CLI's hooks (inline suppressions, baseline), without the on-disk cache.
  const result = await scan({ paths: [dir], cwd: dir, cacheDir: false }, defaultHooks());
  const out: Record<string, AnnotationResult> = {};
  for (const file of walk(dir).sort()) {
    const text = fs.readFileSync(file, 'utf8');
    if (!/(ruleid|ok|todoruleid|todook):/.test(text)) continue;
    const rel = path.relative(dir, file).split(path.sep).join('/');
    out[rel] = checkAnnotations(result.findings, text, rel);
  }
  return out;
}

export function caseDirs(family: string): string[] {
  const base = path.join(FIXTURES, family);
  if (!fs.existsSync(base)) return [];
  return fs.readdirSync(base, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(base, e.name)).sort();
}
