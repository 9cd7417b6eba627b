import { rulesSource } from './source.js';
import { RULES_DIR } from '../util/paths.js';

/** How data reaches an SDK from JS/TS, starting at an imported binding (rules/catalog/README.md). */
export interface SdkJsEntry {
  module: string;
  /** default | "*" | a named export | a list of these. */
  import: string | string[];
  chains?: string[];
  jsx?: string[];
  props?: string[];
  args?: number[];
}

/** A global in a web view (Capacitor, Cordova): `fbq(...)`, `window.gtag(...)`. */
export interface SdkJsGlobal {
  global: string;
  chains: string[];
  args?: number[];
}

/** Applies only in Swift files that import one of the SDK's `swiftModules`. */
export interface SdkSwiftEntry {
  receiver: string;
  methods?: string[];
  properties?: string[];
  args?: number[];
}

export interface SdkEntry {
  id: string;
  vendor: string;
  product: string;
  category: string;
  alsoCategories?: string[];
  npm?: string[];
  cocoapods?: string[];
  spm?: string[];
  swiftModules?: string[];
  hosts?: string[];
  appleRequiresPrivacyManifest?: boolean;
  js?: SdkJsEntry[];
  jsGlobals?: SdkJsGlobal[];
  swift?: SdkSwiftEntry[];
  source?: string;
  verified?: string;
}

export interface Catalog {
  sdks: SdkEntry[];
  /** Another catalog file of rules/catalog/ by base name ("healthkit-js"), parsed; undefined when absent. */
  file<T = unknown>(name: string): T | undefined;
  /** The SDK whose npm package owns this module specifier ("firebase/analytics" -> firebase). */
  sdkForModule(specifier: string): SdkEntry | undefined;
  sdkForPod(pod: string): SdkEntry | undefined;
  sdkForSwiftModule(module: string): SdkEntry | undefined;
  sdkForSpm(identity: string): SdkEntry | undefined;
  sdkForHost(host: string): SdkEntry | undefined;
  /** Content hash of every YAML file under rules/ (cache key). */
  hash: string;
}

let cached: Catalog | undefined;

export function loadCatalog(rulesDir = RULES_DIR): Catalog {
  if (cached && rulesDir === RULES_DIR) return cached;
  const source = rulesSource(rulesDir);
  const readCatalogFile = (name: string): unknown => source.get(`catalog/${name}.yaml`);
  const sdkDoc = readCatalogFile('sdks') as { sdks?: SdkEntry[] } | undefined;
  const sdks = sdkDoc?.sdks ?? [];

  const byNpm = new Map<string, SdkEntry>();
  const byPod = new Map<string, SdkEntry>();
  const bySwift = new Map<string, SdkEntry>();
  const bySpm = new Map<string, SdkEntry>();
  const hostEntries: Array<[string, SdkEntry]> = [];
  for (const sdk of sdks) {
    for (const n of sdk.npm ?? []) if (!byNpm.has(n)) byNpm.set(n, sdk);
    for (const p of sdk.cocoapods ?? []) if (!byPod.has(p)) byPod.set(p, sdk);
    for (const m of sdk.swiftModules ?? []) if (!bySwift.has(m)) bySwift.set(m, sdk);
    for (const s of sdk.spm ?? []) if (!bySpm.has(s.toLowerCase())) bySpm.set(s.toLowerCase(), sdk);
    for (const h of sdk.hosts ?? []) hostEntries.push([h.toLowerCase(), sdk]);
  }

  const catalog: Catalog = {
    sdks,
    file: <T>(name: string) => readCatalogFile(name) as T | undefined,
    sdkForModule(specifier) {
      if (byNpm.has(specifier)) return byNpm.get(specifier);
      // "firebase/analytics" belongs to "firebase"; "@scope/pkg/sub" to "@scope/pkg".
      const parts = specifier.split('/');
      for (let n = parts.length - 1; n >= 1; n--) {
        const hit = byNpm.get(parts.slice(0, n).join('/'));
        if (hit) return hit;
      }
      return undefined;
    },
    sdkForPod: (pod) => byPod.get(pod) ?? byPod.get(pod.split('/')[0]!),
    sdkForSwiftModule: (m) => bySwift.get(m),
    sdkForSpm: (s) => bySpm.get(s.toLowerCase()),
    sdkForHost(host) {
      // "app-measurement.com" covers itself and its subdomains; "*.ingest.sentry.io" covers the subdomains only.
      const h = host.toLowerCase();
      for (const [pattern, sdk] of hostEntries) {
        if (pattern.startsWith('*.')) {
          if (h.endsWith(pattern.slice(1))) return sdk;
        } else if (h === pattern || h.endsWith(`.${pattern}`)) return sdk;
      }
      return undefined;
    },
    hash: source.hash,
  };
  if (rulesDir === RULES_DIR) cached = catalog;
  return catalog;
}

