import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import type { Diagnostic } from '../findings/types.js';
import type { AppFiles, AppKind, AppWorkspace } from './types.js';
import { toPosix } from '../util/paths.js';

/** Folders never walked: dependencies, build output, VCS and tool caches. */
const SKIP_DIRS = new Set([
  'node_modules', '.git', '.hg', '.svn', 'build', 'dist', 'DerivedData', '.expo', '.next', 'coverage',
  'android', '.gradle', 'Carthage', '.build', '.swiftpm', '__snapshots__', 'xcuserdata', '.cache',
]);
/** Larger source files are minified bundles or generated code: skipped with a diagnostic. */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

const JS_EXT = /\.(ts|tsx|js|jsx|mjs|cjs)$/;
const isDts = (p: string) => /\.d\.[cm]?ts$/.test(p);

export interface DiscoverOptions {
  root: string;
  /** Root-relative globs from the configuration's `ignore`. */
  ignore: string[];
  diagnostics: Diagnostic[];
}

export interface DiscoveredTree {
  apps: AppWorkspace[];
  /** Every file considered, root-relative. */
  fileCount: number;
}

interface Entry {
  rel: string;
  name: string;
}

/** Walks the tree once (no symlinked folders, so no loops) honouring .gitignore files and `ignore`. */
function walk(opts: DiscoverOptions): { files: Entry[]; dirs: Set<string> } {
  const files: Entry[] = [];
  const dirs = new Set<string>();
  const userIgnore = opts.ignore.length ? picomatch(opts.ignore, { dot: true }) : undefined;
  const visit = (absDir: string, relDir: string, ignores: Array<{ base: string; ig: Ignore }>) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(absDir, { withFileTypes: true });
    } catch (e) {
      opts.diagnostics.push({ file: relDir || '.', message: `cannot read the folder (${(e as NodeJS.ErrnoException).code})`, severity: 'warning' });
      return;
    }
    dirs.add(relDir);
    let scoped = ignores;
    const gi = entries.find((e) => e.name === '.gitignore' && e.isFile());
    if (gi) {
      try {
        scoped = [...ignores, { base: relDir, ig: ignore().add(fs.readFileSync(path.join(absDir, '.gitignore'), 'utf8')) }];
      } catch {
        // An unreadable .gitignore only means nothing extra is ignored.
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      const isDir = entry.isDirectory();
      if (isDir && (SKIP_DIRS.has(entry.name) || entry.name.endsWith('.xcassets'))) continue;
      // www/ is a Cordova app's source, but the build output of a Capacitor or bundled web app (beside src/);
      // platforms/ is Cordova's generated copy of everything.
      if (isDir && entry.name === 'www' && entries.some((e) => e.name === 'src' || /^capacitor\.config\./.test(e.name))) continue;
      if (isDir && entry.name === 'platforms' && entries.some((e) => e.name === 'config.xml')) continue;
      if (userIgnore && (userIgnore(rel) || (isDir && userIgnore(`${rel}/`)))) continue;
      if (scoped.some(({ base, ig }) => {
        const sub = base ? rel.slice(base.length + 1) : rel;
        return ig.ignores(isDir ? `${sub}/` : sub);
      })) continue;
      if (isDir) {
        // Xcode bundles are folders we look into for project.pbxproj only.
        visit(path.join(absDir, entry.name), rel, scoped);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        // Symbolic links to files are read (a broken one yields a read diagnostic later); links to folders are not walked.
        if (entry.isSymbolicLink()) {
          try {
            if (fs.statSync(path.join(absDir, entry.name)).isDirectory()) continue;
          } catch (e) {
            const loop = (e as NodeJS.ErrnoException).code === 'ELOOP';
            opts.diagnostics.push({ file: rel, message: loop ? 'symbolic link loop: skipped' : 'broken symbolic link (its target does not exist): skipped', severity: 'warning' });
            continue;
          }
        }
        files.push({ rel, name: entry.name });
      }
    }
  };
  visit(opts.root, '', []);
  return { files, dirs };
}

function readJson(abs: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(fs.readFileSync(abs, 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function deps(pkg: Record<string, unknown> | undefined): Set<string> {
  const out = new Set<string>();
  for (const key of ['dependencies', 'devDependencies', 'peerDependencies']) {
    const d = pkg?.[key];
    if (d && typeof d === 'object') for (const name of Object.keys(d)) out.add(name);
  }
  return out;
}

const parentDir = (rel: string) => (rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '');

/** Decides which folders are apps, and of which kind. */
function detectApps(root: string, files: Entry[]): Array<{ path: string; kind: AppKind; name: string }> {
  const byDir = new Map<string, Set<string>>();
  for (const f of files) {
    const dir = parentDir(f.rel);
    if (!byDir.has(dir)) byDir.set(dir, new Set());
    byDir.get(dir)!.add(f.name);
  }
  const apps: Array<{ path: string; kind: AppKind; name: string }> = [];
  const jsAppDirs = new Set<string>();
  for (const [dir, names] of byDir) {
    const hasCapConfig = [...names].some((n) => /^capacitor\.config\.(json|ts|js)$/.test(n));
    const hasAppJson = names.has('app.json') || [...names].some((n) => /^app\.config\.(ts|js|mjs|cjs)$/.test(n));
    const pkg = names.has('package.json') ? readJson(path.join(root, dir, 'package.json')) : undefined;
    const d = deps(pkg);
    let kind: AppKind | undefined;
    if (hasCapConfig || d.has('@capacitor/core') || d.has('@capacitor/ios')) kind = 'capacitor';
    else if (names.has('config.xml') && (d.has('cordova-ios') || d.has('cordova') || /<widget[\s>]/.test(safeRead(path.join(root, dir, 'config.xml'))))) kind = 'cordova';
    else if (d.has('expo') || (hasAppJson && !d.has('react-native') && names.has('package.json'))) kind = 'expo';
    else if (d.has('react-native')) kind = 'react-native';
    if (kind) {
      const name = (typeof pkg?.name === 'string' && pkg.name) || path.basename(path.join(root, dir)) || 'app';
      apps.push({ path: dir, kind, name });
      jsAppDirs.add(dir);
    }
  }
  // Native apps: a folder holding an .xcodeproj that does not sit inside a JS app (ios/ of React Native, etc.).
  const xcodeDirs = new Map<string, string>();
  for (const f of files) {
    const m = /^(.*?)([^/]+)\.xcodeproj\/project\.pbxproj$/.exec(f.rel);
    if (!m) continue;
    const dir = m[1]!.replace(/\/$/, '');
    if (!xcodeDirs.has(dir)) xcodeDirs.set(dir, m[2]!);
  }
  for (const [dir, projName] of xcodeDirs) {
    const insideJsApp = [...jsAppDirs].some((a) => a === '' || dir === a || dir.startsWith(`${a}/`));
    if (!insideJsApp) apps.push({ path: dir, kind: 'native-ios', name: projName });
  }
  return apps.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function safeRead(abs: string): string {
  try {
    return fs.readFileSync(abs, 'utf8');
  } catch {
    return '';
  }
}

function emptyFiles(): AppFiles {
  return {
    js: [], swift: [], objc: [], infoPlists: [], entitlements: [], privacyManifests: [], sdkPrivacyManifests: [],
    pbxproj: [], lockfiles: [], packageResolved: [], fastlanePrivacyUrls: [],
  };
}

/** Finds every app under `root` and hands each its files. Files outside every app go to a root app. */
export function discover(opts: DiscoverOptions): DiscoveredTree {
  const { files } = walk(opts);
  const detected = detectApps(opts.root, files);
  if (detected.length === 0 || !detected.some((a) => a.path === '')) {
    // Loose sources at the root (a folder of snippets, a library): one app at the root so nothing is missed,
    // but only when some file would otherwise belong to no app.
    const orphan = files.some((f) => !detected.some((a) => a.path !== '' && f.rel.startsWith(`${a.path}/`)));
    if (detected.length === 0 || orphan) {
      const hasSwift = files.some((f) => /\.(swift|m|mm)$/.test(f.name));
      const hasJs = files.some((f) => JS_EXT.test(f.name));
      const pkg = readJson(path.join(opts.root, 'package.json'));
      if (detected.length === 0 || hasJs || hasSwift) {
        detected.unshift({
          path: '',
          kind: hasJs || !hasSwift ? 'react-native' : 'native-ios',
          name: (typeof pkg?.name === 'string' && pkg.name) || path.basename(opts.root),
        });
      }
    }
  }
  // Deepest app first, so each file goes to its nearest app.
  const bySpecificity = [...detected].sort((a, b) => b.path.length - a.path.length);
  const appFiles = new Map(detected.map((a) => [a.path, emptyFiles()]));
  for (const f of files) {
    const owner = bySpecificity.find((a) => a.path === '' || f.rel === a.path || f.rel.startsWith(`${a.path}/`));
    if (!owner) continue;
    const af = appFiles.get(owner.path)!;
    const rel = f.rel;
    const local = owner.path ? rel.slice(owner.path.length + 1) : rel;
    const inPods = /(^|\/)Pods\//.test(local);
    if (inPods) {
      if (f.name === 'PrivacyInfo.xcprivacy') af.sdkPrivacyManifests.push(rel);
      continue;
    }
    if (/^app\.config\.(ts|js|mjs|cjs)$/.test(local)) af.appConfig = rel;
    else if (/^capacitor\.config\.(json|ts|js)$/.test(local)) af.capacitorConfig = rel;
    else if (JS_EXT.test(f.name) && !isDts(f.name)) {
      // Tool configuration is not app code.
      if (!/(^|\/)(metro|babel|jest|webpack|eslint|prettier|vite|tailwind|vitest|rollup)\.config\.[cm]?[jt]s$/.test(local) && sizeOk(opts, rel, f)) af.js.push(rel);
    } else if (f.name.endsWith('.swift')) {
      if (sizeOk(opts, rel, f)) af.swift.push(rel);
    } else if (/\.(m|mm|h)$/.test(f.name)) {
      if (sizeOk(opts, rel, f)) af.objc.push(rel);
    } else if (f.name === 'Info.plist' || /-Info\.plist$/.test(f.name)) af.infoPlists.push(rel);
    else if (f.name.endsWith('.entitlements')) af.entitlements.push(rel);
    else if (f.name === 'PrivacyInfo.xcprivacy') af.privacyManifests.push(rel);
    else if (f.name === 'project.pbxproj' && /\.xcodeproj\/project\.pbxproj$/.test(rel)) af.pbxproj.push(rel);
    else if (local === 'app.json') af.appJson = rel;
    else if (local === 'config.xml') af.cordovaConfigXml = rel;
    else if (local === 'package.json') af.packageJson = rel;
    else if (/^(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|npm-shrinkwrap\.json)$/.test(local)) af.lockfiles.push(rel);
    else if (f.name === 'Podfile.lock') af.podfileLock ??= rel;
    else if (f.name === 'Package.resolved') af.packageResolved.push(rel);
    else if (f.name === 'Cartfile.resolved') af.cartfileResolved ??= rel;
    else if (f.name === 'privacy_url.txt' && /(^|\/)fastlane\/metadata\//.test(local)) af.fastlanePrivacyUrls.push(rel);
  }
  const apps = detected.map((a): AppWorkspace => ({ name: a.name, kind: a.kind, path: a.path || '.', files: appFiles.get(a.path)! }));
  return { apps, fileCount: files.length };
}

function sizeOk(opts: DiscoverOptions, rel: string, _f: Entry): boolean {
  try {
    const size = fs.statSync(path.join(opts.root, rel)).size;
    if (size > MAX_SOURCE_BYTES) {
      opts.diagnostics.push({
        file: rel,
        message: `skipped: ${(size / 1024 / 1024).toFixed(1)} MB is larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MB (a minified bundle or generated file?); add it to "ignore" to silence this`,
        severity: 'warning',
      });
      return false;
    }
  } catch {
    // Unreadable: the reader reports it when the front end asks for it.
  }
  return true;
}

export { toPosix };
