import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The package root (where package.json, rules/ and vendor/ live), from src/ or dist/ alike. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RULES_DIR = path.join(PACKAGE_ROOT, 'rules');

/** Root-relative path with "/" separators. */
export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

export function relativePosix(root: string, abs: string): string {
  return toPosix(path.relative(root, abs)) || '.';
}
