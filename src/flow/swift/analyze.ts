/**
 * The Swift taint analysis over FileIRs of one app (one module). Functions are summarized (what of their
 * parameters reaches their result, a sink, a property, a HealthKit write, a completion handler) and calls
 * are resolved by name within the module; the whole module is iterated until properties and summaries
 * stop changing (a few rounds), then flows and CodeUsage are read off the last round.
 */
import type { FlowStep, SourceLocation } from '../../findings/types.js';
import type { HkguardConfig } from '../../config/types.js';
import type { Catalog } from '../../rules/catalog.js';
import { classifyHost, recipientKindFor } from '../core.js';
import { emptyUsage, type CodeUsage, type SourceKind, type TaintFlow, type TaintSink, type TaintSource } from '../types.js';
import type { SwiftCatalog, SwiftSinkSpec } from './catalog.js';
import type { Arg, CallEv, Ev, FileIR, Span, UnitIR, Val } from './ir.js';

const MAX_LABELS = 6;
const MAX_STEPS = 14;
const MAX_ROUNDS = 5;
/** Same-named functions a call on a receiver of unknown type may reach before it counts as ambiguous. */
const MAX_UNTYPED_TARGETS = 3;

interface Guard { status: 'consented' | 'sanitized'; name: string }

/** A tainted value's origin: a real source (src >= 0) or, inside a summary, parameter -src-1. */
interface Label {
  src: number;
  steps: StepList;
  guard?: Guard;
}

/** A path as a persistent list (newest step first): appending shares the prefix instead of copying it. */
interface StepNode { s: FlowStep; p: StepList; n: number }
type StepList = StepNode | null;

const stepsLen = (l: StepList): number => (l ? l.n : 0);
const pushStep = (l: StepList, s: FlowStep): StepList => ({ s, p: l, n: stepsLen(l) + 1 });

function stepsArray(l: StepList): FlowStep[] {
  const out: FlowStep[] = [];
  for (let x = l; x; x = x.p) out.push(x.s);
  return out.reverse();
}

function pushSteps(l: StepList, more: StepList): StepList {
  let out = l;
  for (const s of stepsArray(more)) out = pushStep(out, s);
  return out;
}
type Taint = Label[];

interface Meta {
  ctors: string[];
  hk: string[];
  /** Some HealthKit type reference could not be resolved to a constant. */
  hkUnresolved: boolean;
  urls: string[];
  types: string[];
}

interface Summary {
  ret: Taint;
  sinks: Array<{ param: number; sink: TaintSink; steps: StepList; guard?: Guard }>;
  props: Array<{ param: number; key: string; steps: StepList }>;
  writes: Set<number>;
  /** Parameter called as a function: per argument position, what it is called with. */
  callbacks: Map<number, Taint[]>;
  retMeta: Meta;
}

interface UnitRef { unit: UnitIR; file: string }

interface UnitResult {
  flows: TaintFlow[];
  usage: CodeUsage;
  statusChecks: Array<{ types: string[]; location: SourceLocation }>;
}

const newUnitResult = (): UnitResult => ({ flows: [], usage: emptyUsage(), statusChecks: [] });

export interface SwiftModuleInput {
  files: Array<{ file: string; ir: FileIR }>;
  catalog: Catalog;
  swift: SwiftCatalog;
  config: HkguardConfig;
  language: 'swift' | 'objc';
}

export interface SwiftModuleResult {
  flows: TaintFlow[];
  usage: CodeUsage;
}

/** Meta objects are shared and never mutated: the empty one is a constant. */
const EMPTY_META: Meta = Object.freeze({ ctors: [], hk: [], hkUnresolved: false, urls: [], types: [] }) as Meta;
const emptyMeta = (): Meta => EMPTY_META;
const isEmptyMeta = (m: Meta): boolean => m === EMPTY_META || (!m.ctors.length && !m.hk.length && !m.urls.length && !m.types.length && !m.hkUnresolved);

function union(a: Taint, b: Taint | undefined): Taint {
  if (!b || b.length === 0) return a;
  let out = a;
  for (const l of b) {
    const i = out.findIndex((x) => x.src === l.src);
    if (i < 0) {
      if (out.length >= MAX_LABELS) continue;
      if (out === a) out = [...a];
      out.push(l);
    } else if (guardRank(l) < guardRank(out[i]!) || (guardRank(l) === guardRank(out[i]!) && stepsLen(l.steps) < stepsLen(out[i]!.steps))) {
      if (out === a) out = [...a];
      out[i] = l;
    }
  }
  return out;
}

/** An unguarded label wins over a guarded one for the same source: it is the flow to fix. */
function guardRank(l: Label): number {
  return l.guard ? 1 : 0;
}

function withStep(t: Taint, step: FlowStep): Taint {
  if (t.length === 0) return t;
  return t.map((l) => {
    if (stepsLen(l.steps) >= MAX_STEPS) return l;
    // A value re-bound on the same line (guard let x = x) or seen again in a loop keeps one step.
    for (let x = l.steps; x; x = x.p) if (x.s.line === step.line && x.s.note === step.note && x.s.file === step.file) return l;
    return { ...l, steps: pushStep(l.steps, step) };
  });
}

function withGuard(t: Taint, guard: Guard): Taint {
  return t.map((l) => (l.guard ? l : { ...l, guard }));
}

function dataOnly(m: Meta | undefined): Meta | undefined {
  if (!m || (!m.hk.length && !m.urls.length && !m.hkUnresolved)) return undefined;
  return m.ctors.length || m.types.length ? { ...EMPTY_META, hk: m.hk, urls: m.urls, hkUnresolved: m.hkUnresolved } : m;
}

function mergeMeta(a: Meta, b: Meta | undefined): Meta {
  if (!b || b === a || isEmptyMeta(b)) return a;
  if (isEmptyMeta(a)) return b;
  // Nothing new (the common case when a meta is merged again): the same content, without copying.
  const within = (x: string[], y: string[]): boolean => y.length === 0 || (x.length * y.length <= 64 ? y.every((v) => x.includes(v)) : isSubset(x, y));
  if ((a.hkUnresolved || !b.hkUnresolved) && within(a.ctors, b.ctors) && within(a.hk, b.hk) && within(a.urls, b.urls) && within(a.types, b.types)) return a;
  const add = (x: string[], y: string[]): string[] => {
    if (y.length === 0) return x;
    const out = [...x];
    if (x.length * y.length <= 64) {
      for (const v of y) if (!out.includes(v)) out.push(v);
      return out;
    }
    // Long lists (a member's meta over many owning types): a set instead of a quadratic scan, same order.
    const seen = new Set(x);
    for (const v of y) if (!seen.has(v)) { seen.add(v); out.push(v); }
    return out;
  };
  return { ctors: add(a.ctors, b.ctors), hk: add(a.hk, b.hk), hkUnresolved: a.hkUnresolved || b.hkUnresolved, urls: add(a.urls, b.urls), types: add(a.types, b.types) };
}

function isSubset(x: string[], y: string[]): boolean {
  const set = new Set(x);
  return y.every((v) => set.has(v));
}

function loc(file: string, s: Span): SourceLocation {
  return { file, line: s[0], column: s[1], endLine: s[2], endColumn: s[3] };
}

function step(file: string, s: Span, note: string): FlowStep {
  return { file, line: s[0], column: s[1], endLine: s[2], endColumn: s[3], note };
}

function hostOf(url: string): string | undefined {
  const m = /^https?:\/\/([^/:?#\s"\\]+)/i.exec(url);
  return m ? m[1]!.toLowerCase() : undefined;
}

/** Receiver text matched against a catalog receiver: exact, or the receiver followed by a member. */
function receiverMatches(recv: string | undefined, wanted: string): boolean {
  if (!recv) return false;
  const r = recv.replace(/[?!]/g, '');
  return r === wanted || r.startsWith(`${wanted}.`) || r === `${wanted}()` || r.startsWith(`${wanted}().`);
}

export function analyzeSwiftModule(input: SwiftModuleInput): SwiftModuleResult {
  return new ModuleAnalysis(input).run();
}

class ModuleAnalysis {
  private readonly funcs = new Map<string, UnitRef[]>();
  private readonly typeProps = new Map<string, Set<string>>();
  private readonly propsByName = new Map<string, string[]>();
  private readonly wrappers = new Map<string, { wrappers: string[]; arg?: string }>();
  private propTaint = new Map<string, Taint>();
  private propMeta = new Map<string, Meta>();
  private notifTaint = new Map<string, Taint>();
  private summaries = new Map<UnitIR, Summary>();
  private readonly sources: TaintSource[] = [];
  private readonly sourceIndex = new Map<string, number>();
  /** What each unit found the last time it was analyzed (a re-analysis replaces it). */
  private readonly results = new Map<UnitIR, UnitResult>();
  private cur: UnitResult = newUnitResult();
  private curUnit: UnitIR | undefined;
  /**
   * Reverse dependencies: a function name, property key or notification name -> the units that read it.
   * Three maps (no key prefixes to concatenate), filled as a unit reads: a unit's set of reads only grows.
   */
  private readonly funcReaders = new Map<string, Set<UnitIR>>();
  private readonly propReaders = new Map<string, Set<UnitIR>>();
  private readonly notifReaders = new Map<string, Set<UnitIR>>();
  /**
   * Reads of a member on a receiver of unknown type (`x.resting`) look at that member of every type that
   * declares it: with many such types, one dependency on the member name instead of one per property key.
   * `memberReaders` covers every owner's key, `memberUpperReaders` the keys of capitalized owners only.
   */
  private readonly memberReaders = new Map<string, Set<UnitIR>>();
  private readonly memberUpperReaders = new Map<string, Set<UnitIR>>();
  /** Member name -> the property keys `${owner}.${member}` of its owners, in ownersOf order (all / capitalized). */
  private readonly memberKeys = new Map<string, string[]>();
  private readonly memberUpperKeys = new Map<string, string[]>();
  /** Declared property key -> [member name, owner is capitalized]. */
  private readonly keyMember = new Map<string, [string, boolean]>();
  private readonly dirty = new Set<UnitIR>();
  private readonly order = new Map<UnitIR, { index: number; file: string; ir: FileIR }>();
  private usage: CodeUsage = emptyUsage();
  private readonly writers = new Set<string>();
  private readonly gates: Set<string>;
  private readonly sanitizers: Set<string>;
  private readonly configSinks: Map<string, HkguardConfig['sinks'][number]>;

  constructor(private readonly input: SwiftModuleInput) {
    this.gates = new Set(input.config.consentGates.map((g) => g.function));
    this.sanitizers = new Set(input.config.sanitizers.map((g) => g.function));
    this.configSinks = new Map(input.config.sinks.map((s) => [s.function, s]));
    for (const { file, ir } of input.files) {
      for (const unit of ir.units) {
        if (unit.name.startsWith('<') || unit.name.endsWith('=')) continue;
        const key = unit.name === 'init' ? unit.type : unit.name;
        const list = this.funcs.get(key) ?? [];
        list.push({ unit, file });
        this.funcs.set(key, list);
      }
      for (const p of ir.props) {
        const set = this.typeProps.get(p.type) ?? new Set<string>();
        set.add(p.name);
        this.typeProps.set(p.type, set);
        const owners = this.propsByName.get(p.name) ?? [];
        if (!owners.includes(p.type)) {
          owners.push(p.type);
          const key = `${p.type}.${p.name}`;
          const isUpper = /^[A-Z]/.test(p.type);
          (this.memberKeys.get(p.name) ?? this.memberKeys.set(p.name, []).get(p.name)!).push(key);
          if (isUpper) (this.memberUpperKeys.get(p.name) ?? this.memberUpperKeys.set(p.name, []).get(p.name)!).push(key);
          this.keyMember.set(key, [p.name, isUpper]);
        }
        this.propsByName.set(p.name, owners);
        if (p.wrappers.length) this.wrappers.set(`${p.type}.${p.name}`, { wrappers: p.wrappers, arg: p.wrapperArg });
      }
    }
  }

  /**
   * One pass over every unit, then a worklist: a unit is analyzed again only when something it read (a
   * property's taint, a callee's summary, a notification) changed since. Waves are processed in source order
   * so the result does not depend on timing; MAX_ROUNDS bounds the waves.
   */
  run(): SwiftModuleResult {
    let index = 0;
    for (const { file, ir } of this.input.files) {
      this.imports(file, ir);
      for (const unit of ir.units) this.order.set(unit, { index: index++, file, ir });
    }
    for (const [unit, o] of this.order) this.analyze(unit, o.file, o.ir);
    for (let wave = 0; wave < MAX_ROUNDS * 3 && this.dirty.size; wave++) {
      const batch = [...this.dirty].sort((a, b) => this.order.get(a)!.index - this.order.get(b)!.index);
      this.dirty.clear();
      for (const unit of batch) { const o = this.order.get(unit)!; this.analyze(unit, o.file, o.ir); }
    }
    const flows: TaintFlow[] = [];
    const statusChecks: UnitResult['statusChecks'] = [];
    for (const unit of this.order.keys()) {
      const r = this.results.get(unit);
      if (!r) continue;
      flows.push(...r.flows);
      statusChecks.push(...r.statusChecks);
      const u = r.usage;
      this.usage.healthkit.push(...u.healthkit);
      this.usage.authorizations.push(...u.authorizations);
      this.usage.bluetooth.push(...u.bluetooth);
      this.usage.motion.push(...u.motion);
    }
    this.readDenial(statusChecks);
    return { flows: this.dedupeFlows(flows), usage: this.sortUsage() };
  }

  private analyze(unit: UnitIR, file: string, ir: FileIR): void {
    this.cur = newUnitResult();
    this.curUnit = unit;
    new UnitAnalysis(this, unit, file, ir).run();
    this.results.set(unit, this.cur);
    this.curUnit = undefined;
  }

  /** The unit being analyzed read `key` (recorded directly: invalidate skips the reading unit itself). */
  private dependOn(readers: Map<string, Set<UnitIR>>, key: string): void {
    const unit = this.curUnit;
    if (!unit) return;
    const set = readers.get(key);
    if (set) set.add(unit);
    else readers.set(key, new Set([unit]));
  }

  private invalidate(readers: Map<string, Set<UnitIR>>, key: string): void {
    const set = readers.get(key);
    if (set) for (const u of set) if (u !== this.curUnit) this.dirty.add(u);
  }

  /**
   * authorizationStatus(for:) tells only whether the app may share (write) a type; HealthKit hides read
   * denials. A status check of a type the app asks to read but not to share infers a read denial.
   */
  private readDenial(statusChecks: UnitResult['statusChecks']): void {
    const shared = new Set<string>();
    const read = new Set<string>();
    for (const a of this.usage.authorizations) { a.write.forEach((t) => shared.add(t.identifier)); a.read.forEach((t) => read.add(t.identifier)); }
    for (const c of statusChecks) {
      const readOnly = c.types.filter((t) => !shared.has(t) && (read.has(t) || this.usage.authorizations.length === 0));
      if (readOnly.length) this.usage.readDenialInferences.push({ location: c.location, note: `authorizationStatus(for:) on ${readOnly.join(', ')}, a type the app reads but does not share: it reports share permission only` });
    }
  }


  private imports(file: string, ir: FileIR): void {
    for (const imp of ir.imports) {
      const sdk = this.input.catalog.sdkForSwiftModule(imp.module);
      if (sdk) this.usage.sdkImports.push({ sdkId: sdk.id, module: imp.module, location: loc(file, imp.span) });
      if (imp.module === 'CoreBluetooth') this.usage.bluetooth.push({ library: 'CoreBluetooth', api: 'import CoreBluetooth', location: loc(file, imp.span) });
      if (imp.module === 'CoreMotion') this.usage.motion.push({ library: 'CoreMotion', api: 'import CoreMotion', location: loc(file, imp.span) });
    }
  }

  // ---- shared state used by unit analyses ----

  get cat(): SwiftCatalog { return this.input.swift; }
  get config(): HkguardConfig { return this.input.config; }
  get catalog(): Catalog { return this.input.catalog; }
  get language(): 'swift' | 'objc' { return this.input.language; }
  get final(): boolean { return true; }
  get codeUsage(): CodeUsage { return this.cur.usage; }
  get statusChecks(): UnitResult['statusChecks'] { return this.cur.statusChecks; }
  isGate(name: string): boolean { return this.gates.has(name); }
  isSanitizer(name: string): boolean { return this.sanitizers.has(name); }
  configSink(name: string): HkguardConfig['sinks'][number] | undefined { return this.configSinks.get(name); }
  functions(name: string): UnitRef[] | undefined { this.dependOn(this.funcReaders, name); return this.funcs.get(name); }
  hasFunction(name: string): boolean { return this.funcs.has(name); }
  hasProp(type: string, name: string): boolean { return this.typeProps.get(type)?.has(name) ?? false; }
  ownersOf(name: string): string[] | undefined { return this.propsByName.get(name); }
  wrapperOf(key: string): { wrappers: string[]; arg?: string } | undefined { return this.wrappers.get(key); }

  source(kind: SourceKind, api: string, file: string, s: Span, healthTypes: string[]): number {
    const key = `${kind}|${api}|${file}:${s[0]}:${s[1]}`;
    const hit = this.sourceIndex.get(key);
    if (hit !== undefined) {
      const src = this.sources[hit]!;
      for (const t of healthTypes) if (!src.healthTypes.includes(t)) src.healthTypes.push(t);
      return hit;
    }
    this.sources.push({ kind, api, location: loc(file, s), healthTypes: [...healthTypes] });
    this.sourceIndex.set(key, this.sources.length - 1);
    return this.sources.length - 1;
  }

  sourceAt(i: number): TaintSource { return this.sources[i]!; }

  /** The union of `member`'s taint over every type that declares it (folded onto `t`). */
  memberTaint(t: Taint, member: string): Taint {
    const keys = this.memberKeys.get(member);
    if (!keys) return t;
    this.dependOn(this.memberReaders, member);
    for (const key of keys) t = union(t, this.propTaint.get(key));
    return t;
  }

  /** The meta of `member` over the capitalized types that declare it (folded onto `m`). */
  memberUpperMeta(m: Meta, member: string): Meta {
    const keys = this.memberUpperKeys.get(member);
    if (!keys) return m;
    this.dependOn(this.memberUpperReaders, member);
    // Ordered set unions are associative: merging the owners' merged meta equals merging them one by one.
    let all = this.memberMetaCache.get(member);
    if (!all) {
      all = EMPTY_META;
      for (const key of keys) all = mergeMeta(all, this.propMeta.get(key));
      this.memberMetaCache.set(member, all);
    }
    return mergeMeta(m, all);
  }

  /** memberUpperMeta's merged meta per member name, dropped when an owner's meta changes. */
  private readonly memberMetaCache = new Map<string, Meta>();

  private invalidateProp(key: string): void {
    this.invalidate(this.propReaders, key);
    const km = this.keyMember.get(key);
    if (km) {
      this.invalidate(this.memberReaders, km[0]);
      if (km[1]) this.invalidate(this.memberUpperReaders, km[0]);
    }
  }

  propGet(key: string): Taint | undefined { this.dependOn(this.propReaders, key); return this.propTaint.get(key); }
  propMetaGet(key: string): Meta | undefined { this.dependOn(this.propReaders, key); return this.propMeta.get(key); }

  propAdd(key: string, t: Taint, meta?: Meta): void {
    const real = t.filter((l) => l.src >= 0);
    if (real.length) {
      const before = this.propTaint.get(key) ?? [];
      const after = union(before, real);
      if (after.length !== before.length) { this.propTaint.set(key, after); this.invalidateProp(key); }
    }
    if (meta && (meta.ctors.length || meta.hk.length || meta.urls.length || meta.types.length)) {
      const before = this.propMeta.get(key) ?? emptyMeta();
      const after = mergeMeta(before, meta);
      if (after.ctors.length + after.hk.length + after.urls.length + after.types.length !== before.ctors.length + before.hk.length + before.urls.length + before.types.length) {
        this.propMeta.set(key, after);
        const km = this.keyMember.get(key);
        if (km) this.memberMetaCache.delete(km[0]);
        this.invalidateProp(key);
      }
    }
  }

  notifGet(name: string): Taint | undefined { this.dependOn(this.notifReaders, name); return this.notifTaint.get(name); }
  notifAdd(name: string, t: Taint): void {
    const real = t.filter((l) => l.src >= 0);
    if (!real.length) return;
    const before = this.notifTaint.get(name) ?? [];
    const after = union(before, real);
    if (after.length !== before.length) { this.notifTaint.set(name, after); this.invalidate(this.notifReaders, name); }
  }

  summary(unit: UnitIR): Summary | undefined { return this.summaries.get(unit); }
  /** Some function of this name passes a parameter to a HealthKit write. */
  isWriter(name: string): boolean { this.dependOn(this.funcReaders, name); return this.writers.has(name); }

  setSummary(unit: UnitIR, s: Summary): void {
    const before = this.summaries.get(unit);
    const sig = (x: Summary | undefined): string => x
      ? `${x.ret.map((l) => l.src).sort().join(',')}|${x.sinks.length}|${x.props.length}|${[...x.writes].join(',')}|${[...x.callbacks].map(([k, v]) => `${k}:${v.map((t) => t.map((l) => l.src).join('+')).join('/')}`).join(';')}|${x.retMeta.hk.join(',')}${x.retMeta.ctors.join(',')}`
      : '';
    this.summaries.set(unit, s);
    if (s.writes.size) this.writers.add(unit.name === 'init' ? unit.type : unit.name);
    if (sig(before) !== sig(s)) this.invalidate(this.funcReaders, unit.name === 'init' ? unit.type : unit.name);
  }

  addFlow(label: Label, sink: TaintSink, tail: StepList, conds: string[] | undefined): void {
    if (label.src < 0) return;
    const source = this.sources[label.src]!;
    const gate = conds?.find((c) => this.gates.has(c));
    const guard: Guard | undefined = label.guard ?? (gate ? { status: 'consented', name: gate } : undefined);
    const first = step(source.location.file, [source.location.line, source.location.column, source.location.endLine, source.location.endColumn], `${sourceNote(source.kind)}: ${source.api}`);
    const flow: TaintFlow = {
      source,
      sink,
      steps: [first, ...stepsArray(label.steps), ...stepsArray(tail)],
      status: guard ? guard.status : 'open',
      language: this.language,
    };
    if (guard) flow.guard = guard.name;
    this.cur.flows.push(flow);
  }

  private dedupeFlows(flows: TaintFlow[]): TaintFlow[] {
    const seen = new Map<string, TaintFlow>();
    for (const f of flows) {
      const s = f.sink.location;
      const key = `${f.sink.category}|${s.file}:${s.line}:${s.column}|${f.source.location.file}:${f.source.location.line}:${f.source.location.column}`;
      const prev = seen.get(key);
      if (!prev || (prev.status !== 'open' && f.status === 'open') || (prev.status === f.status && prev.steps.length > f.steps.length)) seen.set(key, f);
    }
    const cmp = (a: SourceLocation, b: SourceLocation): number => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
    return [...seen.values()].sort((a, b) => cmp(a.sink.location, b.sink.location) || cmp(a.source.location, b.source.location) || a.sink.category.localeCompare(b.sink.category));
  }

  private sortUsage(): CodeUsage {
    const u = this.usage;
    const cmp = (a: { location: SourceLocation }, b: { location: SourceLocation }): number =>
      a.location.file.localeCompare(b.location.file) || a.location.line - b.location.line || a.location.column - b.location.column;
    const dedupe = <T extends { location: SourceLocation }>(xs: T[], key: (x: T) => string): T[] => {
      const seen = new Set<string>();
      return xs.filter((x) => { const k = `${key(x)}|${x.location.file}:${x.location.line}:${x.location.column}`; if (seen.has(k)) return false; seen.add(k); return true; });
    };
    u.healthkit = dedupe(u.healthkit.sort(cmp), (x) => `${x.kind}|${x.api}`);
    u.authorizations = dedupe(u.authorizations.sort(cmp), () => 'auth');
    u.bluetooth = dedupe(u.bluetooth.sort(cmp), (x) => x.api);
    u.motion = dedupe(u.motion.sort(cmp), (x) => x.api);
    u.readDenialInferences = dedupe(u.readDenialInferences.sort(cmp), () => 'rdi');
    u.sdkImports = dedupe(u.sdkImports.sort(cmp), (x) => x.sdkId);
    return u;
  }
}

function sourceNote(kind: SourceKind): string {
  switch (kind) {
    case 'healthkit-read': return 'HealthKit read';
    case 'healthkit-write': return 'written to HealthKit';
    case 'ble-health': return 'Bluetooth health sensor value';
    case 'motion': return 'motion data';
  }
}

const MOTION_CALLS = new Set(['startUpdates', 'queryPedometerData', 'startActivityUpdates', 'queryActivityStarting', 'startEventUpdates']);
const MOTION_CLASSES = new Set(['CMPedometer', 'CMMotionActivityManager', 'CMMotionManager']);
const BLE_CLASSES = new Set(['CBCentralManager', 'CBPeripheralManager']);
const ERRORISH = /^(_|error|err|e|query|q|done|completion|success)$/;

class UnitAnalysis {
  private readonly env = new Map<string, Taint>();
  /** Computed metadata of locals (a cache over metaVals and metaExtra, dropped when a local is redefined). */
  private readonly meta = new Map<string, Meta>();
  private readonly metaVals = new Map<string, Val[]>();
  private readonly metaExtra = new Map<string, Meta>();
  private readonly metaBusy = new Set<string>();

  private localMeta(name: string): Meta {
    const hit = this.meta.get(name);
    if (hit) return hit;
    // A variable defined from itself (x = x + 1) stops here rather than looping.
    if (this.metaBusy.has(name)) return this.metaExtra.get(name) ?? EMPTY_META;
    this.metaBusy.add(name);
    let m = this.metaExtra.get(name) ?? EMPTY_META;
    for (const v of this.metaVals.get(name) ?? []) m = mergeMeta(m, this.metaOf(v));
    this.metaBusy.delete(name);
    this.meta.set(name, m);
    return m;
  }
  private readonly lamParams = new Map<number, Taint[]>();
  private readonly lamRets = new Map<number, Taint>();
  private readonly callResult = new Map<number, Taint>();
  private readonly callMeta = new Map<number, Meta>();
  private readonly callArgsMerged = new Set<number>();
  private readonly calls = new Map<number, CallEv>();
  private readonly lamEvents = new Map<number, Extract<Ev, { k: 'lam' }>>();
  private readonly locals = new Set<string>();
  private readonly summary: Summary = { ret: [], sinks: [], props: [], writes: new Set(), callbacks: new Map(), retMeta: emptyMeta() };
  /** Locals that flow into a HealthKit write, with the write's source label. */
  private readonly writeSeeds = new Map<string, Label>();

  constructor(private readonly m: ModuleAnalysis, private readonly unit: UnitIR, private readonly file: string, private readonly ir: FileIR) {}

  run(): void {
    const u = this.unit;
    for (const ev of u.events) {
      if (ev.k === 'call') this.calls.set(ev.id, ev);
      else if (ev.k === 'lam') this.lamEvents.set(ev.id, ev);
    }
    u.params.forEach((p, i) => {
      this.locals.add(p.name);
      this.env.set(p.name, [{ src: -i - 1, steps: null }]);
      if (p.types.length) this.metaExtra.set(p.name, { ...EMPTY_META, types: p.types, ctors: p.types });
    });
    for (const ev of u.events) {
      if (ev.k === 'def' && ev.how !== 'assign') for (const n of ev.names) this.locals.add(n);
      if (ev.k === 'lam') for (const n of ev.params) this.locals.add(n);
    }
    this.seedDelegateSources();
    this.seedWorkoutBuilder();
    this.findWrites();
    for (const ev of u.events) this.event(ev);
    this.m.setSummary(u, this.summary);
  }

  // ---- sources that come from the method's shape ----

  private seedDelegateSources(): void {
    const u = this.unit;
    // CoreBluetooth: peripheral(_:didUpdateValueFor:error:) hands over the characteristic's new value.
    if (u.name === 'peripheral') {
      const p = u.params.find((x) => x.label === 'didUpdateValueFor' || x.label === 'didUpdateValueForCharacteristic');
      if (p) {
        this.m.codeUsage; // usage is recorded in the final pass below
        if (this.m.final) this.m.codeUsage.bluetooth.push({ library: 'CoreBluetooth', api: 'peripheral(_:didUpdateValueFor:error:)', location: loc(this.file, p.span) });
        if (this.ir.isHealthBle) {
          const src = this.m.source('ble-health', 'CoreBluetooth peripheral(_:didUpdateValueFor:)', this.file, p.span, []);
          this.env.set(`${p.name}.value`, [{ src, steps: null }]);
        }
      }
    }
  }

  /**
   * HKLiveWorkoutBuilderDelegate (Apple Watch workouts): workoutBuilder(_:didCollectDataOf:) hands over the
   * builder whose statistics(for:) are the live readings (heart rate, energy, distance).
   */
  private seedWorkoutBuilder(): void {
    const u = this.unit;
    if (u.name !== 'workoutBuilder' || !u.params.some((x) => x.label === 'didCollectDataOf')) return;
    const builder = u.params[0];
    if (!builder) return;
    const src = this.m.source('healthkit-read', 'HKLiveWorkoutBuilder workoutBuilder(_:didCollectDataOf:)', this.file, builder.span, []);
    this.env.set(builder.name, [{ src, steps: null }]);
    if (this.m.final) {
      this.m.codeUsage.healthkit.push({ kind: 'read', library: 'HealthKit', api: 'workoutBuilder(_:didCollectDataOf:)', healthTypes: [], location: loc(this.file, builder.span) });
    }
  }

  /** Backward from each HealthKit write: every local the written value was computed from is health data. */
  private findWrites(): void {
    const writes = this.m.cat.hk.writes.methods;
    if (!this.unit.events.some((ev) => ev.k === 'call' && (writes.includes(ev.name) || this.m.isWriter(ev.name)))) return;
    const defs = new Map<string, Val[]>();
    for (const ev of this.unit.events) if (ev.k === 'def') for (const n of ev.names) (defs.get(n) ?? defs.set(n, []).get(n)!).push(ev.val);
    const ctorsOf = (v: Val, seen = new Set<string>()): string[] => {
      const out = [...(v.ctors ?? [])];
      for (const id of v.calls ?? []) {
        const c = this.calls.get(id);
        if (c && /^[A-Z]/.test(c.name)) out.push(c.name);
      }
      for (const id of v.ids ?? []) {
        if (seen.has(id)) continue;
        seen.add(id);
        for (const d of defs.get(id) ?? []) out.push(...ctorsOf(d, seen));
      }
      return out;
    };
    for (const ev of this.unit.events) {
      if (ev.k !== 'call') continue;
      let argIdx: number[] = [];
      let api = '';
      if (this.m.cat.hk.writes.methods.includes(ev.name) && ev.args.length > 0) {
        const a = ev.args[0]!;
        const ctors = ctorsOf(a.val);
        const calledCtors = (a.val.calls ?? []).map((id) => this.calls.get(id)?.name ?? '');
        if ([...ctors, ...calledCtors].some((c) => this.m.cat.sampleClasses.has(c)) || (a.val.types ?? []).some((t) => this.m.cat.sampleClasses.has(t))) {
          argIdx = [0];
          api = `HKHealthStore ${ev.name}`;
        }
      } else {
        for (const ref of this.m.functions(ev.name) ?? []) {
          const s = this.m.summary(ref.unit);
          if (!s) continue;
          const map = matchArgs(ref.unit, ev);
          for (const p of s.writes) { const j = map.get(p); if (j !== undefined) argIdx.push(j); }
          if (argIdx.length) api = `HKHealthStore save (via ${ev.name})`;
        }
      }
      if (!argIdx.length) continue;
      const types = new Set<string>();
      for (const j of argIdx) for (const t of this.hkTypes(ev.args[j]!.val, defs).types) types.add(t);
      const src = this.m.source('healthkit-write', api, this.file, ev.span, [...types]);
      if (this.m.final && !api.includes('(via')) {
        this.m.codeUsage.healthkit.push({ kind: 'write', library: 'HealthKit', api: ev.name, healthTypes: [...types].sort(), location: loc(this.file, ev.span) });
      }
      const label: Label = { src, steps: null };
      const work: Val[] = argIdx.map((j) => ev.args[j]!.val);
      const seen = new Set<string>();
      while (work.length) {
        const v = work.pop()!;
        const names = [...(v.ids ?? []), ...(v.dots ?? []).map((d) => d.split('.')[0]!)];
        for (const id of v.calls ?? []) {
          const c = this.calls.get(id);
          if (!c) continue;
          for (const a of c.args) work.push(a.val);
          if (c.recvVal) work.push(c.recvVal);
        }
        for (const n of names) {
          if (seen.has(n)) continue;
          seen.add(n);
          if (!this.writeSeeds.has(n)) this.writeSeeds.set(n, label);
          const pi = this.unit.params.findIndex((p) => p.name === n);
          if (pi >= 0) this.summary.writes.add(pi);
          for (const d of defs.get(n) ?? []) work.push(d);
        }
      }
    }
    for (const p of this.unit.params) {
      const seed = this.writeSeeds.get(p.name);
      if (seed) this.env.set(p.name, union(this.env.get(p.name) ?? [], [seed]));
    }
  }

  // ---- evaluation ----

  private isLocal(name: string): boolean { return this.locals.has(name); }

  private readonly propKeys = new Map<string, string | undefined>();

  private propKeyFor(name: string): string | undefined {
    if (this.propKeys.has(name)) return this.propKeys.get(name);
    const k = this.computePropKey(name);
    this.propKeys.set(name, k);
    return k;
  }

  private computePropKey(name: string): string | undefined {
    if (this.unit.type && this.m.hasProp(this.unit.type, name)) return `${this.unit.type}.${name}`;
    if (this.m.hasProp('', name)) return `.${name}`;
    return undefined;
  }

  taintOf(v: Val): Taint {
    let t: Taint = [];
    for (const id of v.ids ?? []) {
      if (this.isLocal(id)) t = union(t, this.env.get(id));
      else { const k = this.propKeyFor(id); if (k) t = union(t, this.m.propGet(k)); }
    }
    for (const s of v.self ?? []) if (this.unit.type) t = union(t, this.m.propGet(`${this.unit.type}.${s}`));
    for (const d of v.dots ?? []) {
      const [base, member] = d.split('.') as [string, string];
      const special = this.env.get(d);
      if (special) t = union(t, special);
      if (this.isLocal(base)) { t = union(t, this.env.get(base)); continue; }
      const k = this.propKeyFor(base);
      if (k) t = union(t, this.m.propGet(k));
      // `model.resting` on a stored object: the member of whichever type declares it.
      t = this.m.memberTaint(t, member);
    }
    for (const mname of v.mem ?? []) t = this.m.memberTaint(t, mname);
    for (const id of v.calls ?? []) t = union(t, this.resultOf(id));
    for (const id of v.lams ?? []) t = union(t, this.lamRets.get(id));
    return t;
  }

  private resultOf(id: number): Taint {
    let t = this.callResult.get(id) ?? [];
    const c = this.calls.get(id);
    if (c && !c.name.startsWith('HK')) for (const l of c.lams) t = union(t, this.lamRets.get(l.id));
    return t;
  }

  metaOf(v: Val): Meta {
    let m: Meta = EMPTY_META;
    if (v.ctors || v.urls || v.types || v.hk) {
      const hk: string[] = [];
      for (const [ctor, name] of v.hk ?? []) {
        const id = this.m.cat.identifier(ctor, name);
        if (id) hk.push(id);
      }
      m = { ctors: v.ctors ?? [], urls: v.urls ?? [], types: v.types ?? [], hk, hkUnresolved: false };
    }
    for (const id of v.ids ?? []) {
      if (this.isLocal(id)) m = mergeMeta(m, this.localMeta(id));
      else { const k = this.propKeyFor(id); if (k) m = mergeMeta(m, this.m.propMetaGet(k)); }
    }
    for (const s of v.self ?? []) if (this.unit.type) m = mergeMeta(m, this.m.propMetaGet(`${this.unit.type}.${s}`));
    for (const d of v.dots ?? []) {
      // A member of x is not an x: only data facts (HealthKit types, URLs) carry through `x.member`.
      const [base, member] = d.split('.') as [string, string];
      if (this.isLocal(base)) m = mergeMeta(m, dataOnly(this.localMeta(base)));
      else {
        const k = this.propKeyFor(base);
        if (k) m = mergeMeta(m, dataOnly(this.m.propMetaGet(k)));
        else if (/^[A-Z]/.test(base)) m = mergeMeta(m, { ...EMPTY_META, ctors: [base] });
        if (!k) m = this.m.memberUpperMeta(m, member);
      }
    }
    for (const id of v.calls ?? []) m = mergeMeta(m, this.callMetaOf(id));
    return m;
  }

  /** A call's meta: its own (constructor, HealthKit types it set) plus its arguments' HealthKit types and URLs. */
  private callMetaOf(id: number): Meta {
    let m = this.callMeta.get(id) ?? EMPTY_META;
    if (this.callArgsMerged.has(id)) return m;
    const c = this.calls.get(id);
    if (c) {
      if (c.recvVal && !/^[A-Z]/.test(c.name)) m = mergeMeta(m, dataOnly(this.metaOf(c.recvVal)));
      for (const a of c.args) {
        const am = this.metaOf(a.val);
        if (am.hk.length || am.urls.length || am.hkUnresolved) m = mergeMeta(m, { ctors: [], types: [], hk: am.hk, urls: am.urls, hkUnresolved: am.hkUnresolved });
      }
    }
    this.callMeta.set(id, m);
    this.callArgsMerged.add(id);
    return m;
  }

  /** HealthKit types named by an expression, following local definitions and properties. */
  hkTypes(v: Val, defs?: Map<string, Val[]>): { types: string[]; unresolved: boolean } {
    const types = new Set<string>();
    let unresolved = false;
    const seen = new Set<string>();
    const visit = (x: Val): void => {
      for (const [ctor, name] of x.hk ?? []) { const id = this.m.cat.identifier(ctor, name); if (id) types.add(id); }
      for (const id of x.calls ?? []) {
        const c = this.calls.get(id);
        if (!c) continue;
        const cm = this.callMetaOf(id);
        cm.hk.forEach((h) => types.add(h));
        for (const a of c.args) visit(a.val);
        if (c.recvVal && !c.recv?.startsWith('HK')) visit(c.recvVal);
      }
      const refs = [...(x.ids ?? []), ...(x.self ?? []).map((s) => `self.${s}`), ...(x.dots ?? []).map((d) => d.split('.')[0]!)];
      for (const d of x.dots ?? []) {
        // A static member of one of the module's types: HealthTypes.readTypes.
        const [base, member] = d.split('.') as [string, string];
        if (!/^[A-Z]/.test(base) || !this.m.hasProp(base, member) || seen.has(d)) continue;
        seen.add(d);
        const pm = this.m.propMetaGet(`${base}.${member}`);
        if (pm) { pm.hk.forEach((h) => types.add(h)); if (pm.hkUnresolved) unresolved = true; }
      }
      for (const r of refs) {
        if (seen.has(r)) continue;
        seen.add(r);
        if (/^[A-Z]/.test(r)) continue;
        const name = r.startsWith('self.') ? r.slice(5) : r;
        if (!r.startsWith('self.') && this.isLocal(name)) {
          const mm = this.localMeta(name);
          if (defs?.get(name)) for (const d of defs.get(name)!) visit(d);
          else if (mm && (mm.hk.length || mm.hkUnresolved)) { mm.hk.forEach((h) => types.add(h)); if (mm.hkUnresolved) unresolved = true; }
          else unresolved = true;
          continue;
        }
        const k = r.startsWith('self.') ? `${this.unit.type}.${name}` : this.propKeyFor(name);
        const pm = k ? this.m.propMetaGet(k) : undefined;
        if (pm && (pm.hk.length || pm.hkUnresolved)) { pm.hk.forEach((h) => types.add(h)); if (pm.hkUnresolved) unresolved = true; }
        else unresolved = true;
      }
    };
    visit(v);
    return { types: [...types].sort(), unresolved };
  }

  private span(s: Span, note: string): FlowStep { return step(this.file, s, note); }

  private event(ev: Ev): void {
    switch (ev.k) {
      case 'lam': {
        const given = this.lamParams.get(ev.id) ?? [];
        ev.params.forEach((p, i) => {
          let t = given[i] ?? [];
          const seed = this.writeSeeds.get(p);
          if (seed) t = union(t, [seed]);
          this.env.set(p, t.length ? withStep(t, this.span(ev.span, `closure parameter ${p}`)) : t);
        });
        return;
      }
      case 'def': {
        const t = this.taintOf(ev.val);
        for (const n of ev.names) {
          const seed = this.writeSeeds.get(n);
          let tn = seed ? union(t, [seed]) : t;
          if (ev.how === 'assign' && !this.isLocal(n)) {
            // `name = v` on a stored property of this type.
            const k = this.propKeyFor(n);
            if (k) { this.store(k, tn, this.metaOf(ev.val), ev.span, n); this.wrappedStore(k, tn, ev.span, undefined); }
            continue;
          }
          tn = withStep(tn, this.span(ev.span, ev.how === 'for' ? `element ${n}` : ev.how === 'bind' ? `bound to ${n}` : `assigned to ${n}`));
          this.env.set(n, ev.how === 'assign' ? union(this.env.get(n) ?? [], tn) : tn);
          // What the variable was built as is worked out only if something asks (localMeta).
          const vals = ev.how === 'assign' ? this.metaVals.get(n) ?? [] : [];
          vals.push(ev.val);
          this.metaVals.set(n, vals);
          this.meta.delete(n);
        }
        return;
      }
      case 'store': return this.storeEv(ev);
      case 'ret': {
        const t = this.taintOf(ev.val);
        if (ev.lam !== undefined) this.lamRets.set(ev.lam, union(this.lamRets.get(ev.lam) ?? [], t));
        else {
          this.summary.ret = union(this.summary.ret, withStep(t, this.span(ev.span, `returned from ${this.unit.name}()`)));
          const meta = this.metaOf(ev.val);
          this.summary.retMeta = mergeMeta(this.summary.retMeta, meta);
          // A computed property's value is the property's value.
          if (this.unit.params.length === 0 && this.m.hasProp(this.unit.type, this.unit.name)) this.m.propAdd(`${this.unit.type}.${this.unit.name}`, t, meta);
        }
        return;
      }
      case 'call': return this.callEv(ev);
    }
  }

  private store(key: string, t: Taint, meta: Meta, s: Span, name: string): void {
    const stepped = withStep(t, this.span(s, `stored in ${key.startsWith('.') ? key.slice(1) : key}`));
    this.m.propAdd(key, stepped, meta);
    for (const l of t) if (l.src < 0) this.summary.props.push({ param: -l.src - 1, key, steps: stepped.find((x) => x.src === l.src)!.steps });
    void name;
  }

  private storeEv(ev: Extract<Ev, { k: 'store' }>): void {
    let t = this.taintOf(ev.val);
    const meta = this.metaOf(ev.val);
    // Handlers assigned after construction: query.initialResultsHandler = { _, collection, _ in ... }.
    if (ev.member && this.m.cat.hk.queries.handlerProperties.includes(ev.member)) {
      const baseMeta = this.localMeta(ev.base);
      if (baseMeta.ctors.some((c) => this.m.cat.queryClasses.has(c))) {
        const src = this.m.source('healthkit-read', `${baseMeta.ctors.find((c) => this.m.cat.queryClasses.has(c))} ${ev.member}`, this.file, ev.span, baseMeta.hk);
        // As for handlers passed at construction: the query and the error parameter carry no health data.
        for (const lam of ev.val.lams ?? []) {
          const params = this.lamEvents.get(lam)?.params;
          this.lamParams.set(lam, params
            ? params.map((p, i) => (i === 0 || ERRORISH.test(p) ? [] : [{ src, steps: null }]))
            : [[], [{ src, steps: null }], [{ src, steps: null }], [{ src, steps: null }]]);
        }
      }
    }
    // A dictionary or array property filled through a subscript (self.daily[date] = v, or daily[date] = v
    // with an implicit self): the property now carries the value.
    if (ev.isSubscript && t.length && this.unit.type) {
      const m = /^(?:self[?!]?\.)?([A-Za-z_]\w*)\[\]$/.exec(ev.target);
      const name = m?.[1];
      const key = name && (ev.target.startsWith('self') || !this.isLocal(name)) ? this.propKeyFor(name) : undefined;
      if (key) this.store(key, t, meta, ev.span, name!);
    }
    if (ev.base === 'self' && ev.member && this.unit.type) {
      const key = `${this.unit.type}.${ev.member}`;
      this.store(key, t, meta, ev.span, ev.member);
      this.wrappedStore(key, t, ev.span, ev.conds);
      return;
    }
    // Sinks reached by assignment: UIPasteboard.general.string = v, record["k"] = v, GADRequest().keywords = v.
    if (t.length) {
      const baseMeta = this.isLocal(ev.base) ? this.localMeta(ev.base) : (this.propKeyFor(ev.base) ? this.m.propMetaGet(this.propKeyFor(ev.base)!) : undefined);
      for (const spec of this.m.cat.storeSinks) {
        const byPath = spec.assign?.some((a) => ev.target.replace(/[?!]/g, '') === a);
        const bySubscript = ev.isSubscript && spec.subscriptAssign?.some((c) => baseMeta?.ctors.includes(c) || baseMeta?.types.includes(c));
        if (spec.modules && !this.ir.imports.some((i) => spec.modules!.includes(i.module))) continue;
        const props = spec.properties;
        const byProp = !!ev.member && !!props?.includes(ev.member) && spec.receivers?.some((r) => baseMeta?.ctors.includes(r.replace(/\(\)$/, '')) || receiverMatches(ev.target.slice(0, ev.target.length - ev.member!.length - 1), r));
        if (byPath || bySubscript || byProp) this.sinkHit(spec, t, ev.span, ev.conds, ev.target, undefined);
      }
    }
    if (this.isLocal(ev.base)) {
      // Mutating a local object (request.httpBody = data): the object now carries the data.
      const stepped = withStep(t, this.span(ev.span, `stored in ${ev.target}`));
      this.env.set(ev.base, union(this.env.get(ev.base) ?? [], stepped));
      this.metaExtra.set(ev.base, mergeMeta(this.metaExtra.get(ev.base) ?? EMPTY_META, { ...meta, ctors: [] }));
      this.meta.delete(ev.base);
      return;
    }
    const k = this.propKeyFor(ev.base);
    if (k) this.store(k, t, meta, ev.span, ev.base);
    else if (ev.member) for (const owner of this.m.ownersOf(ev.member) ?? []) this.store(`${owner}.${ev.member}`, t, meta, ev.span, ev.member);
    t = [];
  }

  /** @AppStorage / @SceneStorage properties are UserDefaults underneath. */
  private wrappedStore(key: string, t: Taint, s: Span, conds: string[] | undefined): void {
    const w = this.m.wrapperOf(key);
    if (!w || !t.length) return;
    for (const spec of this.m.cat.sinks) {
      if (spec.assignWrapped?.some((x) => w.wrappers.includes(x))) this.sinkHit(spec, t, s, conds, `@${w.wrappers[0]} ${key}`, undefined);
    }
  }

  private sinkHit(spec: SwiftSinkSpec, t: Taint, s: Span, conds: string[] | undefined, what: string, host: string | undefined, hostClass?: { category: TaintSink['category']; vendor?: string }): void {
    const sink: TaintSink = {
      category: hostClass?.category ?? spec.category,
      recipient: { kind: spec.kind, category: hostClass?.category ?? spec.category },
      api: what,
      location: loc(this.file, s),
    };
    const vendor = hostClass?.vendor ?? spec.vendor;
    if (vendor) sink.recipient.vendor = vendor;
    if (host) sink.recipient.host = host;
    const tail = pushStep(null, this.span(s, `reaches ${what}`));
    for (const l of t) {
      if (l.src >= 0) this.m.addFlow(l, sink, tail, conds);
      else {
        const gate = conds?.find((c) => this.m.isGate(c));
        const entry: Summary['sinks'][number] = { param: -l.src - 1, sink, steps: pushSteps(l.steps, tail) };
        const guard = l.guard ?? (gate ? { status: 'consented' as const, name: gate } : undefined);
        if (guard) entry.guard = guard;
        this.summary.sinks.push(entry);
      }
    }
  }

  private callEv(ev: CallEv): void {
    const argT = ev.args.map((a) => this.taintOf(a.val));
    const recvT = ev.recvVal ? this.taintOf(ev.recvVal) : [];
    if (this.isPlainCall(ev)) {
      // A library call no rule looks at (Text, padding, Date, map): its result carries its inputs' data.
      let t: Taint = recvT;
      for (const a of argT) t = union(t, a);
      // Closures given to a call on tainted data see that data (samples.map { ... }, publisher.sink { ... }).
      const given = recvT.length ? recvT : ev.recv === undefined ? t : [];
      if (given.length) for (const l of ev.lams) if (!this.lamParams.has(l.id)) this.lamParams.set(l.id, [given, given, given, given]);
      this.callResult.set(ev.id, t);
      if (/^[A-Z]/.test(ev.name)) this.callMeta.set(ev.id, { ...EMPTY_META, ctors: [ev.name] });
      return;
    }
    const recvBase = ev.recv?.split(/[.?!(]/)[0] ?? '';
    // What the receiver was built as: computed only for the few calls that ask (sinks, resolution, HealthKit).
    let recvMetaCache: Meta | undefined;
    const recvMetaOf = (): Meta => {
      if (recvMetaCache) return recvMetaCache;
      let m = ev.recvVal ? this.metaOf(ev.recvVal) : EMPTY_META;
      if (ev.recv && /^self[?!]?\./.test(ev.recv) && this.unit.type) {
        const member = ev.recv.replace(/^self[?!]?\./, '').split(/[.?!(]/)[0]!;
        m = mergeMeta(m, this.m.propMetaGet(`${this.unit.type}.${member}`));
      }
      return (recvMetaCache = m);
    };
    let result: Taint = [];
    // The call's own meta; the arguments' HealthKit types and URLs are added lazily by callMetaOf.
    let meta: Meta = /^[A-Z]/.test(ev.name) ? { ...EMPTY_META, ctors: [ev.name] } : EMPTY_META;
    const cat = this.m.cat;
    const hk = cat.hk;
    let isHandled = false;

    // --- HealthKit sources and API uses ---
    if (cat.queryClasses.has(ev.name)) {
      isHandled = true;
      const typeArg = ev.args.filter((a) => a.label && hk.queries.typeArguments.includes(a.label));
      const types = new Set<string>();
      let unresolved = false;
      for (const a of typeArg) { const r = this.hkTypes(a.val); r.types.forEach((x) => types.add(x)); unresolved ||= r.unresolved; }
      meta = { ...meta, hk: [...types], hkUnresolved: unresolved && types.size === 0 };
      if (hk.queries.observer.includes(ev.name)) {
        if (this.m.final) this.m.codeUsage.healthkit.push({ kind: 'observe', library: 'HealthKit', api: ev.name, healthTypes: [...types], location: loc(this.file, ev.span) });
      } else {
        const isClinical = [...types].some((x) => x.startsWith('HKClinicalTypeIdentifier'));
        const src = this.m.source('healthkit-read', ev.name, this.file, ev.span, [...types]);
        if (this.m.final) this.m.codeUsage.healthkit.push({ kind: isClinical ? 'clinical-read' : 'read', library: 'HealthKit', api: ev.name, healthTypes: [...types], location: loc(this.file, ev.span) });
        for (const l of ev.lams) {
          const lamEv = this.lamEvents.get(l.id);
          this.lamParams.set(l.id, (lamEv?.params ?? []).map((p, i) => (i === 0 || ERRORISH.test(p) ? [] : [{ src, steps: null }])));
        }
      }
    } else if (cat.descriptorClasses.has(ev.name)) {
      isHandled = true;
      const types = new Set<string>();
      for (const a of ev.args) this.hkTypes(a.val).types.forEach((x) => types.add(x));
      meta = { ...meta, hk: [...types] };
    } else if (hk.descriptors.methods.includes(ev.name) && ev.args[0]?.label === 'for' && (recvMetaOf().ctors.some((c) => cat.descriptorClasses.has(c)))) {
      isHandled = true;
      const d = recvMetaOf().ctors.find((c) => cat.descriptorClasses.has(c))!;
      const types = recvMetaOf().hk;
      const isClinical = types.some((x) => x.startsWith('HKClinicalTypeIdentifier'));
      const src = this.m.source('healthkit-read', `${d}.${ev.name}(for:)`, this.file, ev.span, types);
      if (this.m.final) this.m.codeUsage.healthkit.push({ kind: isClinical ? 'clinical-read' : 'read', library: 'HealthKit', api: `${d}.${ev.name}(for:)`, healthTypes: [...types], location: loc(this.file, ev.span) });
      result = [{ src, steps: null }];
    } else if (Object.hasOwn(hk.characteristics, ev.name) && ev.args.every((a) => /^(&|nil$|NULL$)/.test(a.text)) && ev.recv !== undefined && !/^self$/.test(ev.recv)) {
      isHandled = true;
      const type = hk.characteristics[ev.name]!;
      const src = this.m.source('healthkit-read', `HKHealthStore.${ev.name}()`, this.file, ev.span, [type]);
      if (this.m.final) this.m.codeUsage.healthkit.push({ kind: 'characteristic-read', library: 'HealthKit', api: `${ev.name}()`, healthTypes: [type], location: loc(this.file, ev.span) });
      result = [{ src, steps: null }];
    } else if (hk.authorization.methods.includes(ev.name) && ev.args.some((a) => a.label && [...hk.authorization.shareLabels, ...hk.authorization.readLabels].includes(a.label))
      || hk.authorization.modifiers.includes(ev.name)) {
      isHandled = true;
      this.authorization(ev);
    } else if (hk.backgroundDelivery.includes(ev.name)) {
      isHandled = true;
      const r = this.hkTypes(ev.args[0]?.val ?? {});
      if (this.m.final) this.m.codeUsage.healthkit.push({ kind: 'background-delivery', library: 'HealthKit', api: ev.name, healthTypes: r.types, location: loc(this.file, ev.span) });
    } else if (hk.authorizationStatus.includes(ev.name) && (ev.args[0]?.label === 'for' || ev.args[0]?.label === 'type')) {
      isHandled = true;
      const r = this.hkTypes(ev.args[0].val);
      if (this.m.final) {
        this.m.codeUsage.healthkit.push({ kind: 'authorization-status', library: 'HealthKit', api: ev.name, healthTypes: r.types, location: loc(this.file, ev.span) });
        this.m.statusChecks.push({ types: r.types, location: loc(this.file, ev.span) });
      }
    }

    // --- CoreMotion and CoreBluetooth ---
    if (MOTION_CALLS.has(ev.name) && ev.lams.length) {
      const what = /Activity/.test(ev.name) ? 'CMMotionActivityManager' : 'CMPedometer';
      const src = this.m.source('motion', `${what}.${ev.name}`, this.file, ev.span, []);
      if (this.m.final) this.m.codeUsage.motion.push({ library: 'CoreMotion', api: `${what}.${ev.name}`, location: loc(this.file, ev.span) });
      for (const l of ev.lams) {
        const lamEv = this.lamEvents.get(l.id);
        this.lamParams.set(l.id, (lamEv?.params ?? []).map((p) => (ERRORISH.test(p) ? [] : [{ src, steps: null }])));
      }
      isHandled = true;
    }
    if (MOTION_CLASSES.has(ev.name)) this.m.codeUsage.motion.push({ library: 'CoreMotion', api: ev.name, location: loc(this.file, ev.span) });
    if (BLE_CLASSES.has(ev.name)) this.m.codeUsage.bluetooth.push({ library: 'CoreBluetooth', api: ev.name, location: loc(this.file, ev.span) });

    // --- NotificationCenter as a hop ---
    if (ev.name === 'post' && (recvBase === 'NotificationCenter' || ev.recv?.includes('NotificationCenter'))) {
      const nameArg = ev.args.find((a) => a.label === 'name');
      const info = ev.args.filter((a) => a.label === 'userInfo' || a.label === 'object');
      if (nameArg && info.length) {
        const t = info.reduce((acc, a) => union(acc, this.taintOf(a.val)), [] as Taint);
        this.m.notifAdd(nameArg.text.replace(/^name:\s*/, ''), withStep(t, this.span(ev.span, `posted as ${nameArg.text.replace(/^name:\s*/, '')}`)));
      }
      isHandled = true;
    } else if (/^(addObserver|publisher|notifications)$/.test(ev.name) && (ev.recv?.includes('NotificationCenter') ?? false)) {
      const nameArg = ev.args.find((a) => a.label === 'forName' || a.label === 'for' || a.label === 'named' || a.label === 'name');
      const t = nameArg ? this.m.notifGet(nameArg.text.replace(/^(forName|for|named|name):\s*/, '')) ?? [] : [];
      if (t.length) {
        for (const l of ev.lams) this.lamParams.set(l.id, [t]);
        result = union(result, t);
      }
      isHandled = true;
    }

    // --- sanitizers, configured sinks, catalog sinks ---
    if (this.m.isSanitizer(ev.name)) {
      let t: Taint = recvT;
      for (const a of argT) t = union(t, a);
      result = withGuard(t, { status: 'sanitized', name: ev.name });
      this.finishCall(ev, result, meta);
      return;
    }
    const cfgSink = this.m.configSink(ev.name);
    if (cfgSink) {
      let t: Taint = [];
      for (const a of argT) t = union(t, a);
      this.sinkHit({ api: ev.name, category: cfgSink.category, kind: recipientKindFor(cfgSink.category) }, t, ev.span, ev.conds, `${ev.name}()`, undefined);
      isHandled = true;
    }
    if (!isHandled && this.m.cat.sinksForCall(ev.name)) isHandled = this.catalogSinks(ev, argT, recvT, recvMetaOf());

    // --- calls of the module's own functions ---
    const refs = this.m.hasFunction(ev.name) ? this.resolve(ev, recvBase, recvMetaOf()) : (this.m.functions(ev.name), undefined);
    let isModuleCall = false;
    for (const ref of refs ?? []) {
      const s = this.m.summary(ref.unit);
      if (!s) continue;
      isModuleCall = true;
      const map = matchArgs(ref.unit, ev);
      const hop = this.span(ev.span, `passed to ${ev.name}()`);
      const argOf = (p: number): Taint => { const j = map.get(p); return j === undefined ? [] : argT[j]!; };
      for (const l of s.ret) {
        if (l.src >= 0) result = union(result, [{ ...l, steps: pushStep(l.steps, this.span(ev.span, `result of ${ev.name}()`)) }]);
        else result = union(result, argOf(-l.src - 1).map((a) => ({ ...a, steps: pushSteps(pushStep(a.steps, hop), l.steps), guard: a.guard ?? l.guard })));
      }
      meta = mergeMeta(meta, s.retMeta);
      for (const sk of s.sinks) {
        for (const a of argOf(sk.param)) {
          const lab: Label = { ...a, steps: pushStep(a.steps, hop) };
          if (sk.guard && !lab.guard) lab.guard = sk.guard;
          if (a.src >= 0) this.m.addFlow(lab, sk.sink, sk.steps, ev.conds);
          else this.summary.sinks.push({ param: -a.src - 1, sink: sk.sink, steps: pushSteps(lab.steps, sk.steps), ...(lab.guard ? { guard: lab.guard } : {}) });
        }
      }
      for (const pr of s.props) {
        const t = argOf(pr.param).map((a) => ({ ...a, steps: pushSteps(pushStep(a.steps, hop), pr.steps) }));
        this.m.propAdd(pr.key, t);
        for (const a of t) if (a.src < 0) this.summary.props.push({ param: -a.src - 1, key: pr.key, steps: a.steps });
      }
      // Closures passed for parameters the callee calls: their parameters receive what it passes.
      for (const l of ev.lams) {
        const p = lamParam(ref.unit, l.label, ev);
        const given = p === undefined ? undefined : s.callbacks.get(p);
        if (!given) continue;
        const mapped = given.map((t) => t.flatMap((x) => (x.src >= 0 ? [x] : argOf(-x.src - 1).map((a) => ({ ...a, steps: pushSteps(pushStep(a.steps, hop), x.steps) })))));
        const prev = this.lamParams.get(l.id) ?? [];
        this.lamParams.set(l.id, mapped.map((t, i) => union(prev[i] ?? [], t)));
      }
    }

    // A parameter called as a function (completion(values)).
    const pi = ev.recv === undefined ? this.unit.params.findIndex((p) => p.name === ev.name) : -1;
    if (pi >= 0) {
      const prev = this.summary.callbacks.get(pi) ?? [];
      this.summary.callbacks.set(pi, argT.map((t, i) => union(prev[i] ?? [], withStep(t, this.span(ev.span, `passed to ${ev.name}`)))));
    }

    if (!isModuleCall && !isHandled) {
      // Unknown calls pass their receiver's and arguments' data through (map, Int(x), String(format:), ...).
      let t: Taint = recvT;
      for (const a of argT) t = union(t, a);
      result = union(result, t);
      // Closures given to a call on tainted data see that data (samples.map { ... }, publisher.sink { ... }).
      if (recvT.length || (ev.recv === undefined && argT.some((a) => a.length))) {
        const given = recvT.length ? recvT : argT.reduce((acc, a) => union(acc, a), [] as Taint);
        for (const l of ev.lams) if (!this.lamParams.has(l.id)) this.lamParams.set(l.id, [given, given, given, given]);
      }
      const rm = ev.recvVal ? recvMetaOf() : EMPTY_META;
      if (rm.hk.length) meta = { ...meta, hk: [...new Set([...meta.hk, ...rm.hk])] };
    }
    this.finishCall(ev, result, meta);
  }

  /**
   * The module's functions a call may reach, by name, narrowed by what is known of the receiver: this type's
   * own methods for `self` and bare calls, the receiver's type when its construction or annotation is known,
   * a type's static members for `Type.f()`. Unknown receivers keep every same-named function (conservative).
   */
  private resolve(ev: CallEv, recvBase: string, recvMeta: Meta): UnitRef[] | undefined {
    const all = this.m.functions(ev.name);
    if (!all) return undefined;
    const ofType = (t: string): UnitRef[] => all.filter((r) => r.unit.type === t);
    // With the receiver unknown, a name many types define (load, map, save) says little about which one
    // runs; such calls are treated like library calls (data passes through) rather than joined over all.
    const unlessAmbiguous = (refs: UnitRef[]): UnitRef[] | undefined => (refs.length <= MAX_UNTYPED_TARGETS ? refs : undefined);
    if (ev.recv === undefined || recvBase === 'self') {
      const own = ofType(this.unit.type);
      if (own.length) return own;
      const free = ofType('');
      return free.length ? free : ev.recv === undefined ? unlessAmbiguous(all) : undefined;
    }
    if (/^[A-Z]/.test(recvBase) && !this.isLocal(recvBase)) {
      const own = ofType(recvBase);
      return own.length ? own : undefined;
    }
    const known = [...recvMeta.ctors, ...recvMeta.types].map((t) => ofType(t)).find((x) => x.length);
    return known ?? unlessAmbiguous(all);
  }

  private isPlainCall(ev: CallEv): boolean {
    const n = ev.name;
    if (this.m.cat.callNames.has(n) || this.m.hasFunction(n) || this.m.isSanitizer(n) || this.m.configSink(n)) return false;
    if (ev.recv === undefined && this.unit.params.some((p) => p.name === n)) return false;
    // Calls not resolved to the module still register a dependency: a function of that name may appear later.
    this.m.functions(n);
    return true;
  }

  private finishCall(ev: CallEv, result: Taint, meta: Meta): void {
    this.callResult.set(ev.id, result);
    this.callMeta.set(ev.id, meta);
  }

  private catalogSinks(ev: CallEv, argT: Taint[], recvT: Taint, recvMeta: Meta): boolean {
    let isSink = false;
    for (const spec of this.m.cat.sinksForCall(ev.name) ?? []) {
      if (spec.modules && !this.ir.imports.some((i) => spec.modules!.includes(i.module))) continue;
      if (!this.specMatches(spec, ev, recvMeta)) continue;
      if (spec.unlessArgs && ev.args.some((a) => spec.unlessArgs!.some((u) => a.text.includes(u)))) { isSink = true; continue; }
      isSink = true;
      let t: Taint = spec.taintedReceiver ? recvT : [];
      if (!spec.taintedReceiver) {
        ev.args.forEach((_, j) => { if (!spec.args || spec.args.includes(j)) t = union(t, argT[j]); });
        // Lambdas passed to a sink call are not data.
      }
      if (!t.length) continue;
      let host: string | undefined;
      let hostClass: { category: TaintSink['category']; vendor?: string } | undefined;
      if (spec.network) {
        const urls = new Set<string>();
        for (const a of ev.args) this.metaOf(a.val).urls.forEach((u) => urls.add(u));
        host = [...urls].map(hostOf).find((h) => h !== undefined);
        hostClass = classifyHost(host, this.m.config.firstPartyHosts, this.m.catalog);
      }
      const what = spec.functions?.includes(ev.name) ? `${ev.name}()` : `${ev.recv ? `${ev.recv}.` : ''}${ev.name}()`;
      this.sinkHit(spec, t, ev.span, ev.conds, what, host, hostClass);
    }
    return isSink;
  }

  private specMatches(spec: SwiftSinkSpec, ev: CallEv, recvMeta: Meta): boolean {
    if (spec.functions?.includes(ev.name) && ev.recv === undefined) return true;
    if (!spec.methods?.includes(ev.name)) return false;
    if (spec.taintedReceiver && !spec.receivers) return ev.recv !== undefined;
    for (const r of spec.receivers ?? []) {
      if (receiverMatches(ev.recv, r)) return true;
      const bare = r.replace(/\(\)$/, '');
      if (recvMeta.ctors.includes(bare) || recvMeta.types.includes(bare)) return true;
      // Receivers reached through a stored property: `self.logger`, `logger` built by Logger(...).
      const base = ev.recv?.replace(/^self[?!]?\./, '').split(/[.?!(]/)[0];
      if (base && !this.isLocal(base)) {
        const k = this.propKeyFor(base);
        const pm = k ? this.m.propMetaGet(k) : undefined;
        if (pm && (pm.ctors.includes(bare) || pm.types.includes(bare))) return true;
      }
    }
    return false;
  }

  private authorization(ev: CallEv): void {
    if (!this.m.final) return;
    const hk = this.m.cat.hk;
    const share = ev.args.find((a) => a.label && hk.authorization.shareLabels.includes(a.label));
    const read = ev.args.find((a) => a.label && hk.authorization.readLabels.includes(a.label));
    const s = share ? this.hkTypes(share.val) : { types: [], unresolved: false };
    const r = read ? this.hkTypes(read.val) : { types: [], unresolved: false };
    const location = loc(this.file, ev.span);
    this.m.codeUsage.authorizations.push({
      library: 'HealthKit',
      location,
      read: r.types.map((identifier) => ({ identifier, location })),
      write: s.types.map((identifier) => ({ identifier, location })),
      hasUnresolved: s.unresolved || r.unresolved,
    });
    this.m.codeUsage.healthkit.push({ kind: 'authorization', library: 'HealthKit', api: ev.name, healthTypes: [...new Set([...s.types, ...r.types])].sort(), location });
  }
}


/** Parameter index -> argument index, by Swift's in-order labels (defaulted parameters may be skipped). */
function matchArgs(unit: UnitIR, ev: CallEv): Map<number, number> {
  const map = new Map<number, number>();
  let j = 0;
  unit.params.forEach((p, i) => {
    const a: Arg | undefined = ev.args[j];
    if (!a) return;
    const label = a.label ?? '_';
    if (label === p.label) { map.set(i, j); j++; }
  });
  return map;
}

/** The parameter a closure argument is passed for: by label, else (trailing) the last parameter. */
function lamParam(unit: UnitIR, label: string | undefined, ev: CallEv): number | undefined {
  if (label) {
    const i = unit.params.findIndex((p) => p.label === label);
    return i >= 0 ? i : undefined;
  }
  void ev;
  return unit.params.length ? unit.params.length - 1 : undefined;
}
