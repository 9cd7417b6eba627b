/**
 * Objective-C (.m / .mm / .h) through tree-sitter-objc, reduced to the same IR as Swift so that the same
 * analysis, catalogs and sinks apply. Selectors are read the way Swift imports them: the first selector
 * part loses its preposition tail (`logEventWithName:parameters:` -> `logEvent`, label `name`), `alloc` /
 * `init…` pairs become constructor calls, and common class prefixes are dropped from receivers
 * (`NSUserDefaults` -> `UserDefaults`, `FIRAnalytics` -> `Analytics`), as Swift's NS_SWIFT_NAME does.
 * Scope: sources, sinks and usage facts within the Objective-C files of an app; calls between Objective-C
 * and Swift are not followed.
 */
import { emptyUsage, type FrontEndInput, type FrontEndResult } from '../types.js';
import { analyzeSwiftModule } from './analyze.js';
import { swiftCatalog } from './catalog.js';
import { compactTree, type N } from './extract.js';
import { loadObjcParser, type Tree } from './grammar.js';
import { fileIR } from './files.js';
import { LineIndex } from '../../util/lines.js';
import { IR_VERSION, type Arg, type CallEv, type Ev, type FileIR, type ParamIR, type PropIR, type Span, type UnitIR, type Val } from './ir.js';

const PREFIXES = /^(NS|FIR|UI|GAD|AF)(?=[A-Z][a-z])/;
const SPLIT = /^(.*?[a-z0-9])(With|To|For|From|In|At|Of|Using)([A-Z]\w*)$/;

/** `logEventWithName` -> ["logEvent", "name"]; `setDouble` -> ["setDouble", undefined]. */
export function swiftName(selectorPart: string): [string, string | undefined] {
  if (/Error$/.test(selectorPart) && /WithError$/.test(selectorPart)) return [selectorPart.replace(/WithError$/, ''), undefined];
  const m = SPLIT.exec(selectorPart);
  if (!m) return [selectorPart, undefined];
  const rest = m[3]!;
  return [m[1]!, rest[0]!.toLowerCase() + rest.slice(1)];
}

function addAll(into: string[] | undefined, from: string[] | undefined): string[] | undefined {
  if (!from?.length) return into;
  return [...new Set([...(into ?? []), ...from])];
}

function merge(a: Val, b: Val): Val {
  for (const k of ['ids', 'self', 'dots', 'mem', 'urls', 'ctors', 'types'] as const) a[k] = addAll(a[k], b[k]);
  if (b.calls) a.calls = [...(a.calls ?? []), ...b.calls];
  if (b.lams) a.lams = [...(a.lams ?? []), ...b.lams];
  if (b.hk) a.hk = [...(a.hk ?? []), ...b.hk];
  return a;
}

class ObjcExtractor {
  private readonly lines: LineIndex;
  private readonly units: UnitIR[] = [];
  private readonly props: PropIR[] = [];
  private readonly imports: FileIR['imports'] = [];
  private events: Ev[] = [];
  private nextCall = 0;
  private nextLam = 0;
  private type = '';

  constructor(private readonly text: string) {
    this.lines = new LineIndex(text);
  }

  private pos(index: number): [number, number] {
    return this.lines.position(index);
  }

  private span(n: N): Span { const [l, c] = this.pos(n.s); const [el, ec] = this.pos(n.e); return [l, c, el, ec]; }
  private src(n: N): string { return this.text.slice(n.s, n.e); }

  run(root: N): Pick<FileIR, 'imports' | 'units' | 'props'> {
    this.walkTop(root);
    return { imports: this.imports, units: this.units, props: this.props };
  }

  private walkTop(n: N): void {
    for (const k of n.k) {
      if (k.t === 'preproc_include') {
        const path = k.k.find((x) => x.f === 'path');
        const m = path ? /^[<"]([\w+-]+)\//.exec(this.src(path)) : null;
        if (m) this.imports.push({ module: m[1]!, span: this.span(k) });
      } else if (k.t === 'module_import') {
        const path = k.k.find((x) => x.f === 'path');
        if (path) this.imports.push({ module: this.src(path).split('.')[0]!, span: this.span(k) });
      } else if (k.t === 'class_implementation' || k.t === 'class_interface' || k.t === 'category_implementation') {
        const id = k.k.find((x) => x.t === 'identifier');
        this.type = id ? this.src(id) : '';
        this.walkTop(k);
        this.type = '';
      } else if (k.t === 'implementation_definition') this.walkTop(k);
      else if (k.t === 'property_declaration') this.property(k);
      else if (k.t === 'method_definition') this.method(k);
      else if (k.t === 'function_definition') this.cFunction(k);
      else if (k.t.startsWith('preproc_')) this.walkTop(k);
    }
  }

  private property(n: N): void {
    const decl = n.k.find((k) => k.t === 'struct_declaration');
    const types: string[] = [];
    const names: string[] = [];
    const visit = (m: N): void => {
      for (const k of m.k) {
        if (k.t === 'type_identifier') types.push(this.src(k).replace(PREFIXES, ''), this.src(k));
        else if (k.t === 'identifier' && k.f === 'declarator') names.push(this.src(k));
        else visit(k);
      }
    };
    if (decl) visit(decl);
    for (const name of names) {
      this.props.push({ type: this.type, name, wrappers: [], span: this.span(n) });
      // The declared class is what the property holds: a receiver built by it (an HKHealthStore, a logger).
      const unit: UnitIR = { name: `${name}=`, type: this.type, params: [], events: [], span: this.span(n) };
      unit.events.push({ k: 'store', target: `self.${name}`, base: 'self', member: name, val: { types, ctors: types }, span: this.span(n) });
      this.units.push(unit);
    }
  }

  private method(n: N): void {
    const parts: string[] = [];
    const params: ParamIR[] = [];
    let pendingLabel: string | undefined;
    for (const k of n.k) {
      if (k.t === 'identifier' && (k.f === 'selector' || k.f === '')) {
        parts.push(this.src(k));
        pendingLabel = this.src(k);
      } else if (k.t === 'method_parameter') {
        const id = [...k.k].reverse().find((x) => x.t === 'identifier');
        const types: string[] = [];
        const tv = (m: N): void => { for (const x of m.k) { if (x.t === 'type_identifier') types.push(this.src(x).replace(PREFIXES, ''), this.src(x)); else tv(x); } };
        tv(k);
        if (id) params.push({ label: params.length === 0 ? '_' : pendingLabel ?? '_', name: this.src(id), types, span: this.span(k) });
      }
    }
    const [name] = swiftName(parts[0] ?? '<method>');
    const unit: UnitIR = { name, type: this.type, params, events: [], span: this.span(n) };
    this.events = unit.events;
    const body = n.k.find((k) => k.t === 'compound_statement');
    if (body) this.stmt(body);
    this.units.push(unit);
  }

  private cFunction(n: N): void {
    const decl = n.k.find((k) => k.f === 'declarator');
    const nameNode = decl?.k.find((k) => k.t === 'identifier');
    const unit: UnitIR = { name: nameNode ? this.src(nameNode) : '<function>', type: '', params: [], events: [], span: this.span(n) };
    this.events = unit.events;
    const body = n.k.find((k) => k.t === 'compound_statement');
    if (body) this.stmt(body);
    this.units.push(unit);
  }

  private stmt(n: N): void {
    switch (n.t) {
      case 'compound_statement': for (const k of n.k) this.stmt(k); return;
      case 'declaration': {
        for (const d of n.k) {
          if (d.t !== 'init_declarator') continue;
          const name = this.declName(d.k.find((k) => k.f === 'declarator'));
          const value = d.k.find((k) => k.f === 'value');
          const val = value ? this.expr(value) : {};
          const type = n.k.find((k) => k.f === 'type');
          if (type && /^[A-Z]/.test(this.src(type))) val.types = addAll(val.types, [this.src(type).replace(PREFIXES, ''), this.src(type)]);
          if (name) this.events.push({ k: 'def', names: [name], val, span: this.span(n), how: 'let' });
        }
        return;
      }
      case 'return_statement': {
        const e = n.k.find((k) => k.t !== 'comment');
        this.events.push({ k: 'ret', val: e ? this.expr(e) : {}, span: this.span(n) });
        return;
      }
      case 'comment': return;
      default:
        if (n.t.endsWith('_statement') || n.t === 'else_clause') { for (const k of n.k) if (k.t.endsWith('statement') || k.t === 'else_clause') this.stmt(k); else this.expr(k); return; }
        this.expr(n);
    }
  }

  private declName(n: N | undefined): string | undefined {
    if (!n) return undefined;
    if (n.t === 'identifier') return this.src(n);
    for (const k of n.k) { const r = this.declName(k); if (r) return r; }
    return undefined;
  }

  private expr(n: N): Val {
    switch (n.t) {
      case 'identifier': {
        const name = this.src(n);
        if (/^HK\w+TypeIdentifier\w+$/.test(name)) return { hk: [['id', name]] };
        if (name === 'self' || name === 'nil' || name === 'YES' || name === 'NO') return {};
        return { ids: [name] };
      }
      case 'field_expression': {
        const arg = n.k.find((k) => k.f === 'argument');
        const field = n.k.find((k) => k.f === 'field');
        const name = field ? this.src(field) : '';
        if (arg?.t === 'identifier') {
          const base = this.src(arg);
          return base === 'self' ? { self: [name] } : { dots: [`${base}.${name}`] };
        }
        const v = arg ? this.expr(arg) : {};
        v.mem = addAll(v.mem, [name]);
        return v;
      }
      case 'message_expression': return this.message(n);
      case 'call_expression': return this.cCall(n);
      case 'assignment_expression': {
        const left = n.k.find((k) => k.f === 'left');
        const right = n.k.find((k) => k.f === 'right');
        const val = right ? this.expr(right) : {};
        if (left?.t === 'identifier') this.events.push({ k: 'def', names: [this.src(left)], val, span: this.span(n), how: 'assign' });
        else if (left?.t === 'field_expression') {
          const target = this.src(left).replace(/\s+/g, '');
          const arg = left.k.find((k) => k.f === 'argument');
          const field = left.k.find((k) => k.f === 'field');
          this.events.push({ k: 'store', target: target.replace(/^self->/, 'self.'), base: arg ? this.src(arg).split(/[.[]/)[0]! : '', member: field ? this.src(field) : undefined, val, span: this.span(n) });
        }
        return val;
      }
      case 'block_literal': return { lams: [this.block(n)] };
      case 'string_literal': case 'string_expression': {
        const s = this.src(n).replace(/^@?"|"$/g, '');
        return /^https?:\/\//.test(s) ? { urls: [s] } : {};
      }
      case 'number_literal': case 'comment': case 'type_identifier': case 'primitive_type': return {};
      default: {
        const out: Val = {};
        for (const k of n.k) merge(out, this.expr(k));
        return out;
      }
    }
  }

  private block(n: N): number {
    const id = this.nextLam++;
    const params: string[] = [];
    const list = n.k.find((k) => k.t === 'parameter_list');
    for (const p of list?.k ?? []) { const name = this.declName(p.k.find((k) => k.f === 'declarator')); params.push(name ?? '_'); }
    this.events.push({ k: 'lam', id, params, span: this.span(n) });
    const body = n.k.find((k) => k.t === 'compound_statement');
    // Returns inside a block are the block's, not the method's.
    const saved = this.events;
    const inner: Ev[] = [];
    this.events = inner;
    if (body) this.stmt(body);
    this.events = saved;
    for (const ev of inner) this.events.push(ev.k === 'ret' && ev.lam === undefined ? { ...ev, lam: id } : ev);
    return id;
  }

  private receiverText(n: N): string {
    if (n.t === 'identifier') return this.src(n).replace(PREFIXES, '');
    if (n.t === 'field_expression') {
      const arg = n.k.find((k) => k.f === 'argument');
      const field = n.k.find((k) => k.f === 'field');
      return `${arg ? this.receiverText(arg) : ''}.${field ? this.src(field) : ''}`;
    }
    if (n.t === 'message_expression') {
      const recv = n.k.find((k) => k.f === 'receiver');
      const method = n.k.find((k) => k.f === 'method');
      const [name] = swiftName(method ? this.src(method) : '');
      // Class factories read as Swift's properties: [NSUserDefaults standardUserDefaults] -> UserDefaults.standard.
      const short = name.replace(/^standard(UserDefaults)?$/, 'standard').replace(/^default(Manager|Center|Store)$/, 'default').replace(/^generalPasteboard$/, 'general');
      return `${recv ? this.receiverText(recv) : ''}.${short}`;
    }
    return this.src(n).replace(/\s+/g, '');
  }

  private message(n: N): Val {
    const recv = n.k.find((k) => k.f === 'receiver');
    const parts: Array<{ label: string; args: N[] }> = [];
    for (const k of n.k) {
      if (k.f === 'receiver') continue;
      if (k.f === 'method') parts.push({ label: this.src(k), args: [] });
      else if (parts.length && k.t !== 'comment') parts.at(-1)!.args.push(k);
    }
    if (!parts.length) return recv ? this.expr(recv) : {};
    let [name, firstLabel] = swiftName(parts[0]!.label);
    let recvText: string | undefined;
    let recvVal: Val | undefined;
    // [[HKSampleQuery alloc] initWithSampleType:...] and [HKHealthStore new]: a constructor call.
    const allocOf = recv?.t === 'message_expression' ? this.allocTarget(recv) : undefined;
    if (allocOf && name === 'init') name = allocOf;
    else if (recv?.t === 'identifier' && name === 'new') name = this.src(recv);
    else if (recv && !(recv.t === 'identifier' && this.src(recv) === 'self')) { recvText = this.receiverText(recv); recvVal = this.expr(recv); }
    else if (recv) recvText = 'self';
    const args: Arg[] = [];
    const lams: CallEv['lams'] = [];
    const lamNodes: Array<{ node: N; label: string }> = [];
    parts.forEach((p, i) => {
      const label = i === 0 ? firstLabel : p.label;
      for (const a of p.args) {
        if (a.t === 'block_literal') { lamNodes.push({ node: a, label: label ?? p.label }); continue; }
        const arg: Arg = { val: this.expr(a), span: this.span(a), text: this.src(a).slice(0, 200) };
        if (label) arg.label = label;
        args.push(arg);
      }
    });
    const id = this.nextCall++;
    const ev: CallEv = { k: 'call', id, name, args, lams, span: this.span(n) };
    if (recvText !== undefined) ev.recv = recvText;
    if (recvVal && Object.keys(recvVal).length) ev.recvVal = recvVal;
    this.events.push(ev);
    for (const { node, label } of lamNodes) lams.push({ id: this.block(node), label });
    const out: Val = { calls: [id] };
    if (/^[A-Z]/.test(name)) out.ctors = [name];
    // [HKQuantityType quantityTypeForIdentifier:HKQuantityTypeIdentifierHeartRate] names a type.
    const hk = args.flatMap((a) => a.val.hk ?? []);
    if (hk.length) out.hk = hk;
    return out;
  }

  private allocTarget(n: N): string | undefined {
    const recv = n.k.find((k) => k.f === 'receiver');
    const method = n.k.find((k) => k.f === 'method');
    return recv?.t === 'identifier' && method && this.src(method) === 'alloc' ? this.src(recv) : undefined;
  }

  private cCall(n: N): Val {
    const fn = n.k.find((k) => k.f === 'function');
    const argList = n.k.find((k) => k.f === 'arguments');
    const args: Arg[] = [];
    const lamNodes: N[] = [];
    for (const a of argList?.k ?? []) {
      if (a.t === 'comment') continue;
      if (a.t === 'block_literal') { lamNodes.push(a); continue; }
      args.push({ val: this.expr(a), span: this.span(a), text: this.src(a).slice(0, 200) });
    }
    const id = this.nextCall++;
    const ev: CallEv = { k: 'call', id, name: fn ? this.src(fn) : '()', args, lams: [], span: this.span(n) };
    this.events.push(ev);
    for (const l of lamNodes) ev.lams.push({ id: this.block(l) });
    return { calls: [id] };
  }
}

export function extractObjc(tree: Tree, text: string, errors: number, firstError?: { line: number; column: number }): FileIR {
  const root = compactTree(tree.rootNode, tree);
  const { imports, units, props } = new ObjcExtractor(text).run(root);
  const ir: FileIR = { version: IR_VERSION, imports, units, props, errors, isHealthBle: /\b(2A37|2A35|2A18|2A1C|2A9D|180D|1810|1808)\b|\bHK[A-Z]/.test(text) };
  if (firstError) ir.firstError = firstError;
  return ir;
}

export async function analyzeObjc(input: FrontEndInput): Promise<FrontEndResult> {
  if (input.files.length === 0) return { flows: [], usage: emptyUsage(), filesAnalyzed: 0 };
  const grammar = await loadObjcParser();
  const swift = swiftCatalog(input.catalog);
  const { errorSummary } = await import('./parse.js');
  const files: Array<{ file: string; ir: FileIR }> = [];
  for (const file of [...input.files].sort()) {
    const ir = fileIR(input, file, grammar.name, (text) => {
      const tree = grammar.parser.parse(text);
      try {
        const s = errorSummary(tree.rootNode);
        return extractObjc(tree, text, s.errors, s.first);
      } finally {
        tree.delete();
      }
    });
    if (ir) files.push({ file, ir });
  }
  const { flows, usage } = analyzeSwiftModule({ files, catalog: input.catalog, swift, config: input.config, language: 'objc' });
  return { flows, usage, filesAnalyzed: files.length };
}
