/**
 * Walks a tree-sitter-swift tree once (through a TreeCursor, the cheapest way across the WASM boundary) into
 * a compact JS tree, then reduces that to the FileIR of ir.ts.
 */
import type { SyntaxNode, Tree } from './grammar.js';

/** Members that give a collection's size or emptiness, never its elements. */
const COLLECTION_SIZE = new Set(['count', 'isEmpty', 'startIndex', 'endIndex', 'indices', 'capacity', 'underestimatedCount']);
import { LineIndex } from '../../util/lines.js';
import {
  IR_VERSION, type Arg, type CallEv, type Ev, type FileIR, type ParamIR, type PropIR, type Span, type UnitIR, type Val,
} from './ir.js';

/** A named node (and the anonymous `=`), with its type and field name interned as strings. */
export interface N {
  t: string;
  f: string;
  s: number;
  e: number;
  k: N[];
}

const NO_KIDS: N[] = [];
const MAX_DEPTH = 600;

interface LanguageTables {
  types: string[];
  named: boolean[];
  fields: string[];
  /** Node types kept without their children (type syntax). */
  leafTypes: boolean[];
}

const TEXT_ONLY = new Set([
  'user_type', 'array_type', 'dictionary_type', 'optional_type', 'function_type', 'tuple_type', 'opaque_type',
  'existential_type', 'type_arguments', 'type_parameters', 'type_constraints', 'metatype', 'protocol_composition_type',
  'inheritance_specifier', 'comment', 'multiline_comment', 'type_annotation', 'value_binding_pattern',
  // Read by their text only (the member name, the argument label, the imported module).
  'navigation_suffix', 'value_argument_label', 'identifier',
]);
const tablesCache = new WeakMap<object, LanguageTables>();

function tablesFor(tree: Tree): LanguageTables {
  const lang = tree.getLanguage() as unknown as {
    nodeTypeCount: number; nodeTypeForId(id: number): string | null; nodeTypeIsNamed(id: number): boolean;
    fields: Array<string | null>;
  };
  let t = tablesCache.get(lang);
  if (!t) {
    const types: string[] = [];
    const named: boolean[] = [];
    for (let i = 0; i < lang.nodeTypeCount; i++) {
      const name = lang.nodeTypeForId(i) ?? '';
      types.push(name);
      named.push(lang.nodeTypeIsNamed(i) || name === '=');
    }
    t = { types, named, fields: lang.fields.map((f) => f ?? ''), leafTypes: types.map((x) => TEXT_ONLY.has(x)) };
    tablesCache.set(lang, t);
  }
  return t;
}

/** One cursor pass: the only part of the Swift front end that crosses into WASM per node. */
export function compactTree(root: SyntaxNode, tree: Tree): N {
  const { types, named, fields, leafTypes } = tablesFor(tree);
  const c = root.walk();
  let depth = 0;
  // Every cursor read crosses into WASM (and copies the cursor there first): the type id is read once per
  // node, by the parent's loop, and passed down.
  const rec = (typeId: number): N => {
    const node: N = { t: types[typeId]!, f: fields[c.currentFieldId] ?? '', s: c.startIndex, e: c.endIndex, k: NO_KIDS };
    // Pathologically deep trees (generated code) are cut rather than overflowing the stack; type subtrees
    // are read as text (typeNames), so their nodes are not worth a walk across the WASM boundary.
    if (depth < MAX_DEPTH && !leafTypes[typeId] && c.gotoFirstChild()) {
      depth++;
      const kids: N[] = [];
      do {
        const id = c.nodeTypeId;
        if (named[id]) kids.push(rec(id));
      } while (c.gotoNextSibling());
      c.gotoParent();
      depth--;
      node.k = kids;
    }
    return node;
  };
  const out = rec(c.nodeTypeId);
  c.delete();
  return out;
}

const TYPE_DECLS = new Set(['class_declaration', 'protocol_declaration']);
const FUNC_DECLS = new Set(['function_declaration', 'init_declaration', 'subscript_declaration', 'deinit_declaration']);
const TYPE_NODES = new Set([
  'user_type', 'type_identifier', 'optional_type', 'array_type', 'dictionary_type', 'function_type', 'tuple_type',
  'opaque_type', 'existential_type', 'type_annotation', 'type_arguments', 'metatype', 'protocol_composition_type',
  'type_parameters', 'type_constraints', 'modifiers', 'attribute', 'value_binding_pattern', 'ownership_modifier',
]);
const LITERALS = new Set(['integer_literal', 'real_literal', 'boolean_literal', 'hex_literal', 'bin_literal', 'oct_literal', 'regex_literal', 'comment', 'multiline_comment']);
const HEALTH_UUID = /\b(180D|1810|1808|1809|181F|183A|181D|2A37|2A35|2A18|2A1C|2A9D|2A9C|2A5B|2A53|2A5E|2A5F|2A63|2AA7|2A36|2A34)\b/i;

function isExpression(n: N): boolean {
  return !n.t.endsWith('_statement') && !n.t.endsWith('_declaration') && n.t !== 'assignment' && n.t !== 'statements';
}

function addAll<T>(into: T[] | undefined, from: T[] | undefined): T[] | undefined {
  if (!from || from.length === 0) return into;
  if (!into) return [...from];
  for (const x of from) if (!into.includes(x)) into.push(x);
  return into;
}

function merge(a: Val, b: Val): Val {
  a.ids = addAll(a.ids, b.ids);
  a.self = addAll(a.self, b.self);
  a.dots = addAll(a.dots, b.dots);
  a.mem = addAll(a.mem, b.mem);
  a.calls = addAll(a.calls, b.calls);
  a.lams = addAll(a.lams, b.lams);
  if (b.hk) a.hk = [...(a.hk ?? []), ...b.hk];
  a.urls = addAll(a.urls, b.urls);
  a.types = addAll(a.types, b.types);
  return a;
}

class Extractor {
  private readonly lines: LineIndex;
  private readonly units: UnitIR[] = [];
  private readonly props: PropIR[] = [];
  private readonly imports: FileIR['imports'] = [];
  private nextCall = 0;
  private nextLam = 0;
  private events: Ev[] = [];
  private conds: string[] = [];
  private readonly callNames = new Map<number, string>();
  private readonly lamStack: Array<{ id: number; call: string }> = [];
  private topLevel: UnitIR | undefined;

  constructor(private readonly text: string) {
    this.lines = new LineIndex(text);
  }

  private pos(index: number): [number, number] {
    return this.lines.position(index);
  }

  span(n: N): Span {
    const [l, c] = this.pos(n.s);
    const [el, ec] = this.pos(n.e);
    return [l, c, el, ec];
  }

  src(n: N): string {
    return this.text.slice(n.s, n.e);
  }

  run(root: N): Pick<FileIR, 'imports' | 'units' | 'props'> {
    for (const child of root.k) this.top(child);
    return { imports: this.imports, units: this.units, props: this.props };
  }

  private top(n: N): void {
    if (n.t === 'import_declaration') {
      const id = n.k.find((k) => k.t === 'identifier');
      if (id) this.imports.push({ module: this.src(id).split('.')[0]!.trim(), span: this.span(n) });
      return;
    }
    if (TYPE_DECLS.has(n.t)) return this.typeDecl(n, '');
    if (FUNC_DECLS.has(n.t)) return this.funcDecl(n, '');
    if (n.t === 'property_declaration') return this.propDecl(n, '');
    // Top-level statements (main.swift, scripts, and what error recovery leaves at the top).
    if (!this.topLevel) {
      this.topLevel = { name: '<top-level>', type: '', params: [], events: [], span: this.span(n) };
      this.units.push(this.topLevel);
    }
    const saved = this.events;
    this.events = this.topLevel.events;
    if (n.t === 'statements') this.stmts(n); else this.stmt(n);
    this.events = saved;
  }

  private typeDecl(n: N, outer: string): void {
    const nameNode = n.k.find((k) => k.f === 'name');
    const name = nameNode ? this.src(nameNode).replace(/<.*$/s, '').split('.').pop()!.trim() : outer;
    const body = n.k.find((k) => k.f === 'body');
    if (!body) return;
    for (const m of body.k) {
      if (TYPE_DECLS.has(m.t)) this.typeDecl(m, name);
      else if (FUNC_DECLS.has(m.t)) this.funcDecl(m, name);
      else if (m.t === 'property_declaration') this.propDecl(m, name);
      else if (m.t === 'enum_entry' || m.t === 'typealias_declaration') continue;
      else if (m.t === 'statements' || m.t.endsWith('_statement') || m.t === 'call_expression') {
        // Error recovery can leave member code as loose statements; analyze them as an unnamed unit.
        this.withUnit({ name: `<${name} body>`, type: name, params: [], events: [], span: this.span(m) }, () => this.stmt(m));
      }
    }
  }

  private withUnit(unit: UnitIR, fn: () => void): void {
    const saved = { events: this.events, conds: this.conds, inUnit: this.inUnit, lams: this.lamStack.length };
    this.events = unit.events;
    this.conds = [];
    this.inUnit = false;
    fn();
    this.units.push(unit);
    this.events = saved.events;
    this.conds = saved.conds;
    this.inUnit = saved.inUnit;
    this.lamStack.length = saved.lams;
  }

  private funcDecl(n: N, type: string): void {
    const nameNode = n.k.find((k) => k.f === 'name' && k.t === 'simple_identifier');
    const name = n.t === 'init_declaration' ? 'init' : n.t === 'deinit_declaration' ? 'deinit'
      : n.t === 'subscript_declaration' ? 'subscript' : nameNode ? this.src(nameNode) : '<anonymous>';
    const params: ParamIR[] = [];
    for (const p of n.k) {
      if (p.t !== 'parameter') continue;
      const pname = p.k.find((k) => k.f === 'name' && k.t === 'simple_identifier');
      const ext = p.k.find((k) => k.f === 'external_name');
      if (!pname) continue;
      const types: string[] = [];
      for (const k of p.k) if (k.f === 'name' && k.t !== 'simple_identifier') this.typeNames(k, types);
      params.push({ label: ext ? this.src(ext) : this.src(pname), name: this.src(pname), types, span: this.span(p) });
    }
    const unit: UnitIR = { name, type, params, events: [], span: this.span(n) };
    this.withUnit(unit, () => {
      for (const p of n.k) {
        if (p.t === 'parameter') {
          // Default values are evaluated in the function.
          const dv = p.k.find((k) => k.f === 'default_value');
          if (dv) this.expr(dv);
        }
      }
      const body = n.k.find((k) => k.f === 'body' || k.t === 'function_body' || k.t === 'computed_property');
      if (body) this.block(body);
    });
  }

  private typeNames(n: N, out: string[]): void {
    if (n.t === 'type_identifier') { out.push(this.src(n)); return; }
    if (n.k.length === 0) {
      // A type subtree kept as text: every capitalized name in it (Set<HKObjectType> -> Set, HKObjectType).
      for (const m of this.src(n).matchAll(/\b[A-Z]\w*/g)) out.push(m[0]);
      return;
    }
    for (const k of n.k) this.typeNames(k, out);
  }

  private propDecl(n: N, type: string): void {
    const wrappers: string[] = [];
    let wrapperArg: string | undefined;
    const mods = n.k.find((k) => k.t === 'modifiers');
    for (const a of mods?.k ?? []) {
      if (a.t !== 'attribute') continue;
      const ut = a.k.find((k) => k.t === 'user_type');
      if (ut) wrappers.push(this.src(ut));
      const argExpr = a.k.find((k) => k.t !== 'user_type');
      if (argExpr && wrapperArg === undefined) wrapperArg = this.src(argExpr);
    }
    const names: N[] = [];
    for (const k of n.k) if (k.f === 'name' && k.t === 'pattern') this.boundIds(k, names);
    const annotated: string[] = [];
    for (const k of n.k) if (k.t === 'type_annotation') this.typeNames(k, annotated);
    const valueNode = n.k.find((k) => k.f === 'value');
    const computed = n.k.find((k) => k.f === 'computed_value' || k.t === 'computed_property');
    const observers = n.k.filter((k) => k.t === 'willset_didset_block');
    if (this.inUnit) {
      // A local `let` / `var`.
      const val: Val = valueNode ? this.expr(valueNode) : {};
      if (annotated.length) val.types = addAll(val.types, annotated);
      if (names.length) this.events.push({ k: 'def', names: names.map((x) => this.src(x)), val, span: this.span(n), how: 'let' });
      if (computed) this.block(computed);
      return;
    }
    for (const nm of names) {
      const prop: PropIR = { type, name: this.src(nm), wrappers, span: this.span(nm) };
      if (wrapperArg !== undefined) prop.wrapperArg = wrapperArg;
      this.props.push(prop);
    }
    if (valueNode || annotated.length) {
      // The initializer runs in its own unit so that calls and closures in it are analyzed.
      const unit: UnitIR = { name: `${names.map((x) => this.src(x)).join(',')}=`, type, params: [], events: [], span: this.span(n) };
      this.withUnit(unit, () => {
        this.inUnit = true;
        const val: Val = valueNode ? this.expr(valueNode) : {};
        if (annotated.length) val.types = addAll(val.types, annotated);
        for (const nm of names) {
          this.events.push({ k: 'store', target: `self.${this.src(nm)}`, base: 'self', member: this.src(nm), val, span: this.span(n) });
        }
        this.inUnit = false;
      });
      for (const p of this.props.slice(-names.length)) if (valueNode) p.val = {};
    }
    if (computed || observers.length) {
      const unit: UnitIR = { name: names.map((x) => this.src(x)).join(','), type, params: [], events: [], span: this.span(n) };
      this.withUnit(unit, () => {
        this.inUnit = true;
        if (computed) this.block(computed);
        for (const o of observers) this.block(o);
        this.inUnit = false;
      });
    }
  }

  private inUnit = false;

  private boundIds(n: N, out: N[]): void {
    if (n.t === 'simple_identifier' && (n.f === 'bound_identifier' || n.f === '' || n.f === 'name')) { out.push(n); return; }
    for (const k of n.k) if (!TYPE_NODES.has(k.t)) this.boundIds(k, out);
  }

  /** A function body, computed property or accessor: statements, maybe wrapped. */
  private block(n: N): void {
    const wasIn = this.inUnit;
    this.inUnit = true;
    for (const k of n.k) {
      if (k.t === 'statements' && k.k.length === 1 && isExpression(k.k[0]!)) {
        // A single-expression body returns its value (Swift 5.1 implicit return).
        const only = k.k[0]!;
        this.events.push({ k: 'ret', val: this.expr(only), span: this.span(only) });
      } else if (k.t === 'statements') this.stmts(k);
      else if (k.t === 'computed_getter' || k.t === 'computed_setter' || k.t === 'computed_modify' || k.t === 'willset_clause' || k.t === 'didset_clause') this.block(k);
      else if (!TYPE_NODES.has(k.t) && k.t !== 'simple_identifier') this.stmt(k);
    }
    this.inUnit = wasIn;
  }

  private stmts(n: N): void {
    const depth = this.conds.length;
    for (const k of n.k) this.stmt(k);
    // Guard conditions hold to the end of their block.
    this.conds.length = depth;
  }

  private stmt(n: N): void {
    switch (n.t) {
      case 'statements': return this.stmts(n);
      case 'property_declaration': return this.propDecl(n, '');
      case 'function_declaration': {
        // A nested function: its own unit, named as written.
        return this.funcDecl(n, '');
      }
      case 'class_declaration': case 'protocol_declaration': return this.typeDecl(n, '');
      case 'assignment': return this.assignment(n);
      case 'control_transfer_statement': {
        const result = n.k.find((k) => k.f === 'result');
        const val = result ? this.expr(result) : {};
        if (this.src(n).startsWith('return')) this.events.push({ k: 'ret', val, span: this.span(n), lam: this.lamStack.at(-1)?.id });
        return;
      }
      case 'if_statement': return this.conditional(n, false);
      case 'guard_statement': return this.conditional(n, true);
      case 'for_statement': {
        const ids: N[] = [];
        const item = n.k.find((k) => k.f === 'item');
        if (item) this.boundIds(item, ids);
        const coll = n.k.find((k) => k.f === 'collection');
        const val = coll ? this.expr(coll) : {};
        if (ids.length) this.events.push({ k: 'def', names: ids.map((x) => this.src(x)), val, span: this.span(n), how: 'for' });
        for (const k of n.k) if (k.t === 'statements') this.stmts(k); else if (k.f === 'where') this.expr(k);
        return;
      }
      case 'switch_statement': {
        const subject = n.k.find((k) => k.f === 'expr');
        const val = subject ? this.expr(subject) : {};
        for (const entry of n.k) {
          if (entry.t !== 'switch_entry') continue;
          const ids: N[] = [];
          for (const p of entry.k) if (p.t === 'switch_pattern') this.boundIds(p, ids);
          if (ids.length) this.events.push({ k: 'def', names: ids.map((x) => this.src(x)), val, span: this.span(entry), how: 'bind' });
          for (const s of entry.k) if (s.t === 'statements') this.stmts(s);
        }
        return;
      }
      case 'while_statement': case 'repeat_while_statement': case 'do_statement': case 'catch_block':
        return this.compound(n);
      default:
        if (LITERALS.has(n.t) || TYPE_NODES.has(n.t)) return;
        this.expr(n);
    }
  }

  /** Loops, do / catch and other statements whose parts are conditions and blocks. */
  private compound(n: N): void {
    for (const k of n.k) {
      if (k.t === 'statements') this.stmts(k);
      else if (k.t === 'catch_block' || k.t.endsWith('_statement')) this.stmt(k);
      else if (!TYPE_NODES.has(k.t) && !LITERALS.has(k.t)) this.expr(k);
    }
  }

  private conditional(n: N, isGuard: boolean): void {
    const names: string[] = [];
    let pending: N[] = [];
    let sawEq = false;
    const bodies: N[] = [];
    for (const k of n.k) {
      if (k.t === 'statements' || k.t === 'if_statement' || k.t === 'else') { bodies.push(k); continue; }
      if (k.f === 'bound_identifier') {
        if (pending.length && !sawEq) this.events.push({ k: 'def', names: pending.map((x) => this.src(x)), val: { ids: pending.map((x) => this.src(x)) }, span: this.span(k), how: 'bind' });
        pending = [k];
        sawEq = false;
        continue;
      }
      if (k.t === '=') { sawEq = true; continue; }
      if (k.t === 'value_binding_pattern') continue;
      if (k.f === 'condition' || k.f === '') {
        const before = this.nextCall;
        const val = this.expr(k);
        for (let id = before; id < this.nextCall; id++) names.push(this.callNames.get(id) ?? '');
        if (pending.length && sawEq) {
          this.events.push({ k: 'def', names: pending.map((x) => this.src(x)), val, span: this.span(k), how: 'bind' });
          pending = [];
          sawEq = false;
        } else if (k.t === 'pattern' || k.t.endsWith('pattern')) {
          const ids: N[] = [];
          this.boundIds(k, ids);
          pending = ids;
        }
      }
    }
    // `if let x {` shorthand binds x to itself.
    if (pending.length && !sawEq) this.events.push({ k: 'def', names: pending.map((x) => this.src(x)), val: { ids: pending.map((x) => this.src(x)) }, span: this.span(n), how: 'bind' });
    const gates = names.filter(Boolean);
    if (isGuard) {
      for (const b of bodies) this.blockOrStmt(b);
      this.conds.push(...gates);
      return;
    }
    let isThen = true;
    for (const b of bodies) {
      if (b.t === 'else') { isThen = false; continue; }
      const depth = this.conds.length;
      if (isThen) this.conds.push(...gates);
      this.blockOrStmt(b);
      this.conds.length = depth;
      if (b.t === 'statements') isThen = false;
    }
  }

  private blockOrStmt(n: N): void {
    if (n.t === 'statements') this.stmts(n); else if (n.t !== 'else') this.stmt(n);
  }

  private assignment(n: N): void {
    const target = n.k.find((k) => k.f === 'target');
    const result = n.k.find((k) => k.f === 'result');
    if (result?.t === 'lambda_literal' && target?.k[0]?.t === 'navigation_expression') {
      // A handler assigned to a member (query.initialResultsHandler = { ... }): the store comes first so the
      // closure's parameters are known when its body is analyzed.
      const t = target.k[0];
      const path = this.pathText(t);
      const suffix = t.k.find((k) => k.f === 'suffix');
      const member = suffix ? this.src(suffix).replace(/^[.?!]+/, '') : undefined;
      this.events.push({ k: 'store', target: path, base: path.split(/[.?![]/)[0] ?? path, member, val: { lams: [this.nextLam] }, span: this.span(n) });
      this.expr(result);
      return;
    }
    const val = result ? this.expr(result) : {};
    const t = target?.k[0] ?? target;
    if (!t) return;
    const span = this.span(n);
    if (t.t === 'simple_identifier') {
      this.events.push({ k: 'def', names: [this.src(t)], val, span, how: 'assign' });
      return;
    }
    if (t.t === 'navigation_expression') {
      const path = this.pathText(t);
      const suffix = t.k.find((k) => k.f === 'suffix');
      const member = suffix ? this.src(suffix).replace(/^[.?!]+/, '') : undefined;
      const base = path.split(/[.?![]/)[0] ?? path;
      // The receiver's own reads (a[f(x)].y = v) still run.
      const recv = t.k.find((k) => k.f === 'target');
      if (recv && recv.t !== 'self_expression' && recv.t !== 'simple_identifier') this.expr(recv);
      this.events.push({ k: 'store', target: path, base, member, val, span, conds: this.conds.length ? [...this.conds] : undefined });
      return;
    }
    if (t.t === 'call_expression') {
      // Subscript store: d["k"] = v, record["body"] = v.
      const callee = t.k[0];
      const suffix = t.k.find((k) => k.t === 'call_suffix');
      if (suffix) for (const a of suffix.k) this.expr(a);
      const base = callee ? this.pathText(callee) : '';
      this.events.push({ k: 'store', target: `${base}[]`, base: base.split(/[.?!]/)[0] ?? base, isSubscript: true, val, span, conds: this.conds.length ? [...this.conds] : undefined });
      return;
    }
    this.expr(t);
  }

  /** Receiver text with call arguments dropped: `Mixpanel.mainInstance()`, `self?.store`. */
  pathText(n: N): string {
    switch (n.t) {
      case 'simple_identifier': return this.src(n);
      case 'self_expression': return 'self';
      case 'super_expression': return 'super';
      case 'navigation_expression': {
        const target = n.k.find((k) => k.f === 'target');
        const suffix = n.k.find((k) => k.f === 'suffix');
        const name = suffix ? this.src(suffix).replace(/^[.?!\s]+/, '').trim() : '';
        return `${target ? this.pathText(target) : ''}.${name}`;
      }
      case 'call_expression': {
        const callee = n.k[0];
        return callee ? `${this.pathText(callee)}()` : '()';
      }
      case 'postfix_expression': case 'try_expression': case 'await_expression': case 'parenthesized_expression': {
        const inner = n.k.find((k) => !k.t.endsWith('_operator'));
        return inner ? this.pathText(inner) : this.src(n);
      }
      case 'prefix_expression': return this.src(n);
      default: return this.src(n).replace(/\s+/g, '');
    }
  }

  expr(n: N): Val {
    switch (n.t) {
      case 'simple_identifier': return { ids: [this.src(n)] };
      case 'self_expression': case 'super_expression': return {};
      case 'navigation_expression': return this.navigation(n);
      case 'call_expression': return this.call(n);
      case 'lambda_literal': {
        const id = this.lambda(n, '');
        return { lams: [id] };
      }
      case 'line_string_literal': case 'multi_line_string_literal': case 'raw_string_literal': return this.stringLit(n);
      case 'prefix_expression': {
        const op = this.src(n).trimStart();
        const target = n.k.find((k) => k.f === 'target');
        if (op.startsWith('.') && target?.t === 'simple_identifier') return { hk: [['?', this.src(target)]] };
        return target ? this.expr(target) : {};
      }
      case 'key_path_expression': case 'key_path_string_expression': return {};
      case 'statements': {
        const out: Val = {};
        n.k.forEach((k, i) => { if (i === n.k.length - 1) merge(out, this.expr(k)); else this.stmt(k); });
        return out;
      }
      case 'if_statement': case 'switch_statement':
        return this.branchValue(n);
      case 'guard_statement': case 'for_statement': case 'assignment': case 'control_transfer_statement':
      case 'property_declaration': case 'function_declaration': case 'class_declaration':
        this.stmt(n);
        return {};
      case 'while_statement': case 'repeat_while_statement': case 'do_statement': case 'catch_block':
        this.compound(n);
        return {};
      default: {
        if (LITERALS.has(n.t)) return {};
        if (TYPE_NODES.has(n.t)) {
          const types: string[] = [];
          this.typeNames(n, types);
          return types.length ? { types } : {};
        }
        const out: Val = {};
        for (const k of n.k) merge(out, this.expr(k));
        return out;
      }
    }
  }

  /** `if` / `switch` used as an expression: the value of its branches. */
  private branchValue(n: N): Val {
    const out: Val = {};
    const visit = (m: N): void => {
      for (const k of m.k) {
        if (k.t === 'statements') merge(out, this.expr(k));
        else if (k.t === 'switch_entry' || k.t === 'if_statement') visit(k);
        else if (k.f === 'condition' || k.f === 'expr') merge(out, this.expr(k));
      }
    };
    visit(n);
    return out;
  }

  private navigation(n: N): Val {
    const target = n.k.find((k) => k.f === 'target');
    const suffix = n.k.find((k) => k.f === 'suffix');
    const name = suffix ? this.src(suffix).replace(/^[.?!\s]+/, '').trim() : '';
    if (!target) return {};
    if (target.t === 'self_expression') return { self: [name] };
    // A collection's size is not health data (samples.count, readings.isEmpty), as `.length` is not in JS.
    if (COLLECTION_SIZE.has(name) && !/^self[?!]?$/.test(this.src(target))) return {};
    if (target.t === 'simple_identifier') {
      const base = this.src(target);
      const v: Val = { dots: [`${base}.${name}`] };
      if (/^HK\w*TypeIdentifier$/.test(base)) v.hk = [[base, name]];
      return v;
    }
    const v = this.expr(target);
    // self?.x and (self).x: still a self read.
    if (target.t !== 'call_expression' && /^self[?!]?$/.test(this.pathText(target))) return { self: [name] };
    v.mem = addAll(v.mem, [name]);
    return v;
  }

  private stringLit(n: N): Val {
    const out: Val = {};
    const parts = n.k;
    const isPrivate = parts.some((p) => p.t === 'interpolated_expression' && /^\s*privacy\s*:\s*\.(private|sensitive)\b/.test(this.src(p)));
    for (const p of parts) {
      if (p.t === 'interpolated_expression') {
        // `\(v, privacy: .private)`: the os log system redacts v; the label and the value are separate nodes.
        if (/^\s*privacy\s*:/.test(this.src(p)) || /^\s*(format|align)\s*:/.test(this.src(p))) continue;
        if (isPrivate && this.privateSiblingOf(parts, p)) continue;
        merge(out, this.expr(p));
      }
    }
    if (parts.length && !parts.some((p) => p.t === 'interpolated_expression')) {
      const s = this.src(n).replace(/^#*"+|"+#*$/g, '');
      if (/^https?:\/\//.test(s)) out.urls = [s];
    } else {
      const first = parts[0];
      if (first && first.t === 'line_str_text' && /^https?:\/\//.test(this.src(first))) out.urls = [this.src(first)];
    }
    return out;
  }

  /**
   * The value interpolation whose own `\( )` carries `privacy: .private` (or `.sensitive`), possibly after other
   * labelled arguments: `\(kg, format: .fixed(precision: 1), privacy: .private)`.
   */
  private privateSiblingOf(parts: N[], p: N): boolean {
    let prev = p;
    for (let i = parts.indexOf(p) + 1; i < parts.length; i++) {
      const next = parts[i]!;
      if (next.t !== 'interpolated_expression' || this.text.slice(prev.e, next.s).trim() !== ',') return false;
      if (/^\s*privacy\s*:\s*\.(private|sensitive)\b/.test(this.src(next))) return true;
      prev = next;
    }
    return false;
  }

  private call(n: N): Val {
    const callee = n.k[0];
    const suffixes = n.k.filter((k) => k.t === 'call_suffix');
    if (!callee) return {};
    if (callee.t === 'call_expression' && suffixes.every((sfx) => sfx.k.every((p) => p.t !== 'value_arguments'))) {
      // `HKSampleQuery(...) { ... }`: the grammar nests the trailing closure as a call of the call.
      const inner = this.call(callee);
      const innerId = inner.calls?.[0];
      let ev: CallEv | undefined;
      for (let i = this.events.length - 1; i >= 0; i--) {
        const e = this.events[i]!;
        if (e.k === 'call' && e.id === innerId) { ev = e; break; }
      }
      if (ev) {
        for (const sfx of suffixes) for (const part of sfx.k) {
          const lamNode = part.t === 'lambda_literal' ? part : part.t === 'annotated_lambda' ? part.k.find((k) => k.t === 'lambda_literal') : undefined;
          if (!lamNode) continue;
          const lbl = part.t === 'annotated_lambda' ? part.k.find((k) => k.t === 'simple_identifier') : undefined;
          const lamId = this.lambda(lamNode, ev.name);
          ev.lams.push(lbl ? { id: lamId, label: this.src(lbl) } : { id: lamId });
        }
        return inner;
      }
    }
    let name = '';
    let recv: string | undefined;
    let recvVal: Val | undefined;
    const out: Val = {};
    if (callee.t === 'simple_identifier') name = this.src(callee);
    else if (callee.t === 'navigation_expression') {
      const target = callee.k.find((k) => k.f === 'target');
      const suffix = callee.k.find((k) => k.f === 'suffix');
      name = suffix ? this.src(suffix).replace(/^[.?!\s]+/, '').trim() : '';
      if (target) {
        recv = this.pathText(target);
        recvVal = target.t === 'self_expression' ? {} : this.expr(target);
      }
    } else if (callee.t === 'user_type' || callee.t === 'type_identifier') {
      name = this.src(callee).replace(/<.*$/s, '');
    } else if (callee.t === 'prefix_expression') {
      // `.init(...)`, `.quantitySample(type:)`: an implicit member call.
      const t = callee.k.find((k) => k.f === 'target');
      name = t ? this.src(t) : '';
    } else {
      recvVal = this.expr(callee);
      name = '()';
    }
    const args: Arg[] = [];
    const lams: CallEv['lams'] = [];
    const lamNodes: Array<{ node: N; label?: string }> = [];
    let isSubscript = false;
    for (const s of suffixes) {
      for (const part of s.k) {
        if (part.t === 'value_arguments') {
          if (this.text[part.s] === '[') isSubscript = true;
          for (const a of part.k) {
            if (a.t !== 'value_argument') continue;
            const labelNode = a.k.find((k) => k.f === 'name');
            const label = labelNode ? this.src(labelNode).replace(/:$/, '').trim() : undefined;
            const valueNode = a.k.find((k) => k.f === 'value');
            if (valueNode?.t === 'lambda_literal') { lamNodes.push({ node: valueNode, label }); continue; }
            const val = valueNode ? this.expr(valueNode) : {};
            const arg: Arg = { val, span: this.span(a), text: this.src(a).slice(0, 200) };
            if (label) arg.label = label;
            args.push(arg);
          }
        } else if (part.t === 'lambda_literal') lamNodes.push({ node: part });
        else if (part.t === 'annotated_lambda') {
          const lam = part.k.find((k) => k.t === 'lambda_literal');
          const lbl = part.k.find((k) => k.t === 'simple_identifier');
          if (lam) lamNodes.push({ node: lam, label: lbl ? this.src(lbl) : undefined });
        } else if (part.t === 'simple_identifier' || part.t === 'value_argument_label') {
          // Label of a following trailing closure (multiple trailing closures).
          const next = s.k[s.k.indexOf(part) + 1];
          if (next?.t === 'lambda_literal') { lamNodes.push({ node: next, label: this.src(part) }); s.k.splice(s.k.indexOf(next), 1); }
        }
      }
    }
    const id = this.nextCall++;
    this.callNames.set(id, name);
    const ev: CallEv = { k: 'call', id, name, args, lams, span: this.span(n) };
    if (recv !== undefined) ev.recv = recv;
    if (recvVal && Object.keys(recvVal).length) ev.recvVal = recvVal;
    if (this.conds.length) ev.conds = [...this.conds];
    if (isSubscript) {
      // `data[1]`, `self.items[i]`, `dict["k"]`: the value comes out of the subscripted collection.
      ev.isSubscript = true;
      if (callee.t === 'simple_identifier') { ev.recv = name; ev.recvVal = { ids: [name] }; }
      else if (callee.t === 'navigation_expression') { ev.recv = this.pathText(callee); ev.recvVal = merge(ev.recvVal ?? {}, this.navigation(callee)); }
      ev.name = '[]';
    }
    this.events.push(ev);
    for (const { node, label } of lamNodes) {
      const lamId = this.lambda(node, name);
      lams.push(label ? { id: lamId, label } : { id: lamId });
    }
    out.calls = [id];
    if (/^[A-Z]/.test(name) && (recv === undefined || /^[A-Z]/.test(recv))) out.ctors = [recv && /^[A-Z]/.test(recv) && name === 'init' ? recv : name];
    // HealthKit type constants: HKQuantityType(.heartRate), HKObjectType.quantityType(forIdentifier: .stepCount)!.
    const firstArg = args[0];
    if (firstArg?.val.hk?.length) out.hk = firstArg.val.hk.map(([, swiftName]) => [name, swiftName] as [string, string]);
    else if (/^(workoutType|workoutRoute|heartbeat|audiogramSampleType|electrocardiogramType|activitySummaryType)$/.test(name)) out.hk = [['object', name]];
    if (recvVal?.hk && isSubscript) out.hk = recvVal.hk;
    // URLs built inline: URL(string: "https://...").
    for (const a of args) if (a.val.urls) out.urls = addAll(out.urls, a.val.urls);
    if (recvVal?.urls) out.urls = addAll(out.urls, recvVal.urls);
    return out;
  }

  /** Emits a closure: its parameters, then its body (which shares the enclosing function's variables). */
  private lambda(n: N, callName: string): number {
    const id = this.nextLam++;
    const params: string[] = [];
    const type = n.k.find((k) => k.f === 'type' || k.t === 'lambda_function_type');
    if (type) {
      const visit = (m: N): void => {
        for (const k of m.k) {
          if (k.t === 'lambda_parameter') {
            const nm = k.k.find((x) => x.f === 'name') ?? k.k.find((x) => x.t === 'simple_identifier');
            params.push(nm ? this.src(nm) : '_');
          } else if (k.t === 'lambda_function_type_parameters') visit(k);
          else if (k.t === 'simple_identifier' && m.t === 'lambda_function_type_parameters') params.push(this.src(k));
        }
      };
      visit(type);
    }
    const body = n.k.find((k) => k.t === 'statements');
    if (params.length === 0 && body && /\$\d/.test(this.src(body))) params.push('$0', '$1', '$2', '$3');
    this.events.push({ k: 'lam', id, params, span: this.span(n) });
    this.lamStack.push({ id, call: callName });
    const savedConds = this.conds;
    this.conds = [...this.conds];
    if (body) {
      const only = body.k.length === 1 ? body.k[0]! : undefined;
      if (only && isExpression(only)) {
        const val = this.expr(only);
        this.events.push({ k: 'ret', val, span: this.span(only), lam: id });
      } else this.stmts(body);
    }
    this.conds = savedConds;
    this.lamStack.pop();
    return id;
  }

}

/** Reduces a parsed Swift file to its IR. `text` must be the exact text the tree was parsed from. */
export function extractSwift(tree: Tree, text: string, errors: number, firstError?: { line: number; column: number }): FileIR {
  const root = compactTree(tree.rootNode, tree);
  const ex = new Extractor(text);
  const patched = patchResumes(ex, root);
  const { imports, units, props } = patched;
  const ir: FileIR = {
    version: IR_VERSION, imports, units, props, errors,
    isHealthBle: HEALTH_UUID.test(text) || /\bHK[A-Z]\w+/.test(text),
  };
  if (firstError) ir.firstError = firstError;
  return ir;
}

function patchResumes(ex: Extractor, root: N): Pick<FileIR, 'imports' | 'units' | 'props'> {
  const out = ex.run(root);
  // Turn `resume(returning: v)` calls into returns of the continuation closure that encloses them: the
  // extractor records lambda nesting through `lam` events, so walk each unit with a stack.
  for (const unit of out.units) {
    const stack: Array<{ id: number; isContinuation: boolean; end: number }> = [];
    const lamOwner = new Map<number, string>();
    for (const ev of unit.events) if (ev.k === 'call') for (const l of ev.lams) lamOwner.set(l.id, ev.name);
    const extra: Array<{ at: number; ev: Ev }> = [];
    unit.events.forEach((ev, i) => {
      if (ev.k === 'lam') {
        while (stack.length && !within(ev.span, stack.at(-1)!.end)) stack.pop();
        stack.push({ id: ev.id, isContinuation: /Continuation$/.test(lamOwner.get(ev.id) ?? ''), end: ev.span[2] * 100000 + ev.span[3] });
        return;
      }
      if (ev.k === 'call' && ev.name === 'resume') {
        while (stack.length && !within(ev.span, stack.at(-1)!.end)) stack.pop();
        const owner = [...stack].reverse().find((s) => s.isContinuation);
        const arg = ev.args.find((a) => a.label === 'returning');
        if (owner && arg) extra.push({ at: i + 1, ev: { k: 'ret', val: { ...arg.val, calls: [...(arg.val.calls ?? [])] }, span: ev.span, lam: owner.id } });
      }
    });
    for (const { at, ev } of extra.reverse()) unit.events.splice(at, 0, ev);
  }
  return out;
}

function within(span: Span, end: number): boolean {
  return span[0] * 100000 + span[1] <= end;
}
