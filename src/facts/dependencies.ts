import path from 'node:path';
import YAML from 'yaml';
import type { Diagnostic, SourceLocation } from '../findings/types.js';
import type { Catalog } from '../rules/catalog.js';
import type { AppWorkspace, FileReader } from '../workspace/types.js';
import { parseJsonLocated } from './json.js';
import { child, entry, LineMap, stringOf, type LNode } from './located.js';
import type { SdkPresence } from './types.js';

export interface DependencyFacts {
  dependencies: Map<string, string>;
  dependencyLocations: Map<string, SourceLocation>;
  sdks: SdkPresence[];
}

/**
 * The app's dependencies and the SDKs the catalog knows among them: npm packages from package.json
 * (versions resolved through the lockfiles), pods from Podfile.lock, Swift packages from
 * Package.resolved and Carthage frameworks from Cartfile.resolved.
 */
export function extractDependencies(
  app: AppWorkspace,
  read: FileReader,
  catalog: Catalog,
  diagnostics: Diagnostic[],
  packageJson?: LNode,
): DependencyFacts {
  const facts: DependencyFacts = { dependencies: new Map(), dependencyLocations: new Map(), sdks: [] };
  for (const field of ['dependencies', 'optionalDependencies']) {
    const deps = child(packageJson, field);
    if (deps?.kind !== 'object') continue;
    for (const e of deps.entries) {
      const range = stringOf(e.value);
      if (range === undefined || facts.dependencies.has(e.key)) continue;
      facts.dependencies.set(e.key, range);
      facts.dependencyLocations.set(e.key, e.keyLoc);
    }
  }
  const versions = new Map<string, string>();
  for (const lockfile of [...app.files.lockfiles].sort()) {
    const text = read.readText(lockfile);
    if (text === undefined) continue;
    const found = readLockfile(lockfile, text.replace(/^\uFEFF/, ''), app.path, facts.dependencies, diagnostics);
    for (const [name, version] of found) if (!versions.has(name)) versions.set(name, version);
  }
  for (const [name, range] of [...facts.dependencies].sort(([a], [b]) => a.localeCompare(b))) {
    const sdk = catalog.sdkForModule(name);
    if (!sdk) continue;
    facts.sdks.push(presence(sdk, name, 'npm', versions.get(name) ?? range, facts.dependencyLocations.get(name)!));
  }
  if (app.files.podfileLock) {
    const text = read.readText(app.files.podfileLock);
    if (text !== undefined) {
      for (const pod of readPodfileLock(app.files.podfileLock, text, diagnostics)) {
        const sdk = catalog.sdkForPod(pod.name);
        if (sdk) facts.sdks.push(presence(sdk, pod.name, 'cocoapods', pod.version, pod.location));
      }
    }
  }
  for (const file of [...app.files.packageResolved].sort()) {
    const text = read.readText(file);
    if (text === undefined) continue;
    for (const pin of readPackageResolved(file, text, diagnostics)) {
      const sdk = catalog.sdkForSpm(pin.identity);
      if (sdk) facts.sdks.push(presence(sdk, pin.identity, 'spm', pin.version, pin.location));
    }
  }
  if (app.files.cartfileResolved) {
    const text = read.readText(app.files.cartfileResolved);
    if (text !== undefined) {
      for (const dep of readCartfileResolved(app.files.cartfileResolved, text)) {
        const sdk = catalog.sdkForSpm(dep.name) ?? catalog.sdkForPod(dep.name);
        if (sdk) facts.sdks.push(presence(sdk, dep.name, 'carthage', dep.version, dep.location));
      }
    }
  }
  // One entry per SDK and way in; the first (npm before pods before SPM) keeps its place.
  const seen = new Set<string>();
  facts.sdks = facts.sdks.filter((s) => {
    const key = `${s.sdkId}\0${s.viaKind}\0${s.via}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return facts;
}

function presence(sdk: { id: string; vendor: string; product: string; category: string }, via: string, viaKind: SdkPresence['viaKind'], version: string | undefined, location: SourceLocation): SdkPresence {
  const p: SdkPresence = { sdkId: sdk.id, vendor: sdk.vendor, product: sdk.product, category: sdk.category, via, viaKind, location };
  if (version) p.version = version;
  return p;
}

/** Resolved versions of the direct dependencies, from one lockfile. */
export function readLockfile(file: string, text: string, appPath: string, direct: Map<string, string>, diagnostics: Diagnostic[]): Map<string, string> {
  const base = path.posix.basename(file);
  // The lockfile may sit at a monorepo root above the app.
  const rel = path.posix.relative(path.posix.dirname(file) || '.', appPath || '.');
  const out = new Map<string, string>();
  try {
    if (base === 'package-lock.json' || base === 'npm-shrinkwrap.json') {
      const lock = JSON.parse(text) as { packages?: Record<string, { version?: string }>; dependencies?: Record<string, { version?: string }> };
      for (const name of direct.keys()) {
        const version = (rel && rel !== '.' ? lock.packages?.[`${rel}/node_modules/${name}`]?.version : undefined)
          ?? lock.packages?.[`node_modules/${name}`]?.version
          ?? lock.dependencies?.[name]?.version;
        if (version) out.set(name, version);
      }
    } else if (base === 'yarn.lock') {
      readYarnLock(text, direct, out);
    } else if (base === 'pnpm-lock.yaml') {
      const lock = YAML.parse(text) as Record<string, unknown> | null;
      if (lock === null || typeof lock !== 'object' || Array.isArray(lock)) throw new Error('not a pnpm lockfile (expected a YAML mapping)');
      const importers = lock?.importers as Record<string, Record<string, unknown>> | undefined;
      const importer = importers ? (importers[rel || '.'] ?? importers['.']) : lock ?? undefined;
      for (const field of ['dependencies', 'optionalDependencies']) {
        const deps = importer?.[field] as Record<string, unknown> | undefined;
        for (const [name, spec] of Object.entries(deps ?? {})) {
          const raw = typeof spec === 'string' ? spec : typeof spec === 'object' && spec ? (spec as { version?: unknown }).version : undefined;
          if (typeof raw === 'string' && direct.has(name)) out.set(name, raw.replace(/[(_].*$/, ''));
        }
      }
    }
  } catch (err) {
    diagnostics.push({ file, message: `cannot read lockfile: ${(err as Error).message}`, severity: 'warning' });
  }
  return out;
}

/** yarn v1 (`version "1.2.3"`) and berry (`version: 1.2.3`, `name@npm:range` descriptors). */
function readYarnLock(text: string, direct: Map<string, string>, out: Map<string, string>): void {
  let descriptors: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    if (!line.startsWith(' ')) {
      descriptors = line.replace(/:$/, '').split(/,\s*/).map((d) => d.trim().replace(/^"|"$/g, ''));
      continue;
    }
    const m = /^\s+version:?\s+"?([^"\s]+)"?/.exec(line);
    if (!m || descriptors.length === 0) continue;
    for (const d of descriptors) {
      const at = d.indexOf('@', 1);
      if (at === -1) continue;
      const name = d.slice(0, at);
      const range = d.slice(at + 1).replace(/^npm:/, '');
      if (!direct.has(name)) continue;
      if (direct.get(name) === range || !out.has(name)) out.set(name, m[1]!);
    }
    descriptors = [];
  }
}

export interface PodEntry { name: string; version?: string; location: SourceLocation }

/** The PODS section of a Podfile.lock: every pod installed, direct or transitive. */
export function readPodfileLock(file: string, input: string, diagnostics: Diagnostic[]): PodEntry[] {
  const text = input.replace(/^\uFEFF/, '');
  const lines = text.split('\n');
  const pods: PodEntry[] = [];
  let inPods = false;
  let sawPods = false;
  lines.forEach((raw, k) => {
    const line = raw.replace(/\r$/, '');
    if (/^\S/.test(line)) {
      inPods = line.startsWith('PODS:');
      sawPods ||= inPods;
      return;
    }
    if (!inPods) return;
    const m = /^ {2}- "?([^\s"(]+)(?: \(([^)]+)\))?"?:?\s*$/.exec(line);
    if (!m) return;
    const start = line.indexOf(m[1]!) + 1;
    const entry: PodEntry = { name: m[1]!, location: { file, line: k + 1, column: start, endLine: k + 1, endColumn: start + m[1]!.length } };
    if (m[2]) entry.version = m[2];
    pods.push(entry);
  });
  if (!sawPods && text.trim() !== '') diagnostics.push({ file, message: 'Podfile.lock has no PODS section', line: 1, column: 1, severity: 'warning' });
  return pods;
}

export interface SpmPin { identity: string; version?: string; location: SourceLocation }

/** Package.resolved v1 (`object.pins[].package`, `repositoryURL`) and v2/v3 (`pins[].identity`). */
export function readPackageResolved(file: string, text: string, diagnostics: Diagnostic[]): SpmPin[] {
  const root = parseJsonLocated(file, text, diagnostics);
  const pinsNode = child(root, 'pins') ?? child(root, 'object', 'pins');
  if (pinsNode?.kind !== 'array') {
    if (root) diagnostics.push({ file, message: 'Package.resolved has no "pins" array', line: 1, column: 1, severity: 'warning' });
    return [];
  }
  const pins: SpmPin[] = [];
  for (const pin of pinsNode.items) {
    const url = stringOf(child(pin, 'location')) ?? stringOf(child(pin, 'repositoryURL'));
    const identity = stringOf(child(pin, 'identity')) ?? (url ? identityFromUrl(url) : stringOf(child(pin, 'package'))?.toLowerCase());
    if (!identity) continue;
    const keyEntry = entry(pin, 'identity') ?? entry(pin, 'package') ?? entry(pin, 'repositoryURL') ?? entry(pin, 'location');
    const version = stringOf(child(pin, 'state', 'version')) ?? stringOf(child(pin, 'state', 'revision'));
    const p: SpmPin = { identity, location: keyEntry?.keyLoc ?? pin.loc };
    if (version) p.version = version;
    pins.push(p);
  }
  return pins;
}

function identityFromUrl(url: string): string {
  return (url.replace(/\/+$/, '').split('/').pop() ?? url).replace(/\.git$/, '').toLowerCase();
}

/** `github "owner/repo" "v1.2.3"`, `git "url" "ref"`, `binary "url" "1.0"`. */
export function readCartfileResolved(file: string, input: string): Array<{ name: string; version: string; location: SourceLocation }> {
  const text = input.replace(/^\uFEFF/, '');
  const lines = new LineMap(file, text);
  const out: Array<{ name: string; version: string; location: SourceLocation }> = [];
  const re = /^(github|git|binary)\s+"([^"]+)"\s+"([^"]+)"/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const source = m[2]!;
    const name = m[1] === 'binary' ? identityFromUrl(source).replace(/\.json$/, '') : identityFromUrl(source);
    out.push({ name, version: m[3]!, location: lines.loc(m.index, m.index + m[0].length) });
  }
  return out;
}

