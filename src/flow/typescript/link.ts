import type { FlowStep, SourceLocation } from '../../findings/types.js';
import type { HkguardConfig } from '../../config/types.js';
import type { Catalog } from '../../rules/catalog.js';
import { classifyHost, recipientKindFor } from '../core.js';
import type { AuthorizationRequest, CodeUsage, SinkCategory, TaintFlow, TypeRef } from '../types.js';
import { emptyUsage } from '../types.js';
import type { AuthSpec, HkLibrary, RootSpec, TsCatalog } from './catalog.js';
import type { CExpr, ExportInfo, FileSummary, FnRec, FnRef, Loc, SinkRec, Step, ValS } from './summary.js';
import { argReaches, navigate, paramsFor } from './summary.js';

/** Links per-file summaries into one graph and follows health data from every source to every sink. */

interface GStep { file: string; l: number; c: number; n: string; g?: string; s?: string }
/** `call`: the call site of an argument-to-parameter ("in") or return-to-result ("out") edge. */
type Edge = [to: string, step: GStep | undefined, struct: boolean, call?: string, dir?: 'in' | 'out'];

/** Calls remembered on a path, so that a value returns only to the call it entered through (realizable paths). */
const CALL_DEPTH = 2;

interface SinkInfo { rec: SinkRec; file: string; category: SinkCategory; host?: string; vendor?: string }

export interface LinkOptions {
  catalog: Catalog;
  cat: TsCatalog;
  config: HkguardConfig;
  /** Major version of @kingstinct/react-native-healthkit from the app's package.json, when known. */
  kingstinctMajor?: number;
  /** Files whose flows to report (a sink or source in one of them); all when absent. */
  reportFiles?: ReadonlySet<string>;
}

const MAX_VISITS_PER_SOURCE = 200_000;

export function linkSummaries(summaries: FileSummary[], opts: LinkOptions): { flows: TaintFlow[]; usage: CodeUsage; truncated: SourceLocation[] } {
  const l = new Linker(summaries, opts);
  return { flows: l.flows(), usage: l.usage(), truncated: l.truncated };
}

export function linkUsage(summaries: FileSummary[], opts: LinkOptions): CodeUsage {
  return new Linker(summaries, opts).usage();
}

class Linker {
  private byModule = new Map<string, number>();
  private out = new Map<string, Edge[]>();
  private sinks = new Map<string, SinkInfo>();
  private rootsByKey = new Map<string, RootSpec>();
  private libs = new Map<string, HkLibrary>();
  private built = false;
  /** Sources whose search hit MAX_VISITS_PER_SOURCE (their flows may be incomplete). */
  truncated: SourceLocation[] = [];

  constructor(private sums: FileSummary[], private o: LinkOptions) {
    sums.forEach((s, i) => {
      const mod = s.file.replace(/\.(d\.)?(tsx?|jsx?|mjs|cjs|mts|cts)$/, '');
      this.byModule.set(mod, i);
      if (mod.endsWith('/index')) this.byModule.set(mod.slice(0, -'/index'.length), i);
      else if (mod === 'index') this.byModule.set('.', i);
    });
    for (const forms of o.cat.byModule.values()) for (const list of forms.values()) for (const r of list) this.rootsByKey.set(r.key, r);
    for (const list of o.cat.globals.values()) for (const r of list) this.rootsByKey.set(r.key, r);
    for (const lib of o.cat.hkLibraries) this.libs.set(lib.id, lib);
  }

  private fileOf(spec: string): number | undefined {
    const hit = this.byModule.get(spec);
    if (hit !== undefined) return hit;
    // Aliases such as "@/x" or "~/x" for "src/x" (tsconfig paths are not read).
    const m = /^[@~]\/(.*)$/.exec(spec);
    if (m) return this.byModule.get(`src/${m[1]}`) ?? this.byModule.get(m[1]!);
    return undefined;
  }

  // ---- exports ---------------------------------------------------------------------------------------------------

  private resolveExport(fi: number, name: string, depth = 0): { fi: number; info: ExportInfo } | undefined {
    if (depth > 10) return undefined;
    const s = this.sums[fi]!;
    const info = Object.hasOwn(s.exports, name) ? s.exports[name] : undefined;
    if (info) {
      if (info.re && !info.node) {
        const target = this.fileOf(info.re.spec);
        if (target === undefined) return { fi, info };
        if (info.re.name === '*') return { fi: target, info: { node: `*ns` } };
        const [n, ...rest] = info.re.name.split('.');
        const r = this.resolveExport(target, n!, depth + 1);
        const m = r?.info.members;
        if (r && rest.length && m && Object.hasOwn(m, rest[0]!)) return { fi: r.fi, info: { fn: m[rest[0]!] } };
        return r;
      }
      return { fi, info };
    }
    if (name === 'default') return undefined;
    for (const star of s.starExports) {
      const target = this.fileOf(star);
      if (target === undefined) continue;
      const r = this.resolveExport(target, name, depth + 1);
      if (r) return r;
    }
    return undefined;
  }

  private fnRecs = new Map<string, FnRec>();

  private fnRec(fi: number, id: string): FnRec | undefined {
    const key = `${fi}:${id}`;
    let rec = this.fnRecs.get(key);
    if (!rec) {
      const found = this.sums[fi]!.fns.find((f) => f.id === id);
      if (!found) return undefined;
      for (const f of this.sums[fi]!.fns) this.fnRecs.set(`${fi}:${f.id}`, f);
      rec = found;
    }
    return rec;
  }

  private resolveFn(fi: number, ref: FnRef): Array<{ fi: number; rec: FnRec }> {
    if ('f' in ref) {
      const rec = this.fnRec(fi, ref.f);
      return rec ? [{ fi, rec }] : [];
    }
    const target = this.fileOf(ref.imp);
    if (target === undefined) return [];
    const r = ref.name === '*' ? undefined : this.resolveExport(target, ref.name);
    if (!r) return [];
    const members = r.info.members;
    const own = (k: string): string | undefined => (members && Object.hasOwn(members, k) ? members[k] : undefined);
    let id: string | undefined;
    if (ref.member) id = own(ref.member);
    else id = r.info.fn ?? own('constructor');
    if (!id) return [];
    const rec = this.fnRec(r.fi, id);
    return rec ? [{ fi: r.fi, rec }] : [];
  }

  // ---- graph -----------------------------------------------------------------------------------------------------

  private gid(fi: number, local: string): string {
    return `${fi}:${local}`;
  }

  private addEdge(from: string, to: string, step: GStep | undefined, struct: boolean, call?: string, dir?: 'in' | 'out'): void {
    let list = this.out.get(from);
    if (!list) { list = []; this.out.set(from, list); }
    list.push(call ? [to, step, struct, call, dir] : [to, step, struct]);
  }

  private gstep(fi: number, idx: number): GStep | undefined {
    if (idx < 0) return undefined;
    const s: Step | undefined = this.sums[fi]!.steps[idx];
    return s ? { file: this.sums[fi]!.file, ...s } : undefined;
  }

  private flowVal(fi: number, v: ValS, to: string, step: GStep | undefined, call?: string): void {
    for (const x of v.n ?? []) this.addEdge(this.gid(fi, x), to, step, true, call, call ? 'in' : undefined);
    for (const x of v.p ?? []) this.addEdge(this.gid(fi, x), to, step, false, call, call ? 'in' : undefined);
    if (v.f) for (const [k, fv] of Object.entries(v.f)) this.flowVal(fi, fv, to.includes('#') ? to : `${to}#${k}`, step, call);
  }

  private build(): void {
    if (this.built) return;
    this.built = true;
    this.sums.forEach((s, fi) => {
      for (const [from, to, st, struct] of s.edges) this.addEdge(this.gid(fi, from), this.gid(fi, to), this.gstep(fi, st), struct === 1);
      for (const imp of s.imports) {
        const target = this.fileOf(imp.spec);
        if (target === undefined) continue;
        const to = this.gid(fi, imp.node);
        if (imp.name === '*') {
          for (const [name] of Object.entries(this.sums[target]!.exports)) {
            const r = this.resolveExport(target, name);
            if (r?.info.node) this.addEdge(this.gid(r.fi, r.info.node), `${to}#${name}`, undefined, false);
          }
          continue;
        }
        const r = this.resolveExport(target, imp.name);
        if (r?.info.node) {
          this.addEdge(this.gid(r.fi, r.info.node), to, undefined, true);
          // A React context's value travels with the context object, both ways: a `<Ctx.Provider value>` in an
          // importing file feeds the defining file's context, which every other importer (and hook) reads.
          this.addEdge(this.gid(r.fi, `${r.info.node}$ctx`), `${to}$ctx`, undefined, true);
          this.addEdge(`${to}$ctx`, this.gid(r.fi, `${r.info.node}$ctx`), undefined, true);
        }
      }
      for (const call of s.calls) {
        const step = this.gstep(fi, call.step);
        const res = this.gid(fi, call.res);
        let any = false;
        for (const ref of call.callee) {
          for (const { fi: cfi, rec } of this.resolveFn(fi, ref)) {
            any = true;
            if (call.argFns) this.linkCallbacks(fi, call.argFns, cfi, rec);
            call.args.forEach((a, i) => { for (const p of paramsFor(rec, i, call.spread)) this.flowVal(fi, a, this.gid(cfi, p), step, res); });
            // Name the function: its own name, else the name it was imported under.
            const fnName = rec.name ?? ('imp' in ref ? (ref.member ?? ref.name) : undefined);
            this.addEdge(this.gid(cfi, rec.ret), res, step ? { ...step, n: fnName && fnName !== 'default' ? `returned from ${fnName}()` : 'returned from the call' } : undefined, true, res, 'out');
          }
        }
        if (!any && call.fallback) {
          for (const a of call.args) this.flowVal(fi, a, res, step);
          if (call.recv) this.flowVal(fi, call.recv, res, step);
        }
      }
      for (const pf of s.paramFlows) {
        for (const { fi: cfi, rec } of this.resolveFn(fi, pf.fn)) {
          const p = rec.params[pf.param];
          if (p) this.flowVal(fi, pf.from, this.gid(cfi, p), this.gstep(fi, pf.step));
        }
      }
      for (const rf of s.retFlows) {
        for (const { fi: cfi, rec } of this.resolveFn(fi, rf.fn)) this.addEdge(this.gid(cfi, rec.ret), this.gid(fi, rf.to), this.gstep(fi, rf.step), true);
      }
      for (const sink of s.sinks) this.addSink(fi, sink);
      for (const d of s.deferred) this.deferred(fi, d);
    });
  }

  private paramCallIndex: Map<string, Array<FileSummary['paramCalls'][number]>> | undefined;

  /** `readWeight((kg) => ...)` where readWeight calls `onValue(x)`: x flows into kg, and back. */
  private linkCallbacks(fi: number, argFns: Record<number, FnRef[]>, cfi: number, callee: FnRec): void {
    if (!this.paramCallIndex) {
      this.paramCallIndex = new Map();
      this.sums.forEach((s, i) => {
        for (const pc of s.paramCalls ?? []) {
          const k = `${i}:${pc.fn}`;
          const list = this.paramCallIndex!.get(k) ?? [];
          list.push(pc);
          this.paramCallIndex!.set(k, list);
        }
      });
    }
    for (const pc of this.paramCallIndex.get(`${cfi}:${callee.id}`) ?? []) {
      const fns = argFns[pc.param];
      if (!fns) continue;
      const step = this.gstep(cfi, pc.step);
      for (const ref of fns) {
        for (const { fi: ffi, rec } of this.resolveFn(fi, ref)) {
          pc.args.forEach((a, j) => { for (const p of paramsFor(rec, j, pc.spread)) this.flowVal(cfi, a, this.gid(ffi, p), step ? { ...step, n: `passed to the callback ${rec.name ?? ''}`.trim() } : undefined); });
          this.addEdge(this.gid(ffi, rec.ret), this.gid(cfi, pc.res), step, true);
        }
      }
    }
  }

  private addSink(fi: number, rec: SinkRec): void {
    const file = this.sums[fi]!.file;
    let category = rec.category as SinkCategory | undefined;
    let host: string | undefined;
    let vendor = rec.vendor;
    if (rec.isNetwork) {
      const url = rec.url ? this.constString(fi, rec.url) : undefined;
      const base = rec.baseUrl ? this.constString(fi, rec.baseUrl) : undefined;
      host = hostOf(url) ?? (url !== undefined && !/^[a-z]+:\/\//i.test(url) ? hostOf(base) : undefined) ?? (url === undefined ? hostOf(base) : undefined);
      if (host && this.o.cat.aiHosts.some((h) => host === h || host!.endsWith(`.${h}`))) category = 'ai';
      else {
        const cls = classifyHost(host, this.o.config.firstPartyHosts, this.o.catalog);
        category = cls.category;
        vendor = cls.vendor ?? vendor;
      }
    }
    if (!category) return;
    this.sinks.set(this.gid(fi, rec.node), { rec, file, category, host, vendor });
  }

  private deferred(fi: number, d: FileSummary['deferred'][number]): void {
    const target = this.fileOf(d.spec);
    if (target === undefined) return;
    const r = this.resolveExport(target, d.name);
    if (!r?.info.api) return;
    for (const a of r.info.api) {
      const root = this.rootsByKey.get(a.key);
      if (!root || a.safe) continue;
      const full = a.path + d.path;
      const node = `kd${d.at.l}_${d.at.c}`;
      if (root.sink?.chains.has(full)) {
        const s = root.sink;
        const rec: SinkRec = { node, category: s.category, kind: s.kind, vendor: s.vendor, api: `${s.id} ${full}`, at: d.at };
        this.sinkWithArgs(fi, rec, d.args, s.args, d.step, d.spread);
        return;
      }
      if (root.network?.chains.has(full)) {
        const baseUrl = a.baseUrl ? this.constExprFrom(r.fi, a.baseUrl) : undefined;
        const rec: SinkRec = { node, kind: 'network', api: `${root.network.id} ${full}`, at: d.at, isNetwork: true, url: d.url, baseUrl };
        this.sinkWithArgs(fi, rec, d.args, undefined, d.step, d.spread);
        return;
      }
    }
  }

  /** A base URL defined in another file, as a constant string (resolved in its own file). */
  private constExprFrom(fi: number, c: CExpr): CExpr {
    const v = this.constString(fi, c);
    return v === undefined ? { k: 'u' } : { k: 's', v };
  }

  private sinkWithArgs(fi: number, rec: SinkRec, args: ValS[], which: number[] | undefined, step: number, spread?: number): void {
    this.addSink(fi, rec);
    const to = this.gid(fi, rec.node);
    const st = this.gstep(fi, step);
    args.forEach((a, i) => { if (argReaches(which, i, spread)) this.flowVal(fi, a, to, st ? { ...st, n: `sink: ${rec.api}` } : undefined); });
  }

  // ---- constants -------------------------------------------------------------------------------------------------

  /** Resolves a symbolic constant to leaves (strings, library constants, unknowns), each with its file. */
  private leaves(fi: number, c: CExpr, out: Array<{ fi: number; c: CExpr }>, depth = 0): void {
    if (depth > 12) { out.push({ fi, c: { k: 'u' } }); return; }
    switch (c.k) {
      case 'a': for (const x of c.i) this.leaves(fi, x, out, depth + 1); return;
      case 'spread': this.leaves(fi, c.e, out, depth + 1); return;
      case 'imp': {
        const r = this.resolveImp(fi, c);
        if (!r) { out.push({ fi, c: { k: 'u', at: c.at } }); return; }
        // An imported scalar is reported where it is listed, not where it is defined.
        if ((r.c.k === 's' || r.c.k === 'perm') && c.at) { out.push({ fi, c: { ...r.c, at: c.at } }); return; }
        this.leaves(r.fi, r.c, out, depth + 1);
        return;
      }
      case 'o': for (const x of Object.values(c.p)) this.leaves(fi, x, out, depth + 1); return;
      case 'cat': out.push({ fi, c: { k: 'u' } }); return;
      default: out.push({ fi, c });
    }
  }

  private resolveImp(fi: number, c: Extract<CExpr, { k: 'imp' }>, depth = 0): { fi: number; c: CExpr } | undefined {
    if (depth > 8) return undefined;
    const target = this.fileOf(c.spec);
    if (target === undefined) return undefined;
    const r = this.resolveExport(target, c.name);
    if (!r?.info.c) {
      if (r?.info.re) return this.resolveImp(r.fi, { k: 'imp', spec: r.info.re.spec, name: r.info.re.name, path: c.path }, depth + 1);
      return undefined;
    }
    let v: CExpr = r.info.c;
    for (const p of c.path) {
      v = navigate(v, p);
      if (v.k === 'imp') return this.resolveImp(r.fi, v, depth + 1);
    }
    if (v.k === 'imp') return this.resolveImp(r.fi, v, depth + 1);
    return { fi: r.fi, c: v };
  }

  private constString(fi: number, c: CExpr, depth = 0): string | undefined {
    if (depth > 8) return undefined;
    switch (c.k) {
      case 's': return c.v;
      case 'imp': { const r = this.resolveImp(fi, c); return r ? this.constString(r.fi, r.c, depth + 1) : undefined; }
      case 'cat': {
        // A prefix is enough for a host: `${BASE}/v1/${id}`.
        let s = '';
        for (const p of c.parts) {
          const v = this.constString(fi, p, depth + 1);
          if (v === undefined) return s.length ? s : undefined;
          s += v;
        }
        return s;
      }
      default: return undefined;
    }
  }

  // ---- HealthKit types -------------------------------------------------------------------------------------------

  private typeIds(lib: HkLibrary | undefined, leaf: CExpr, map: 'read' | 'write' | string | undefined): string[] | undefined {
    let name: string | undefined;
    if (leaf.k === 's') name = leaf.v;
    else if (leaf.k === 'perm') {
      const dot = leaf.name.indexOf('.');
      if (dot > 0) {
        const en = leaf.name.slice(0, dot);
        const member = leaf.name.slice(dot + 1);
        const kind = en.replace(/^HK/, '').replace(/TypeIdentifier$/, '').toLowerCase();
        const id = this.o.cat.swiftNameToId.get(`${kind}:${member}`);
        if (id) return [id];
        return [`${en}${member.charAt(0).toUpperCase()}${member.slice(1)}`];
      }
      name = leaf.name;
    } else return undefined;
    if (name === undefined) return undefined;
    if (/^HK[A-Z]/.test(name)) return [name === 'HKWorkoutType' ? 'HKWorkoutTypeIdentifier' : name === 'HKWorkoutRouteType' ? 'HKWorkoutRouteTypeIdentifier' : name];
    if (!lib) return undefined;
    if (map === 'write') return lib.permissionMaps?.write?.[name] ?? lib.permissionMaps?.read?.[name];
    if (map === 'read' || map === 'permissionRead') return lib.permissionMaps?.read?.[name];
    if (map) return lib.typeMaps?.[map]?.[name] ?? lib.permissionMaps?.read?.[name];
    return lib.permissionMaps?.read?.[name];
  }

  private resolveTypes(fi: number, lib: string, types: string[], expr: CExpr | undefined, map: string | undefined): string[] {
    const out = new Set(types);
    if (expr) {
      const leaves: Array<{ fi: number; c: CExpr }> = [];
      this.leaves(fi, expr, leaves);
      for (const leaf of leaves) for (const id of this.typeIds(this.libs.get(lib), leaf.c, map) ?? []) out.add(id);
    }
    return [...out].sort();
  }

  private loc(fi: number, at: Loc | undefined): SourceLocation {
    const file = this.sums[fi]!.file;
    return at ? { file, line: at.l, column: at.c, endLine: at.el, endColumn: at.ec } : { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
  }

  // ---- usage -----------------------------------------------------------------------------------------------------

  usage(): CodeUsage {
    const u = emptyUsage();
    this.sums.forEach((s, fi) => {
      for (const h of s.usage.hk) {
        u.healthkit.push({ kind: h.kind as CodeUsage['healthkit'][number]['kind'], library: h.lib, api: h.api, healthTypes: this.resolveTypes(fi, h.lib, h.types, h.typeExpr, h.typeMap), location: this.loc(fi, h.at) });
      }
      for (const a of s.usage.auth) u.authorizations.push(this.authorization(fi, a));
      for (const b of s.usage.bluetooth) u.bluetooth.push({ library: b.lib, api: b.api, location: this.loc(fi, b.at) });
      for (const m of s.usage.motion) u.motion.push({ library: m.lib, api: m.api, location: this.loc(fi, m.at) });
      for (const r of s.usage.readDenial) u.readDenialInferences.push({ location: this.loc(fi, r.at), note: r.note });
      for (const i of s.usage.sdkImports) {
        const sdk = this.o.catalog.sdkForModule(i.spec);
        if (sdk) u.sdkImports.push({ sdkId: sdk.id, module: i.spec, location: this.loc(fi, i.at) });
      }
    });
    return u;
  }

  private authorization(fi: number, a: FileSummary['usage']['auth'][number]): AuthorizationRequest {
    const lib = this.libs.get(a.lib);
    const spec: AuthSpec = lib?.authorization?.[a.api] ?? {};
    const req: AuthorizationRequest = { library: a.lib, location: this.loc(fi, a.at), read: [], write: [], hasUnresolved: false };
    let paths: { read: string[]; write: string[] } = { read: spec.read ?? [], write: spec.write ?? [] };
    if (spec.byVersion) {
      const first = a.args[0] ? this.deref(fi, a.args[0]) : undefined;
      if (first?.k === 'o' && spec.objectForm) paths = spec.objectForm;
      else {
        const major = this.o.kingstinctMajor;
        const usesEnums = JSON.stringify(a.args).includes('TypeIdentifier.');
        const pick = (v: string): boolean => {
          if (major === undefined) return usesEnums ? v.startsWith('<=') : v.includes('-') || v === '<=11';
          if (v.startsWith('<=')) return major <= Number(v.slice(2));
          if (v.startsWith('>=')) return major >= Number(v.slice(2));
          const [lo, hi] = v.split('-').map(Number);
          return major >= lo! && major <= hi!;
        };
        const hit = spec.byVersion.find((b) => pick(b.versions) && !b.read.some((p) => p.includes('.'))) ?? spec.byVersion.find((b) => pick(b.versions));
        if (hit) paths = hit;
      }
    }
    if (spec.flatArray && a.args[0] && this.deref(fi, a.args[0])?.k === 'a') paths = { read: [spec.flatArray], write: [] };
    const collect = (p: string, into: TypeRef[], map: 'read' | 'write', mixed?: boolean): void => {
      const [idx, ...props] = p.split('.');
      let c: CExpr | undefined = a.args[Number(idx)];
      if (!c) return;
      let cfi = fi;
      for (const prop of props) {
        const d = this.derefAt(cfi, c!);
        cfi = d.fi;
        c = navigate(d.c, prop);
      }
      if (!c || (c.k === 'u' && props.length && !c.at)) return;
      const leaves: Array<{ fi: number; c: CExpr }> = [];
      this.leaves(cfi, c, leaves);
      for (const leaf of leaves) {
        let target = into;
        let m = map;
        if (mixed && leaf.c.k === 's' && spec.writePrefix && leaf.c.v.startsWith(spec.writePrefix)) { target = req.write; m = 'write'; }
        const ids = this.typeIds(lib, leaf.c, m);
        if (!ids || ids.length === 0) {
          if (leaf.c.k !== 's' || !/^(READ|WRITE)_TOTAL/.test(leaf.c.v)) req.hasUnresolved = true;
          continue;
        }
        const at = 'at' in leaf.c ? leaf.c.at : undefined;
        for (const id of ids) target.push({ identifier: id, location: this.loc(leaf.fi, at ?? a.at) });
      }
    };
    for (const p of paths.read) collect(p, req.read, 'read');
    for (const p of paths.write) collect(p, req.write, 'write');
    for (const p of spec.permissions ?? []) collect(p, req.read, 'read', true);
    return req;
  }

  private deref(fi: number, c: CExpr): CExpr {
    return this.derefAt(fi, c).c;
  }

  private derefAt(fi: number, c: CExpr): { fi: number; c: CExpr } {
    if (c.k === 'imp') return this.resolveImp(fi, c) ?? { fi, c: { k: 'u' } };
    return { fi, c };
  }

  // ---- taint -----------------------------------------------------------------------------------------------------

  flows(): TaintFlow[] {
    this.build();
    const flows: TaintFlow[] = [];
    const seen = new Set<string>();
    this.sums.forEach((s, fi) => {
      for (const src of s.sources) {
        let types = this.resolveTypes(fi, src.lib, src.types, src.typeExpr, src.typeMap);
        if (src.kind === 'ble-health') {
          const r = this.bleTypes(fi, src.uuids ?? []);
          if (r === null) continue;
          types = r;
        }
        const start = this.gid(fi, src.node);
        const srcStep: FlowStep = { file: s.file, line: src.at.l, column: src.at.c, endLine: src.at.el, endColumn: src.at.ec, note: `source: ${src.api}` };
        const { hits, truncated } = this.bfs(start);
        if (truncated) this.truncated.push(this.loc(fi, src.at));
        for (const hit of hits) {
          const sink = this.sinks.get(hit.sink)!;
          const status = hit.sanitizer ? 'sanitized' : hit.gate ? 'consented' : 'open';
          const key = `${start}|${hit.sink}|${status}|${hit.entry ?? ''}`;
          if (seen.has(key)) continue;
          seen.add(key);
          // --staged / --changed-since: a flow is reported when its source, its sink or a step lies in a changed file.
          if (this.o.reportFiles && !this.o.reportFiles.has(sink.file) && !this.o.reportFiles.has(s.file) && !hit.path.some((st) => this.o.reportFiles!.has(st.file))) continue;
          const at = sink.rec.at;
          const steps: FlowStep[] = [srcStep];
          for (const st of hit.path) {
            const last = steps[steps.length - 1]!;
            if (last.file === st.file && last.line === st.l && last.column === st.c) continue;
            steps.push({ file: st.file, line: st.l, column: st.c, note: st.n });
          }
          const sinkStep: FlowStep = { file: sink.file, line: at.l, column: at.c, endLine: at.el, endColumn: at.ec, note: `sink: ${sink.rec.api}` };
          const last = steps[steps.length - 1]!;
          if (last.file === sinkStep.file && last.line === sinkStep.line && last.column === sinkStep.column) steps.pop();
          steps.push(sinkStep);
          flows.push({
            source: { kind: src.kind, api: src.api, location: this.loc(fi, src.at), healthTypes: types },
            sink: {
              category: sink.category,
              recipient: { kind: recipientKindFor(sink.category), ...(sink.vendor ? { vendor: sink.vendor } : {}), ...(sink.host ? { host: sink.host } : {}), category: sink.category },
              api: sink.rec.api,
              location: { file: sink.file, line: at.l, column: at.c, endLine: at.el, endColumn: at.ec },
            },
            steps,
            status,
            ...(hit.sanitizer ? { guard: hit.sanitizer } : hit.gate ? { guard: hit.gate } : {}),
            language: 'typescript',
          });
        }
      }
    });
    flows.sort((a, b) => cmpLoc(a.sink.location, b.sink.location) || cmpLoc(a.source.location, b.source.location) || a.status.localeCompare(b.status) || a.sink.api.localeCompare(b.sink.api));
    return flows;
  }

  /** null: a known non-health characteristic (not a source); otherwise the health types (empty when unknown). */
  private bleTypes(fi: number, uuids: CExpr[]): string[] | null {
    const types = new Set<string>();
    let nonHealth = false;
    let health = false;
    for (const u of uuids) {
      const v = this.constString(fi, u);
      if (v === undefined) continue;
      const short = shortUuid(v);
      if (!short) continue;
      if (this.o.cat.bleNonHealthUuids.has(short)) nonHealth = true;
      const t = this.o.cat.bleHealthUuids.get(short);
      if (t) { health = true; for (const x of t) types.add(x); }
    }
    if (nonHealth && !health) return null;
    return [...types].sort();
  }

  /**
   * Breadth-first from one source; the state records the first consent gate / sanitizer passed so that guarded and
   * open paths to the same sink are both found (the open one is the one to fix).
   */
  private bfs(start: string): { hits: Array<{ sink: string; path: GStep[]; gate?: string; sanitizer?: string; entry?: string }>; truncated: boolean } {
    type St = { node: string; gate?: string; san?: string; prev?: St; step?: GStep; calls?: string[] };
    const visited = new Set<string>();
    const queue: St[] = [{ node: start }];
    const hits: Array<{ sink: string; path: GStep[]; gate?: string; sanitizer?: string; entry?: string }> = [];
    const stateKey = (x: St): string => `${x.san ? 's' : x.gate ? 'g' : 'o'}|${x.node}|${x.calls?.join(',') ?? ''}`;
    const seenSink = new Set<string>();
    visited.add(stateKey(queue[0]!));
    let visits = 0;
    for (let qi = 0; qi < queue.length && visits < MAX_VISITS_PER_SOURCE; qi++) {
      const cur = queue[qi]!;
      visits++;
      const hash = cur.node.indexOf('#');
      const base = hash < 0 ? cur.node : cur.node.slice(0, hash);
      if (this.sinks.has(base)) {
        // One hit per call through which the data entered the sink's function: two calls of an in-house
        // `track()` wrapper are two leaks, each with its own status, finding and fingerprint.
        const entry = cur.calls?.[cur.calls.length - 1];
        const k = `${base}|${cur.san ? 's' : cur.gate ? 'g' : 'o'}|${entry ?? ''}`;
        if (seenSink.has(k)) continue;
        seenSink.add(k);
        const path: GStep[] = [];
        for (let x: St | undefined = cur; x; x = x.prev) if (x.step) path.unshift(x.step);
        hits.push({ sink: base, path, gate: cur.gate, sanitizer: cur.san, entry });
        continue;
      }
      const push = (to: string, step: GStep | undefined, call: string | undefined, dir: 'in' | 'out' | undefined): void => {
        let calls = cur.calls;
        if (call && dir === 'in') calls = [...(calls ?? []), call].slice(-CALL_DEPTH);
        else if (call && dir === 'out') {
          // Return only to the call entered through; a value that did not enter through a call returns anywhere.
          if (calls?.length) {
            if (calls[calls.length - 1] !== call) return;
            calls = calls.length > 1 ? calls.slice(0, -1) : undefined;
          }
        }
        const next: St = { node: to, gate: cur.gate ?? step?.g, san: cur.san ?? step?.s, prev: cur, step, calls };
        const k = stateKey(next);
        if (visited.has(k)) return;
        visited.add(k);
        queue.push(next);
      };
      for (const [to, step, , call, dir] of this.out.get(cur.node) ?? []) push(to, step, call, dir);
      if (hash >= 0) {
        // A tainted field travels with whole-object copies of its base.
        const field = cur.node.slice(hash + 1);
        for (const [to, step, struct, call, dir] of this.out.get(base) ?? []) if (struct) push(to.includes('#') ? to : `${to}#${field}`, step, call, dir);
      }
    }
    return { hits, truncated: visits >= MAX_VISITS_PER_SOURCE };
  }
}


function cmpLoc(a: SourceLocation, b: SourceLocation): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}

export function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const m = /^(?:[a-z][a-z0-9+.-]*:)?\/\/([^/:?#@]+)/i.exec(url.trim());
  return m ? m[1]!.toLowerCase() : undefined;
}

function shortUuid(v: string): string | undefined {
  const s = v.trim().toLowerCase().replace(/^0x/, '');
  if (/^[0-9a-f]{4}$/.test(s)) return s;
  const m = /^0000([0-9a-f]{4})-0000-1000-8000-00805f9b34fb$/.exec(s);
  return m ? m[1] : undefined;
}
