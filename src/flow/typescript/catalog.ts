import type { Catalog, SdkEntry } from '../../rules/catalog.js';
import type { SinkCategory } from '../types.js';
import type { RecipientKind } from '../../findings/types.js';

/**
 * The catalogs of rules/catalog/ (healthkit-js, ble-js, sinks-js, sdks, healthkit-types) indexed for the front end.
 * Every API is reached from a "root": an imported binding (module + import form) or a global, and a chain of
 * member / call tokens from it (".track", "()", "new()").
 */

export interface HkFunctionSpec {
  types?: string[];
  typeArg?: string;
  typeMap?: string;
  kind?: string;
  deliversData?: boolean;
  value?: string;
  callbackArg?: number;
  param?: number;
}

export interface AuthSpec {
  read?: string[];
  write?: string[];
  permissions?: string[];
  writePrefix?: string;
  flatArray?: string;
  byVersion?: Array<{ versions: string; read: string[]; write: string[] }>;
  objectForm?: { read: string[]; write: string[] };
}

export interface HkLibrary {
  id: string;
  modules: string[];
  access: Array<{ import?: string; name?: string; global?: string; nativeModule?: string; injected?: boolean }>;
  delivery?: { style: 'promise' | 'callback' | 'return'; callbackArg?: number; param?: number; promiseWhenNoCallback?: boolean };
  authorization?: Record<string, AuthSpec>;
  authorizationStatus?: string[];
  permissionConstants?: string[];
  permissionMaps?: { read?: Record<string, string[]>; write?: Record<string, string[]> };
  typeMaps?: Record<string, Record<string, string[]>>;
  identifierEnums?: string[];
  reads?: Record<string, HkFunctionSpec>;
  hooks?: Record<string, HkFunctionSpec>;
  observe?: Record<string, HkFunctionSpec>;
  backgroundDelivery?: string[] | Record<string, HkFunctionSpec>;
  writes?: Record<string, HkFunctionSpec>;
  events?: { emitterModule: string; names: string; payload: string; note: string };
}

export interface MotionLibrary {
  id: string;
  modules: string[];
  access: Array<{ import?: string; name?: string }>;
  reads: Record<string, HkFunctionSpec>;
}

export interface BleSourceSpec {
  chains?: string[];
  methods?: string[];
  callbackArg?: number;
  param?: number;
  promise?: boolean;
  uuidArgs: number[];
  event?: string;
}

export interface BleLibrary {
  id: string;
  module?: string;
  import?: string;
  global?: string;
  sources: BleSourceSpec[];
  usage?: string[];
  /** Exported types whose values answer the library's `methods` (`device: Device` as a parameter type). */
  instanceTypes?: string[];
}

/** One root-reachable API family, normalised: what a chain from the root means. */
export type RootKind = 'hk' | 'motion' | 'ble' | 'sink' | 'sdk' | 'network' | 'ai';

export interface SinkSpec {
  id: string;
  category: SinkCategory;
  kind: RecipientKind;
  vendor?: string;
  /** Full callee chains ("new().track"); the sink is a call of the chain's end. */
  chains: Set<string>;
  prefixes: Set<string>;
  args?: number[];
  unlessOption?: { arg: number; option: string };
  jsx?: string[];
}

export interface NetworkSpec {
  id: string;
  chains: Set<string>;
  prefixes: Set<string>;
  urlArg: number;
  configUrlField?: string;
  /** Chain prefixes that create an instance carrying a base URL ("create()"). */
  factories: Set<string>;
  baseUrlOption?: string;
  instanceUrlArg?: number;
  openMethod?: string;
  openUrlArg?: number;
  sendMethods?: string[];
  dataMethods?: string[];
}

export interface RootSpec {
  kind: RootKind;
  key: string;
  hk?: HkLibrary;
  motion?: MotionLibrary;
  ble?: BleLibrary;
  sink?: SinkSpec;
  network?: NetworkSpec;
  /** Path the binding starts at (a named import of an HK library starts at ".name"). */
  start: string;
}

export interface TsCatalog {
  /** module specifier -> roots reachable from `import X from` ("default"), `import * as` ("namespace"), `import {name}` (name). */
  byModule: Map<string, Map<string, RootSpec[]>>;
  /** Globals: first identifier -> roots with their start path ("navigator.clipboard" -> navigator + ".clipboard"). */
  globals: Map<string, RootSpec[]>;
  hkLibraries: HkLibrary[];
  aiHosts: string[];
  secureModules: Set<string>;
  bleHealthUuids: Map<string, string[]>;
  bleNonHealthUuids: Set<string>;
  /** Event names that deliver characteristic values to any `addListener(name, cb)` (NativeEventEmitter). */
  bleEvents: Map<string, { lib: string; callbackArg: number; param: number }>;
  swiftNameToId: Map<string, string>;
  typeInfo: Map<string, { kind: string; writable: boolean }>;
  readDenial: { statusCalls: Set<string>; readDeniedFields: Set<string> };
  hash: string;
}

/** Normalises "init().track" to ".init().track" and splits into tokens. */
export function chainTokens(chain: string): string[] {
  const c = /^[A-Za-z_$]/.test(chain) && !chain.startsWith('new()') ? `.${chain}` : chain;
  return c.match(/new\(\)|\(\)|\.[A-Za-z_$][\w$]*/g) ?? [];
}

function prefixesOf(chains: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const c of chains) {
    const toks = chainTokens(c.replace(NEW_SINK, ''));
    for (let i = 0; i < toks.length; i++) out.add(toks.slice(0, i).join(''));
  }
  return out;
}

/**
 * Chains name the callee of the data-carrying call: "().logEvent" is `x().logEvent(data)`. A chain that ends in a
 * call names the call itself ("()" is `x(data)`), so its callee is the chain without that last call.
 */
function normChains(chains: string[] | undefined): Set<string> {
  return new Set((chains ?? ['()']).map((c) => {
    const toks = chainTokens(c);
    const last = toks[toks.length - 1];
    if (last === '()') toks.pop();
    // A chain ending in "new()" makes the construction itself the sink (`new BranchEvent(name, items, params)`).
    else if (last === 'new()') { toks.pop(); return `${toks.join('')}${NEW_SINK}`; }
    return toks.join('');
  }));
}

/** Marks a chain whose sink is a construction: the key is the callee path followed by this suffix. */
export const NEW_SINK = '|new';

function addRoot(cat: TsCatalog, module: string | undefined, global: string | undefined, importForm: string | undefined, root: RootSpec): void {
  if (global) {
    // `navigator.clipboard`: the identifier is `navigator`; chains are prefixed with the rest of the path.
    const [head, ...rest] = global.split('.');
    const prefix = rest.map((r) => `.${r}`).join('');
    const list = cat.globals.get(head!) ?? [];
    const prefixed = (chains: Set<string>): Set<string> => new Set([...chains].map((c) => prefix + c));
    let r: RootSpec = root;
    if (prefix && root.sink) {
      const chains = prefixed(root.sink.chains);
      r = { ...root, sink: { ...root.sink, chains, prefixes: prefixesOf(chains) } };
    } else if (prefix && root.network) {
      const chains = prefixed(root.network.chains);
      r = { ...root, network: { ...root.network, chains, prefixes: prefixesOf(chains), factories: prefixed(root.network.factories) } };
    }
    list.push(r);
    cat.globals.set(head!, list);
    return;
  }
  if (!module) return;
  const forms = cat.byModule.get(module) ?? new Map<string, RootSpec[]>();
  const form = importForm ?? 'default';
  const list = forms.get(form) ?? [];
  list.push(root);
  forms.set(form, list);
  cat.byModule.set(module, forms);
}

interface SinksYaml {
  network?: Array<Record<string, unknown>>;
  ai?: { hosts?: string[]; sdks?: Array<{ id: string; vendor: string; module: string; import: string; chains: string[] }> };
  sinks?: Array<{ id: string; category: SinkCategory; kind: RecipientKind; module?: string; import?: string; global?: string; chains: string[]; args?: number[]; unlessOption?: { arg: number; option: string } }>;
  secure?: string[];
}

const cache = new WeakMap<Catalog, TsCatalog>();

export function tsCatalog(catalog: Catalog): TsCatalog {
  const hit = cache.get(catalog);
  if (hit) return hit;
  const cat: TsCatalog = {
    byModule: new Map(), globals: new Map(), hkLibraries: [], aiHosts: [], secureModules: new Set(),
    bleHealthUuids: new Map(), bleNonHealthUuids: new Set(), bleEvents: new Map(), swiftNameToId: new Map(), typeInfo: new Map(),
    readDenial: { statusCalls: new Set(), readDeniedFields: new Set() }, hash: catalog.hash,
  };
  const hk = catalog.file<{ libraries: HkLibrary[]; motion?: MotionLibrary[]; readDenialInference?: { statusCalls: string[]; readDeniedFields: string[] } }>('healthkit-js');
  for (const lib of hk?.libraries ?? []) {
    cat.hkLibraries.push(lib);
    for (const a of lib.access) {
      const root: RootSpec = { kind: 'hk', key: `hk:${lib.id}`, hk: lib, start: '' };
      if (a.global) addRoot(cat, undefined, a.global, undefined, root);
      for (const m of lib.modules) {
        if (a.import === 'named') {
          // Each named export is an API function (or the plugin object when `name` is given).
          if (a.name) addRoot(cat, m, undefined, a.name, root);
          else addRoot(cat, m, undefined, '*named*', root);
        } else if (a.import) addRoot(cat, m, undefined, a.import, root);
      }
      if (a.nativeModule) addRoot(cat, 'react-native', undefined, 'NativeModules', { ...root, start: `.${a.nativeModule}` });
    }
  }
  for (const lib of hk?.motion ?? []) {
    for (const a of lib.access) for (const m of lib.modules) addRoot(cat, m, undefined, a.name ?? a.import, { kind: 'motion', key: `motion:${lib.id}`, motion: lib, start: '' });
  }
  cat.readDenial.statusCalls = new Set(hk?.readDenialInference?.statusCalls ?? []);
  cat.readDenial.readDeniedFields = new Set(hk?.readDenialInference?.readDeniedFields ?? []);

  const ble = catalog.file<{ libraries: BleLibrary[]; healthServices: Array<{ uuid: string }>; healthCharacteristics: Array<{ uuid: string; service: string; healthTypes: string[] }>; nonHealthCharacteristics: Array<{ uuid: string }>; nonHealthServices: Array<{ uuid: string }> }>('ble-js');
  for (const lib of ble?.libraries ?? []) {
    addRoot(cat, lib.module, lib.global, lib.import, { kind: 'ble', key: `ble:${lib.id}`, ble: lib, start: '' });
    for (const t of lib.instanceTypes ?? []) addRoot(cat, lib.module, undefined, t, { kind: 'ble', key: `ble:${lib.id}:${t}`, ble: lib, start: '' });
    for (const src of lib.sources) if (src.event) cat.bleEvents.set(src.event, { lib: lib.id, callbackArg: src.callbackArg ?? 1, param: src.param ?? 0 });
  }
  for (const c of ble?.healthCharacteristics ?? []) cat.bleHealthUuids.set(c.uuid, c.healthTypes);
  for (const s of ble?.healthServices ?? []) {
    const types = new Set<string>();
    for (const c of ble?.healthCharacteristics ?? []) if (c.service === s.uuid) for (const t of c.healthTypes) types.add(t);
    cat.bleHealthUuids.set(s.uuid, [...types]);
  }
  for (const c of [...(ble?.nonHealthCharacteristics ?? []), ...(ble?.nonHealthServices ?? [])]) cat.bleNonHealthUuids.add(c.uuid);

  const sinks = catalog.file<SinksYaml>('sinks-js');
  for (const s of sinks?.sinks ?? []) {
    const chains = normChains(s.chains);
    const spec: SinkSpec = { id: s.id, category: s.category, kind: s.kind, chains, prefixes: prefixesOf(chains), args: s.args, unlessOption: s.unlessOption };
    addRoot(cat, s.module, s.global, s.import, { kind: 'sink', key: `sink:${s.id}`, sink: spec, start: '' });
  }
  for (const n of sinks?.network ?? []) {
    const chains = normChains((n.chains as string[] | undefined) ?? []);
    const factories = new Set<string>();
    for (const f of ['create', 'extend']) if (n[f]) factories.add(`.${n[f] as string}()`);
    if (n.instanceFactory) factories.add(n.instanceFactory as string);
    if (n.instance) factories.add(n.instance as string);
    // An instance from a factory answers the same request methods.
    for (const f of factories) for (const c of [...chains]) if (c !== '()' || f !== 'new()') chains.add(f + c);
    if (n.instanceFactory) for (const c of [...chains]) if (!c.startsWith(n.instanceFactory as string)) chains.delete(c);
    const spec: NetworkSpec = {
      id: n.id as string, chains, prefixes: prefixesOf(chains), urlArg: (n.urlArg as number) ?? 0, configUrlField: n.configUrlField as string | undefined,
      factories, baseUrlOption: n.baseUrlOption as string | undefined, instanceUrlArg: n.instanceUrlArg as number | undefined,
      openMethod: n.openMethod as string | undefined, openUrlArg: n.openUrlArg as number | undefined, sendMethods: n.sendMethods as string[] | undefined,
      dataMethods: n.dataMethods as string[] | undefined,
    };
    for (const f of factories) spec.prefixes.add(f);
    addRoot(cat, n.module as string | undefined, n.global as string | undefined, (n.name as string | undefined) ?? (n.import as string | undefined), { kind: 'network', key: `net:${spec.id}`, network: spec, start: '' });
  }
  cat.aiHosts = (sinks?.ai?.hosts ?? []).map((h) => h.toLowerCase());
  for (const a of sinks?.ai?.sdks ?? []) {
    const chains = normChains(a.chains);
    const spec: SinkSpec = { id: a.id, category: 'ai', kind: 'ai', vendor: a.vendor, chains, prefixes: prefixesOf(chains) };
    addRoot(cat, a.module, undefined, a.import, { kind: 'ai', key: `ai:${a.id}`, sink: spec, start: '' });
  }
  cat.secureModules = new Set(sinks?.secure ?? []);

  for (const sdk of catalog.sdks) addSdk(cat, sdk);

  const types = catalog.file<{ types: Array<{ id: string; kind: string; writable: boolean; swift?: string }> }>('healthkit-types');
  for (const t of types?.types ?? []) {
    cat.typeInfo.set(t.id, { kind: t.kind, writable: t.writable });
    if (t.swift) cat.swiftNameToId.set(`${t.kind}:${t.swift}`, t.id);
  }
  cache.set(catalog, cat);
  return cat;
}

function addSdk(cat: TsCatalog, sdk: SdkEntry): void {
  const category = (sdk.category === 'ads' ? 'advertising' : sdk.category) as SinkCategory;
  const kind: RecipientKind = sdk.category === 'ai' ? 'ai' : 'sdk';
  for (const js of sdk.js ?? []) {
    if (js.jsx?.length) {
      // React components whose props are sinks: `<BannerAd requestOptions={...} />`.
      const spec: SinkSpec = { id: sdk.id, category, kind, vendor: sdk.vendor, chains: new Set(), prefixes: new Set(), jsx: js.props?.length ? js.props : ['*'] };
      for (const component of js.jsx) addRoot(cat, js.module, undefined, component, { kind: 'sdk', key: `sdk:${sdk.id}:${js.module}:<${component}>`, sink: spec, start: '' });
      if (!js.chains?.length) continue;
    }
    const chains = normChains(js.chains);
    const spec: SinkSpec = { id: sdk.id, category, kind, vendor: sdk.vendor, chains, prefixes: prefixesOf(chains), args: js.args };
    const imports = js.import === undefined ? ['default'] : Array.isArray(js.import) ? js.import : [js.import];
    for (const imp of imports) {
      const form = imp === '*' ? 'namespace' : imp;
      addRoot(cat, js.module, undefined, form, { kind: 'sdk', key: `sdk:${sdk.id}:${js.module}:${imp}`, sink: spec, start: '' });
    }
  }
  for (const g of sdk.jsGlobals ?? []) {
    const chains = normChains(g.chains);
    const spec: SinkSpec = { id: sdk.id, category, kind, vendor: sdk.vendor, chains, prefixes: prefixesOf(chains), args: g.args };
    addRoot(cat, undefined, g.global, undefined, { kind: 'sdk', key: `sdkg:${sdk.id}:${g.global}`, sink: spec, start: '' });
  }
}

/** Roots for `import X from spec` (form "default"), `import * as X` ("namespace"), `import { n as X }` (n). */
export function rootsForImport(cat: TsCatalog, spec: string, form: string): RootSpec[] {
  const forms = cat.byModule.get(spec);
  if (!forms) return [];
  const out: RootSpec[] = [];
  for (const r of forms.get(form) ?? []) out.push(r);
  if (form !== 'default' && form !== 'namespace') {
    // A named import of a library whose functions are all named exports (kingstinct): the function itself.
    for (const r of forms.get('*named*') ?? []) out.push({ ...r, start: `.${form}` });
    // CommonJS interop: `import { x } from` a library whose default object has member x.
    for (const r of forms.get('default') ?? []) if (r.kind !== 'hk') out.push({ ...r, start: `.${form}` });
  }
  if (form === 'namespace') {
    for (const r of forms.get('default') ?? []) out.push(r);
    for (const r of forms.get('*named*') ?? []) out.push(r);
    for (const [name, list] of forms) {
      if (name === 'default' || name === 'namespace' || name === '*named*' || name.includes('.')) continue;
      for (const r of list) out.push({ ...r, start: `.${name}${r.start}` });
    }
  }
  if (form === 'default') for (const r of forms.get('namespace') ?? []) out.push(r);
  const seen = new Set<string>();
  return out.filter((r) => { const k = `${r.key}|${r.start}`; if (seen.has(k)) return false; seen.add(k); return true; });
}
