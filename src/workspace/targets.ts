import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors/index.js';
import { toPosix } from '../util/paths.js';

/** Files and folders that make a folder an app (or the top of a project). */
const APP_MARKER = /^(package\.json|app\.json|app\.config\.[cm]?[jt]s|capacitor\.config\.(json|ts|js)|config\.xml|.+\.xcodeproj|Package\.swift)$/;
const SKIP = new Set(['node_modules', '.git', 'Pods', 'build', 'dist', 'DerivedData', '.build']);

/** Whether an app marker stands in `dir` or anywhere below it (a bounded walk; stops at the first). */
function containsApp(dir: string, budget = { n: 20_000 }): boolean {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  if (entries.some((e) => APP_MARKER.test(e.name))) return true;
  for (const e of entries) {
    if (--budget.n <= 0) return false;
    if (e.isDirectory() && !SKIP.has(e.name) && containsApp(path.join(dir, e.name), budget)) return true;
  }
  return false;
}

const APP_DEPENDENCIES = ['react-native', 'expo', '@capacitor/core', '@capacitor/ios', 'cordova-ios'];

/** An app's own folder: Expo, Capacitor or Cordova configuration, an Xcode project, or a package.json of an app. */
function isAppDir(dir: string): boolean {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return false;
  }
  if (names.some((n) => /^(app\.json|app\.config\.[cm]?[jt]s|capacitor\.config\.(json|ts|js)|config\.xml|.+\.xcodeproj)$/.test(n))) return true;
  if (!names.includes('package.json')) return false;
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    return APP_DEPENDENCIES.some((d) => pkg.dependencies?.[d] !== undefined || pkg.devDependencies?.[d] !== undefined);
  } catch {
    return false;
  }
}

/** The nearest app folder at or above `dir`, not past the repository top; `dir` itself when there is none. */
function enclosingApp(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (isAppDir(d)) return d;
    if (fs.existsSync(path.join(d, '.git')) || path.dirname(d) === d) return dir;
  }
}

export interface ScanTargets {
  /** The scan root: the common folder of every scope. */
  root: string;
  /** Root-relative folders whose apps are analyzed ("." for the root). */
  scopes: string[];
  /**
   * Root-relative files and folders to report on, when narrower than the scopes (a file, or a folder inside an
   * app); undefined when everything analyzed is reported.
   */
  reportOnly?: string[];
}

/**
 * Turns the command line's paths into what to analyze and what to report. A folder that holds apps is scanned as
 * it is. A file, or a folder with no app in it (`src/`), is analyzed within its enclosing app, since configuration
 * and cross-file flows need the whole app, but only findings that touch it are reported (ESLint's way).
 */
export function resolveTargets(paths: string[], cwd: string): ScanTargets {
  const abs = (paths.length ? paths : ['.']).map((p) => path.resolve(cwd, p));
  const scopes: string[] = [];
  const narrow: string[] = [];
  for (const p of abs) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      throw new UsageError(`${p}: no such file or folder`);
    }
    if (st.isDirectory() && containsApp(p)) {
      scopes.push(p);
      continue;
    }
    const app = enclosingApp(st.isDirectory() ? p : path.dirname(p));
    scopes.push(app);
    narrow.push(p);
  }
  let root = scopes[0]!;
  for (const d of scopes.slice(1)) {
    while (!(d === root || d.startsWith(root + path.sep))) root = path.dirname(root);
  }
  const rel = (p: string) => toPosix(path.relative(root, p)) || '.';
  const wide = abs.filter((p) => !narrow.includes(p));
  return {
    root,
    scopes: [...new Set(scopes.map(rel))].sort(),
    reportOnly: narrow.length ? [...new Set([...narrow, ...wide].map(rel))].sort() : undefined,
  };
}

/** Whether a root-relative path lies in (or is) one of the root-relative prefixes ("." covers everything). */
export function isWithin(file: string, prefixes: string[]): boolean {
  return prefixes.some((p) => p === '.' || file === p || file.startsWith(`${p}/`));
}
