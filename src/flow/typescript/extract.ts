import { ts } from 'ts-morph';
import path from 'node:path';
import type { HkguardConfig, FunctionRef } from '../../config/types.js';
import type { HkFunctionSpec, RootSpec, TsCatalog } from './catalog.js';
import { NEW_SINK, rootsForImport } from './catalog.js';
import type { ApiValS, CExpr, FileSummary, FnRef, Loc, SourceRec, ValS } from './summary.js';
import { SUMMARY_VERSION, argReaches, navigate } from './summary.js';
import { recipientKindFor } from '../core.js';

/** Files above either limit are generated or minified bundles: skipped with a diagnostic. */
export const MAX_FILE_BYTES = 2_000_000;
export const MAX_LINE_CHARS = 20_000;

const SKIP = /node_modules\//;

interface ApiVal { root: RootSpec; path: string; baseUrl?: CExpr; safe?: boolean }

interface Val {
  n: string[];
  p: string[];
  f?: Map<string, Val>;
  fn?: FnRef[];
  api?: ApiVal[];
  imp?: { spec: string; name: string; path: string[] };
  cls?: string;
  members?: Map<string, string>;
  gate?: string;
  neg?: boolean;
  hkRead?: boolean;
  status?: boolean;
  setter?: string;
  dispatch?: { state: string; reducer: FnRef[] };
  ctx?: boolean;
  /** An instance of a class imported from another module of the app. */
  inst?: { spec: string; name: string };
}

interface Binding {
  name: string;
  node: string;
  fn?: FnRef[];
  api?: ApiVal[];
  imp?: { spec: string; name: string };
  cls?: string;
  members?: Map<string, string>;
  init?: ts.Expression;
  isConst?: boolean;
  setter?: string;
  dispatch?: { state: string; reducer: FnRef[] };
  resolver?: string;
  gate?: string;
  hkRead?: boolean;
  status?: boolean;
  isReactImport?: string;
  enumConst?: CExpr;
  inst?: { spec: string; name: string };
}

interface ClassInfo { id: string; thisNode: string; methods: Map<string, string>; api: Map<string, ApiVal[]> }

/** A fresh empty value (values are mutated by their consumers, so never shared). */
function E(): Val { return { n: [], p: [] }; }
const REACT_HOOKS = new Set(['useState', 'useReducer', 'useRef', 'useMemo', 'useCallback', 'useContext', 'createContext', 'useEffect', 'useLayoutEffect']);
const NO_TAINT_FIELDS = new Set(['length', 'size']);
const GLOBAL_OBJECTS = new Set(['window', 'globalThis', 'self', 'global']);
const CHAIN_OPS = new Set<ts.SyntaxKind>([ts.SyntaxKind.PlusToken, ts.SyntaxKind.MinusToken, ts.SyntaxKind.AsteriskToken, ts.SyntaxKind.SlashToken,
  ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.CommaToken]);
const DENIAL_TEXT = /denied|permission|not authori[sz]ed|no access|grant access|allow access/i;

function mergeVals(vals: Val[]): Val {
  if (vals.length === 1) return vals[0]!;
  const out: Val = { n: [], p: [] };
  for (const v of vals) {
    for (const x of v.n) out.n.push(x);
    for (const x of v.p) out.p.push(x);
    if (v.f) {
      out.f ??= new Map();
      for (const [k, fv] of v.f) out.f.set(k, out.f.has(k) ? mergeVals([out.f.get(k)!, fv]) : fv);
    }
    if (v.fn) (out.fn ??= []).push(...v.fn);
    if (v.api) (out.api ??= []).push(...v.api);
    if (v.hkRead) out.hkRead = true;
    if (v.status) out.status = true;
    if (v.gate && !v.neg) out.gate = v.gate;
  }
  return out;
}

function toValS(v: Val, depth = 0): ValS {
  const out: ValS = {};
  if (v.n.length) out.n = [...new Set(v.n)];
  if (v.p.length) out.p = [...new Set(v.p)];
  if (v.f && depth < 2) {
    const f: Record<string, ValS> = {};
    let any = false;
    for (const [k, fv] of v.f) {
      const s = toValS(fv, depth + 1);
      if (s.n || s.p || s.f) { f[k] = s; any = true; }
    }
    if (any) out.f = f;
  }
  return out;
}

function isEmptyVal(v: Val): boolean {
  if (v.n.length || v.p.length) return false;
  if (!v.f) return true;
  for (const fv of v.f.values()) if (!isEmptyVal(fv)) return false;
  return true;
}

function stripExt(p: string): string {
  return p.replace(/\.(d\.)?(tsx?|jsx?|mjs|cjs|mts|cts)$/, '').replace(/\/index$/, '');
}

/** Root-relative module path (no extension) of a relative import, or the bare specifier for packages. */
export function resolveSpecifier(fromFile: string, spec: string): string {
  if (spec.startsWith('.')) return stripExt(path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), spec)));
  return spec;
}

function scriptKind(file: string): ts.ScriptKind {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (file.endsWith('.ts') || file.endsWith('.mts') || file.endsWith('.cts')) return ts.ScriptKind.TS;
  if (file.endsWith('.jsx')) return ts.ScriptKind.JSX;
  return ts.ScriptKind.JS;
}

export function emptySummary(file: string): FileSummary {
  return {
    v: SUMMARY_VERSION, file, steps: [], edges: [], fns: [], calls: [], paramFlows: [], paramCalls: [], retFlows: [], sources: [], sinks: [], deferred: [],
    imports: [], exports: {}, starExports: [],
    usage: { hk: [], auth: [], bluetooth: [], motion: [], readDenial: [], sdkImports: [] }, diagnostics: [],
  };
}

/** Cheap check for generated / minified files. */
export function tooLarge(text: string): string | undefined {
  if (text.length > MAX_FILE_BYTES) return `skipped: ${text.length} bytes is over the ${MAX_FILE_BYTES}-byte limit for source files (generated or bundled code)`;
  if (text.length > 100_000) {
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      if (end - start > MAX_LINE_CHARS) return `skipped: a line of ${end - start} characters looks minified (limit ${MAX_LINE_CHARS})`;
      start = end + 1;
    }
  }
  return undefined;
}

/** Extracts the summary of one file. Never throws on malformed input: syntax errors become a diagnostic. */
export function extractFile(file: string, rawText: string, cat: TsCatalog, config: HkguardConfig): FileSummary {
  const out = emptySummary(file);
  if (SKIP.test(file)) return out;
  const big = tooLarge(rawText);
  if (big) {
    out.diagnostics.push({ message: big, severity: 'warning' });
    return out;
  }
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  let sf: ts.SourceFile;
  try {
    sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, scriptKind(file));
  } catch (err) {
    // TypeScript's recursive-descent parser overflows the stack on pathologically nested code.
    out.diagnostics.push({ message: `skipped: the parser gave up (${(err as Error).message}); the file is probably generated`, severity: 'warning' });
    return out;
  }
  const parseDiags = (sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics;
  if (parseDiags && parseDiags.length > 0) {
    const d = parseDiags[0]!;
    const lc = sf.getLineAndCharacterOfPosition(d.start);
    out.diagnostics.push({
      message: `syntax error: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')} (analysed as far as the parser recovered)`,
      line: lc.line + 1, column: lc.character + 1, severity: 'warning',
    });
  }
  try {
    new Extractor(file, sf, cat, config, out).run();
  } catch (err) {
    out.diagnostics.push({ message: `analysis stopped early: ${(err as Error).message}`, severity: 'warning' });
  }
  return out;
}

class Extractor {
  private scopes: Array<Map<string, Binding>> = [];
  private fnStack: Array<{ id: string; ret: string }> = [];
  private classStack: ClassInfo[] = [];
  private guards: string[] = [];
  private sanitizing: string | undefined;
  private nodeSeq = 0;
  private fnParams = new Map<string, string[]>();
  private paramOwner = new Map<string, { fn: string; index: number }>();
  private bindingsByNode = new Map<string, Binding>();
  private selfModule: string;
  private exportedLocals = new Map<string, string>();
  private defaultExportExpr: ts.Expression | undefined;
  private constDepth = 0;
  private denialCandidates: Array<{ b: Binding | undefined; direct: boolean; at: Loc; note: string; kind: 'status' | 'read' }> = [];

  constructor(
    private file: string,
    private sf: ts.SourceFile,
    private cat: TsCatalog,
    private config: HkguardConfig,
    private out: FileSummary,
  ) {
    this.selfModule = stripExt(file);
  }

  run(): void {
    this.scopes.push(new Map());
    this.hoist(this.sf.statements);
    for (const s of this.sf.statements) this.st(s);
    this.finishExports();
    for (const d of this.denialCandidates) {
      const ok = d.direct || (d.kind === 'status' ? d.b?.status : d.b?.hkRead);
      if (ok) this.out.usage.readDenial.push({ at: d.at, note: d.note });
    }
  }

  // ---- locations and steps -------------------------------------------------------------------------------------

  private loc(node: ts.Node): Loc {
    const start = node.getStart(this.sf);
    const a = this.sf.getLineAndCharacterOfPosition(start);
    const b = this.sf.getLineAndCharacterOfPosition(node.end);
    return { l: a.line + 1, c: a.character + 1, el: b.line + 1, ec: b.character + 1 };
  }

  private step(node: ts.Node, note: string, extra?: { s?: string }): number {
    const start = node.getStart(this.sf);
    const a = this.sf.getLineAndCharacterOfPosition(start);
    const st: { l: number; c: number; n: string; g?: string; s?: string } = { l: a.line + 1, c: a.character + 1, n: note };
    if (this.guards.length) st.g = this.guards[this.guards.length - 1];
    if (extra?.s) st.s = extra.s;
    this.out.steps.push(st);
    return this.out.steps.length - 1;
  }

  private newNode(prefix: string, pos: number): string {
    return `${prefix}${pos}`;
  }

  private tempNode(): string {
    return `t${this.nodeSeq++}`;
  }

  private text(node: ts.Node): string {
    const t = node.getText(this.sf);
    return t.length > 60 ? `${t.slice(0, 57)}...` : t;
  }

  /** Edges from a value into a node (fields copied when the value's nodes are whole objects). */
  private flow(v: Val, to: string, step: number): void {
    for (const x of v.n) if (x !== to) this.out.edges.push([x, to, step, 1]);
    for (const x of v.p) if (x !== to) this.out.edges.push([x, to, step, 0]);
    if (v.f) for (const [k, fv] of v.f) this.flow(fv, to.includes('#') ? to : `${to}#${k}`, step);
  }

  // ---- scopes -----------------------------------------------------------------------------------------------

  private lookup(name: string): Binding | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const b = this.scopes[i]!.get(name);
      if (b) return b;
    }
    return undefined;
  }

  private declare(name: string, node: string, extra?: Partial<Binding>): Binding {
    const scope = this.scopes[this.scopes.length - 1]!;
    const existing = scope.get(name);
    if (existing && existing.node === node) {
      Object.assign(existing, extra);
      return existing;
    }
    const b: Binding = { name, node, ...extra };
    scope.set(name, b);
    this.bindingsByNode.set(node, b);
    return b;
  }

  /** Function and class declarations and variable names are visible in the whole block (calls before declarations). */
  private hoist(stmts: ts.NodeArray<ts.Statement> | readonly ts.Statement[]): void {
    for (const s of stmts) {
      if (ts.isFunctionDeclaration(s) && s.name) this.declare(s.name.text, this.newNode('v', s.name.pos), { fn: [{ f: this.fnId(s) }] });
      else if (ts.isClassDeclaration(s) && s.name) this.declare(s.name.text, this.newNode('v', s.name.pos), { cls: `C${s.pos}` });
      else if (ts.isVariableStatement(s) && !isAmbient(s)) {
        const isConst = (s.declarationList.flags & ts.NodeFlags.Const) !== 0;
        for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name)) this.declare(d.name.text, this.newNode('v', d.name.pos), { init: d.initializer, isConst });
      } else if (ts.isEnumDeclaration(s)) {
        // String and numeric enum members are constants (`enum T { HR = 'HKQuantityTypeIdentifierHeartRate' }`).
        const p: Record<string, CExpr> = {};
        for (const m of s.members) {
          const k = propName(m.name);
          if (k && m.initializer && (ts.isStringLiteralLike(m.initializer) || ts.isNumericLiteral(m.initializer))) p[k] = { k: 's', v: m.initializer.text, at: this.loc(m.initializer) };
        }
        this.declare(s.name.text, this.newNode('v', s.name.pos), { enumConst: { k: 'o', p } });
      }
    }
  }

  private fnId(node: ts.Node): string {
    return `F${node.pos}`;
  }

  // ---- statements -------------------------------------------------------------------------------------------

  private block(stmts: readonly ts.Statement[]): void {
    this.scopes.push(new Map());
    this.hoist(stmts as ts.NodeArray<ts.Statement>);
    const depth = this.guards.length;
    for (const s of stmts) {
      this.st(s);
      // `if (!hasConsent()) return;` guards the rest of the block.
      if (ts.isIfStatement(s) && !s.elseStatement && exits(s.thenStatement)) {
        const c = this.condGate(s.expression);
        if (c && c.neg) this.guards.push(c.gate);
      }
    }
    this.guards.length = depth;
    this.scopes.pop();
  }

  private st(s: ts.Node): void {
    switch (s.kind) {
      case ts.SyntaxKind.ImportDeclaration: return this.importDecl(s as ts.ImportDeclaration);
      case ts.SyntaxKind.ImportEqualsDeclaration: {
        const d = s as ts.ImportEqualsDeclaration;
        if (ts.isExternalModuleReference(d.moduleReference) && ts.isStringLiteral(d.moduleReference.expression)) {
          this.bindImport(d.name.text, d.name.pos, d.moduleReference.expression.text, 'namespace', d);
        }
        return;
      }
      case ts.SyntaxKind.ExportDeclaration: return this.exportDecl(s as ts.ExportDeclaration);
      case ts.SyntaxKind.ExportAssignment: {
        const e = s as ts.ExportAssignment;
        this.defaultExportExpr = e.expression;
        this.defaultExportVal = this.ev(e.expression);
        return;
      }
      case ts.SyntaxKind.VariableStatement: {
        const v = s as ts.VariableStatement;
        // `declare const fbq: ...` only types a global: the global's API stays visible.
        if (isAmbient(v)) return;
        const exported = hasExport(v);
        for (const d of v.declarationList.declarations) {
          this.varDecl(d, (v.declarationList.flags & ts.NodeFlags.Const) !== 0);
          if (exported) for (const name of bindingNames(d.name)) this.exportedLocals.set(name, name);
        }
        return;
      }
      case ts.SyntaxKind.FunctionDeclaration: {
        const f = s as ts.FunctionDeclaration;
        this.fnLike(f);
        if (f.name && hasExport(f)) this.exportedLocals.set(hasDefault(f) ? 'default' : f.name.text, f.name.text);
        else if (!f.name && hasDefault(f)) this.out.exports.default = { fn: this.fnId(f) };
        return;
      }
      case ts.SyntaxKind.ClassDeclaration: {
        const c = s as ts.ClassDeclaration;
        this.classLike(c);
        if (c.name && hasExport(c)) this.exportedLocals.set(hasDefault(c) ? 'default' : c.name.text, c.name.text);
        return;
      }
      case ts.SyntaxKind.Block: return this.block((s as ts.Block).statements);
      case ts.SyntaxKind.ExpressionStatement: this.ev((s as ts.ExpressionStatement).expression); return;
      case ts.SyntaxKind.ReturnStatement: {
        const r = s as ts.ReturnStatement;
        if (r.expression) {
          const v = this.ev(r.expression);
          const fn = this.fnStack[this.fnStack.length - 1];
          if (fn && !isEmptyVal(v)) this.flow(v, fn.ret, this.step(r.expression, 'returned'));
        }
        return;
      }
      case ts.SyntaxKind.IfStatement: {
        const i = s as ts.IfStatement;
        const c = this.condGate(i.expression);
        this.readDenialCheck(i);
        if (c && !c.neg) this.guards.push(c.gate);
        this.st(i.thenStatement);
        if (c && !c.neg) this.guards.pop();
        if (i.elseStatement) {
          if (c && c.neg) this.guards.push(c.gate);
          this.st(i.elseStatement);
          if (c && c.neg) this.guards.pop();
        }
        return;
      }
      case ts.SyntaxKind.ForOfStatement:
      case ts.SyntaxKind.ForInStatement: {
        const f = s as ts.ForOfStatement;
        this.scopes.push(new Map());
        const iter = this.ev(f.expression);
        const v = s.kind === ts.SyntaxKind.ForInStatement ? E() : iter;
        if (ts.isVariableDeclarationList(f.initializer)) {
          for (const d of f.initializer.declarations) this.bindPattern(d.name, v, d);
        } else this.assign(f.initializer, v, f.initializer);
        this.st(f.statement);
        this.scopes.pop();
        return;
      }
      case ts.SyntaxKind.ForStatement: {
        const f = s as ts.ForStatement;
        this.scopes.push(new Map());
        if (f.initializer) {
          if (ts.isVariableDeclarationList(f.initializer)) for (const d of f.initializer.declarations) this.varDecl(d, false);
          else this.ev(f.initializer);
        }
        if (f.condition) this.ev(f.condition);
        if (f.incrementor) this.ev(f.incrementor);
        this.st(f.statement);
        this.scopes.pop();
        return;
      }
      case ts.SyntaxKind.TryStatement: {
        const t = s as ts.TryStatement;
        this.st(t.tryBlock);
        if (t.catchClause) {
          this.scopes.push(new Map());
          // A caught error is not health data (its message is safe to log).
          if (t.catchClause.variableDeclaration) for (const n of bindingNames(t.catchClause.variableDeclaration.name)) this.declare(n, this.tempNode());
          this.st(t.catchClause.block);
          this.scopes.pop();
        }
        if (t.finallyBlock) this.st(t.finallyBlock);
        return;
      }
      case ts.SyntaxKind.ThrowStatement: this.ev((s as ts.ThrowStatement).expression); return;
      case ts.SyntaxKind.EnumDeclaration: {
        const en = s as ts.EnumDeclaration;
        if (hasExport(en)) this.exportedLocals.set(en.name.text, en.name.text);
        return;
      }
      case ts.SyntaxKind.InterfaceDeclaration:
      case ts.SyntaxKind.TypeAliasDeclaration:
      case ts.SyntaxKind.ModuleDeclaration:
        return;
      default:
        ts.forEachChild(s, (c) => {
          if (ts.isExpression(c)) this.ev(c);
          else this.st(c);
        });
    }
  }

  private varDecl(d: ts.VariableDeclaration, isConst: boolean): void {
    if (!d.initializer) {
      if (ts.isIdentifier(d.name)) this.declare(d.name.text, this.newNode('v', d.name.pos), { isConst });
      return;
    }
    // require('x') and destructured require.
    const req = requireSpec(d.initializer);
    if (req !== undefined) {
      if (ts.isIdentifier(d.name)) this.bindImport(d.name.text, d.name.pos, req, 'namespace', d);
      else if (ts.isObjectBindingPattern(d.name)) {
        for (const el of d.name.elements) {
          if (!ts.isIdentifier(el.name)) continue;
          const imported = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text;
          this.bindImport(el.name.text, el.name.pos, req, imported, d);
        }
      }
      return;
    }
    const v = this.ev(d.initializer, ts.isIdentifier(d.name) ? d.name.text : undefined);
    if (ts.isIdentifier(d.name)) {
      const node = this.newNode('v', d.name.pos);
      const b = this.declare(d.name.text, node, {
        init: d.initializer, isConst, fn: v.fn, api: v.api, cls: v.cls, members: v.members, setter: v.setter, dispatch: v.dispatch, inst: v.inst,
        hkRead: v.hkRead, status: v.status, gate: v.gate && !v.neg ? v.gate : undefined,
      });
      if (v.imp) b.imp = { spec: v.imp.spec, name: [v.imp.name, ...v.imp.path].join('.') };
      if (!isEmptyVal(v)) this.flow(v, node, this.step(d.name, `assigned to ${d.name.text}`));
      if (v.ctx) for (const x of v.n) this.out.edges.push([`${x}$ctx`, `${node}$ctx`, -1, 1]);
      return;
    }
    this.bindPattern(d.name, v, d);
  }

  /** Destructuring: `{ a, b: c = 1, ...rest }` and `[x, y]` (React's `[state, setState] = useState()`). */
  private bindPattern(name: ts.BindingName, v: Val, at: ts.Node): void {
    if (ts.isIdentifier(name)) {
      const node = this.newNode('v', name.pos);
      this.declare(name.text, node, { fn: v.fn, api: v.api, hkRead: v.hkRead, status: v.status, setter: v.setter, dispatch: v.dispatch });
      if (!isEmptyVal(v)) this.flow(v, node, this.step(name, `assigned to ${name.text}`));
      return;
    }
    if (ts.isObjectBindingPattern(name)) {
      for (const el of name.elements) {
        if (el.dotDotDotToken) { this.bindPattern(el.name, v, at); continue; }
        const key = el.propertyName ? propName(el.propertyName) : ts.isIdentifier(el.name) ? el.name.text : undefined;
        let fv = key ? this.field(v, key) : mergeVals([v]);
        // A library handle keeps its chain: `const { Permissions } = AppleHealthKit.Constants`, `const { track } = useAnalytics()`.
        if (key && v.api) {
          const api = v.api.map((a) => ({ ...a, path: `${a.path}.${key}` })).filter((a) => this.apiKeeps(a.root, a.path));
          if (api.length) fv.api = api;
        }
        if (el.initializer) fv = mergeVals([fv, this.ev(el.initializer)]);
        this.bindPattern(el.name, fv, at);
      }
      return;
    }
    // Arrays are not index-sensitive, but for useState / useReducer pairs.
    name.elements.forEach((el, i) => {
      if (ts.isOmittedExpression(el)) return;
      let ev: Val = v;
      if (i === 1 && (v.setter || v.dispatch)) ev = { n: [], p: [], setter: v.setter, dispatch: v.dispatch };
      else if (i === 0 && (v.setter || v.dispatch)) ev = { n: v.n, p: v.p, f: v.f };
      else if (i > 1 && (v.setter || v.dispatch)) ev = E();
      if (el.dotDotDotToken) ev = v;
      if (el.initializer) ev = mergeVals([ev, this.ev(el.initializer)]);
      this.bindPattern(el.name, ev, at);
    });
  }

  private field(v: Val, key: string): Val {
    const out: Val = { n: [], p: [] };
    if (NO_TAINT_FIELDS.has(key)) return out;
    const lit = v.f?.get(key);
    if (lit) { out.n.push(...lit.n); out.p.push(...lit.p); if (lit.f) out.f = lit.f; if (lit.fn) out.fn = lit.fn; }
    for (const x of v.n) {
      if (!x.includes('#')) out.p.push(`${x}#${key}`);
      out.p.push(x);
    }
    for (const x of v.p) out.p.push(x);
    if (v.hkRead) out.hkRead = true;
    if (v.status) out.status = true;
    return out;
  }

  // ---- imports and exports -------------------------------------------------------------------------------------

  private importDecl(d: ts.ImportDeclaration): void {
    if (!ts.isStringLiteral(d.moduleSpecifier)) return;
    const spec = d.moduleSpecifier.text;
    const clause = d.importClause;
    if (this.cat.byModule.has(spec) || this.sdkModule(spec)) this.out.usage.sdkImports.push({ spec, at: this.loc(d) });
    if (!clause || clause.isTypeOnly) return;
    if (clause.name) this.bindImport(clause.name.text, clause.name.pos, spec, 'default', d);
    const nb = clause.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) this.bindImport(nb.name.text, nb.name.pos, spec, 'namespace', d);
    else if (nb) for (const el of nb.elements) {
      if (el.isTypeOnly) continue;
      const imported = el.propertyName ? propName(el.propertyName) ?? el.name.text : el.name.text;
      this.bindImport(el.name.text, el.name.pos, spec, imported, d);
    }
  }

  private sdkModule(spec: string): boolean {
    return this.cat.byModule.has(spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/'));
  }

  private bindImport(local: string, pos: number, spec: string, form: string, at: ts.Node): void {
    const node = this.newNode('v', pos);
    const roots = rootsForImport(this.cat, spec, form);
    const b = this.declare(local, node, { imp: { spec, name: form === 'namespace' ? '*' : form } });
    if (roots.length) b.api = roots.map((r) => ({ root: r, path: r.start }));
    if (spec === 'react' && form !== 'namespace' && form !== 'default') b.isReactImport = form;
    if (spec === 'react' && (form === 'namespace' || form === 'default')) b.isReactImport = '*';
    if (spec.startsWith('.') || spec.startsWith('/')) this.out.imports.push({ node, spec: resolveSpecifier(this.file, spec), name: form === 'namespace' ? '*' : form });
    for (const r of roots) {
      if (r.kind === 'ble' && form !== 'namespace') this.out.usage.bluetooth.push({ lib: r.ble!.id, api: `import ${form === 'default' ? local : form}`, at: this.loc(at) });
    }
  }

  private exportDecl(d: ts.ExportDeclaration): void {
    const spec = d.moduleSpecifier && ts.isStringLiteral(d.moduleSpecifier) ? resolveSpecifier(this.file, d.moduleSpecifier.text) : undefined;
    if (!d.exportClause) {
      if (spec) this.out.starExports.push(spec);
      return;
    }
    if (ts.isNamespaceExport(d.exportClause)) {
      if (spec) this.out.exports[d.exportClause.name.text] = { re: { spec, name: '*' } };
      return;
    }
    for (const el of d.exportClause.elements) {
      const exported = propName(el.name) ?? '';
      const local = el.propertyName ? propName(el.propertyName) ?? exported : exported;
      if (spec) this.out.exports[exported] = { re: { spec, name: local } };
      else this.exportedLocals.set(exported, local);
    }
  }

  private finishExports(): void {
    const root = this.scopes[0]!;
    for (const [exported, local] of this.exportedLocals) {
      const b = root.get(local);
      if (!b) continue;
      this.out.exports[exported] = this.exportInfo(b);
    }
    if (this.defaultExportExpr) {
      const e = this.defaultExportExpr;
      if (ts.isIdentifier(e)) {
        const b = this.lookup(e.text);
        if (b) this.out.exports.default = this.exportInfo(b);
      } else {
        const node = `d${e.pos}`;
        const v = this.defaultExportVal ?? E();
        this.flow(v, node, -1);
        const info: FileSummary['exports'][string] = { node };
        if (v.fn?.length && 'f' in v.fn[0]!) info.fn = (v.fn[0] as { f: string }).f;
        if (v.members) info.members = Object.fromEntries(v.members);
        if (v.cls) info.members = this.classMembers(v.cls);
        if (v.api) info.api = this.apiS(v.api);
        const c = this.cexpr(e);
        if (c.k !== 'u') info.c = c;
        this.out.exports.default = info;
      }
    }
    // CommonJS: module.exports = { a, b } / exports.a = ...
    for (const [name, info] of this.cjsExports) this.out.exports[name] ??= info;
  }

  private cjsExports = new Map<string, FileSummary['exports'][string]>();
  private defaultExportVal: Val | undefined;
  private pendingResolver = new Map<string, string>();

  private exportInfo(b: Binding): FileSummary['exports'][string] {
    const info: FileSummary['exports'][string] = { node: b.node };
    const f = b.fn?.find((x) => 'f' in x) as { f: string } | undefined;
    if (f) info.fn = f.f;
    if (b.members) info.members = Object.fromEntries(b.members);
    if (b.cls && !b.members) info.members = this.classMembers(b.cls);
    if (b.isConst && b.init) {
      const c = this.cexpr(b.init);
      if (c.k !== 'u') info.c = c;
    }
    if (b.enumConst) info.c = b.enumConst;
    if (b.api) info.api = this.apiS(b.api);
    if (b.imp) info.re = { spec: resolveSpecifier(this.file, b.imp.spec), name: b.imp.name };
    return info;
  }

  private classInfos = new Map<string, ClassInfo>();

  private classMembers(cls: string): Record<string, string> | undefined {
    const c = this.classInfos.get(cls);
    return c ? Object.fromEntries(c.methods) : undefined;
  }

  private apiS(api: ApiVal[]): ApiValS[] {
    return api.map((a) => ({ key: a.root.key, path: a.path, baseUrl: a.baseUrl, safe: a.safe }));
  }

  // ---- functions and classes ------------------------------------------------------------------------------------

  private fnLike(f: ts.SignatureDeclaration & { body?: ts.Node }, name?: string, cls?: ClassInfo): string {
    const id = this.fnId(f);
    const ret = `r${f.pos}`;
    const params: string[] = [];
    this.scopes.push(new Map());
    f.parameters.forEach((p, i) => {
      const node = ts.isIdentifier(p.name) ? this.newNode('v', p.name.pos) : `p${p.pos}`;
      params.push(node);
      this.paramOwner.set(node, { fn: id, index: i });
      if (ts.isIdentifier(p.name)) {
        const b = this.declare(p.name.text, node, {});
        const resolver = this.pendingResolver.get(node);
        if (resolver) b.resolver = resolver;
        // Angular-style injection: `constructor(private health: Health)` with Health from a catalog module.
        if (p.type && ts.isTypeReferenceNode(p.type) && ts.isIdentifier(p.type.typeName)) {
          const tb = this.lookup(p.type.typeName.text);
          if (tb?.api) b.api = tb.api.map((a) => ({ ...a }));
          // A parameter typed with a class: its method calls resolve to that class (imported classes at link time).
          if (tb?.cls) b.cls = tb.cls;
          else if (tb?.imp && (tb.imp.spec.startsWith('.') || tb.imp.spec.startsWith('/')) && !tb.api) b.inst = { spec: resolveSpecifier(this.file, tb.imp.spec), name: tb.imp.name };
        }
        if (cls && p.modifiers?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.PublicKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword || m.kind === ts.SyntaxKind.ReadonlyKeyword)) {
          this.out.edges.push([node, `${cls.thisNode}#${p.name.text}`, -1, 1]);
          if (b.api) cls.api.set(p.name.text, b.api);
        }
      } else {
        this.bindPattern(p.name, { n: [node], p: [] }, p);
      }
      if (p.initializer) {
        const dv = this.ev(p.initializer);
        if (!isEmptyVal(dv)) this.flow(dv, node, -1);
      }
    });
    const rest = f.parameters.findIndex((p) => p.dotDotDotToken);
    this.out.fns.push({ id, params, ret, name, ...(rest >= 0 ? { rest } : {}) });
    this.fnParams.set(id, params);
    this.fnStack.push({ id, ret });
    // Inline callbacks run under the guard of their call site; declared functions do not.
    const savedGuards = this.guards;
    if (!ts.isArrowFunction(f) && !ts.isFunctionExpression(f)) this.guards = [];
    if (f.body) {
      if (ts.isBlock(f.body)) this.block(f.body.statements);
      else {
        const v = this.ev(f.body as ts.Expression);
        if (!isEmptyVal(v)) this.flow(v, ret, this.step(f.body, 'returned'));
      }
    }
    this.guards = savedGuards;
    this.fnStack.pop();
    this.scopes.pop();
    return id;
  }

  private classLike(c: ts.ClassLikeDeclaration): ClassInfo {
    const id = `C${c.pos}`;
    const info: ClassInfo = { id, thisNode: `this${c.pos}`, methods: new Map(), api: new Map() };
    this.classInfos.set(id, info);
    for (const m of c.members) {
      if ((ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m)) && m.name) {
        const n = propName(m.name);
        if (n) info.methods.set(n, this.fnId(m));
      } else if (ts.isPropertyDeclaration(m) && m.initializer && (ts.isArrowFunction(m.initializer) || ts.isFunctionExpression(m.initializer))) {
        const n = propName(m.name);
        if (n) info.methods.set(n, this.fnId(m.initializer));
      }
    }
    this.classStack.push(info);
    for (const m of c.members) {
      if (ts.isPropertyDeclaration(m) && m.initializer) {
        const n = propName(m.name);
        const v = this.ev(m.initializer);
        if (n) {
          if (v.api) info.api.set(n, v.api);
          if (!isEmptyVal(v)) this.flow(v, `${info.thisNode}#${n}`, this.step(m.name, `stored in this.${n}`));
        }
      } else if (ts.isMethodDeclaration(m) || ts.isConstructorDeclaration(m) || ts.isGetAccessorDeclaration(m) || ts.isSetAccessorDeclaration(m)) {
        if (m.body) this.fnLike(m, m.name ? propName(m.name) : 'constructor', info);
        if (ts.isConstructorDeclaration(m)) info.methods.set('constructor', this.fnId(m));
      }
    }
    this.classStack.pop();
    return info;
  }

  // ---- expressions ------------------------------------------------------------------------------------------

  private ev(e: ts.Expression, nameHint?: string): Val {
    switch (e.kind) {
      case ts.SyntaxKind.Identifier: return this.ident(e as ts.Identifier);
      case ts.SyntaxKind.ThisKeyword: {
        const c = this.classStack[this.classStack.length - 1];
        return c ? { n: [c.thisNode], p: [] } : E();
      }
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NumericLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
      case ts.SyntaxKind.TrueKeyword:
      case ts.SyntaxKind.FalseKeyword:
      case ts.SyntaxKind.NullKeyword:
      case ts.SyntaxKind.RegularExpressionLiteral:
      case ts.SyntaxKind.BigIntLiteral:
        return E();
      case ts.SyntaxKind.ParenthesizedExpression:
      case ts.SyntaxKind.AsExpression:
      case ts.SyntaxKind.NonNullExpression:
      case ts.SyntaxKind.SatisfiesExpression:
      case ts.SyntaxKind.TypeAssertionExpression:
      case ts.SyntaxKind.AwaitExpression:
      case ts.SyntaxKind.SpreadElement:
        return this.ev((e as ts.ParenthesizedExpression).expression, nameHint);
      case ts.SyntaxKind.PropertyAccessExpression: {
        const pa = e as ts.PropertyAccessExpression;
        // window.fbq / globalThis.fetch: the global itself.
        if (ts.isIdentifier(pa.expression) && ts.isIdentifier(pa.name) && GLOBAL_OBJECTS.has(pa.expression.text) && !this.lookup(pa.expression.text) && this.cat.globals.has(pa.name.text) && !this.lookup(pa.name.text)) return this.ident(pa.name);
        return this.member(pa, this.ev(pa.expression), pa.name.text);
      }
      case ts.SyntaxKind.ElementAccessExpression: {
        const ea = e as ts.ElementAccessExpression;
        const base = this.ev(ea.expression);
        const key = ts.isStringLiteralLike(ea.argumentExpression) ? ea.argumentExpression.text : undefined;
        if (key) return this.member(ea, base, key);
        this.ev(ea.argumentExpression);
        return { n: [], p: [...base.n, ...base.p, ...(base.f ? [...base.f.values()].flatMap((x) => [...x.n, ...x.p]) : [])] };
      }
      case ts.SyntaxKind.CallExpression: return this.call(e as ts.CallExpression);
      case ts.SyntaxKind.NewExpression: return this.newExpr(e as ts.NewExpression);
      case ts.SyntaxKind.ArrowFunction:
      case ts.SyntaxKind.FunctionExpression: {
        const id = this.fnLike(e as ts.ArrowFunction, nameHint);
        return { n: [], p: [], fn: [{ f: id }] };
      }
      case ts.SyntaxKind.ClassExpression: {
        const info = this.classLike(e as ts.ClassExpression);
        return { n: [], p: [], cls: info.id };
      }
      case ts.SyntaxKind.ObjectLiteralExpression: return this.objectLit(e as ts.ObjectLiteralExpression);
      case ts.SyntaxKind.ArrayLiteralExpression: {
        const vals = (e as ts.ArrayLiteralExpression).elements.map((x) => this.ev(x));
        const m = vals.length ? mergeVals(vals) : E();
        return { n: m.n, p: m.p, f: m.f };
      }
      case ts.SyntaxKind.TemplateExpression: {
        const t = e as ts.TemplateExpression;
        return mergeVals(t.templateSpans.map((s) => this.ev(s.expression)).concat([E()]));
      }
      case ts.SyntaxKind.TaggedTemplateExpression: {
        const t = e as ts.TaggedTemplateExpression;
        this.ev(t.tag);
        if (ts.isTemplateExpression(t.template)) return mergeVals(t.template.templateSpans.map((s) => this.ev(s.expression)).concat([E()]));
        return E();
      }
      case ts.SyntaxKind.BinaryExpression: return this.binary(e as ts.BinaryExpression);
      case ts.SyntaxKind.ConditionalExpression: {
        const c = e as ts.ConditionalExpression;
        const g = this.condGate(c.condition);
        if (g && !g.neg) this.guards.push(g.gate);
        const a = this.ev(c.whenTrue);
        if (g && !g.neg) this.guards.pop();
        const b = this.ev(c.whenFalse);
        return mergeVals([a, b]);
      }
      case ts.SyntaxKind.PrefixUnaryExpression: {
        const u = e as ts.PrefixUnaryExpression;
        const v = this.ev(u.operand);
        if (u.operator === ts.SyntaxKind.ExclamationToken) return { n: [], p: [], gate: v.gate, neg: v.gate ? !v.neg : undefined };
        if (u.operator === ts.SyntaxKind.MinusToken || u.operator === ts.SyntaxKind.PlusToken) return { n: [], p: [...v.n, ...v.p] };
        return E();
      }
      case ts.SyntaxKind.PostfixUnaryExpression: this.ev((e as ts.PostfixUnaryExpression).operand); return E();
      case ts.SyntaxKind.TypeOfExpression:
      case ts.SyntaxKind.VoidExpression:
      case ts.SyntaxKind.DeleteExpression:
        this.ev((e as ts.TypeOfExpression).expression);
        return E();
      case ts.SyntaxKind.JsxElement:
      case ts.SyntaxKind.JsxSelfClosingElement:
      case ts.SyntaxKind.JsxFragment:
        this.jsx(e as ts.JsxElement);
        return E();
      case ts.SyntaxKind.YieldExpression: {
        const y = e as ts.YieldExpression;
        if (y.expression) this.ev(y.expression);
        return E();
      }
      default:
        ts.forEachChild(e, (c) => { if (ts.isExpression(c)) this.ev(c); });
        return E();
    }
  }

  private ident(id: ts.Identifier): Val {
    if (id.text === 'undefined') return E();
    const b = this.lookup(id.text);
    if (!b) {
      const globals = this.cat.globals.get(id.text);
      if (globals) return { n: [], p: [], api: globals.map((r) => ({ root: r, path: r.start })) };
      return E();
    }
    const v: Val = { n: [b.node], p: [] };
    if (b.fn) v.fn = b.fn;
    if (b.api) v.api = b.api;
    if (b.imp) {
      const [name, ...rest] = b.imp.name.split('.');
      v.imp = { spec: b.imp.spec, name: name!, path: rest };
    }
    if (b.cls) v.cls = b.cls;
    if (b.inst) v.inst = b.inst;
    if (b.members) v.members = b.members;
    if (b.setter) v.setter = b.setter;
    if (b.dispatch) v.dispatch = b.dispatch;
    if (b.gate) v.gate = b.gate;
    if (b.hkRead) v.hkRead = true;
    if (b.status) v.status = true;
    return v;
  }

  private member(e: ts.Node, base: Val, key: string): Val {
    // `require('x').default` and `ns.default` are the module's default export.
    if (key === 'default' && base.api) return { ...base, n: [...base.n], p: [...base.p] };
    const v = this.field(base, key);
    if (base.api) {
      const api: ApiVal[] = [];
      for (const a of base.api) {
        const p = `${a.path}.${key}`;
        if (this.apiKeeps(a.root, p)) api.push({ ...a, path: p });
      }
      if (api.length) v.api = api;
    }
    if (base.imp) v.imp = { ...base.imp, path: [...base.imp.path, key] };
    if (base.members?.has(key)) v.fn = [{ f: base.members.get(key)! }];
    if (base.cls) {
      const ci = this.classInfos.get(base.cls);
      const m = ci?.methods.get(key);
      if (m) v.fn = [{ f: m }];
    }
    // this.x: the class's method or API field.
    const cls = this.classStack[this.classStack.length - 1];
    if (cls && base.n.length === 1 && base.n[0] === cls.thisNode) {
      const m = cls.methods.get(key);
      if (m) v.fn = [{ f: m }];
      const api = cls.api.get(key);
      if (api) v.api = api;
    }
    if (key === 'read' || this.cat.readDenial.readDeniedFields.has(key)) {
      // Decided at the end of the file: a callback parameter learns that it holds a status only after its body is walked.
      const root = rootIdentifier(e);
      const b = root ? this.lookup(root) : undefined;
      if (base.status || b) this.denialCandidates.push({ b, direct: !!base.status, at: this.loc(e), note: `reads .${key} of a HealthKit authorization status: HealthKit does not report whether read access was denied`, kind: 'status' });
    }
    return v;
  }

  private apiKeeps(root: RootSpec, p: string): boolean {
    switch (root.kind) {
      case 'hk': case 'motion': case 'ble': return p.split('.').length <= 5;
      case 'network': {
        const net = root.network!;
        if (net.prefixes.has(p) || net.chains.has(p) || net.factories.has(p)) return true;
        // Methods of an instance or of a request in progress: xhr.open / xhr.send, request.post(url).send(data).
        const head = p.slice(0, p.lastIndexOf('.'));
        return net.factories.has(head) || (head.endsWith('()') && net.chains.has(head.slice(0, -2)));
      }
      default: return root.sink!.prefixes.has(p) || root.sink!.chains.has(p);
    }
  }

  private objectLit(o: ts.ObjectLiteralExpression): Val {
    const out: Val = { n: [], p: [], f: new Map() };
    const members = new Map<string, string>();
    for (const p of o.properties) {
      if (ts.isPropertyAssignment(p)) {
        const k = propName(p.name);
        const v = this.ev(p.initializer, k);
        if (k) {
          out.f!.set(k, v);
          if (v.fn?.length && 'f' in v.fn[0]!) members.set(k, (v.fn[0] as { f: string }).f);
        } else { out.p.push(...v.n, ...v.p); }
      } else if (ts.isShorthandPropertyAssignment(p)) {
        const v = this.ident(p.name);
        out.f!.set(p.name.text, v);
        if (v.fn?.length && 'f' in v.fn[0]!) members.set(p.name.text, (v.fn[0] as { f: string }).f);
      } else if (ts.isSpreadAssignment(p)) {
        const v = this.ev(p.expression);
        out.n.push(...v.n); out.p.push(...v.p);
        if (v.f) for (const [k, fv] of v.f) out.f!.set(k, fv);
      } else if (ts.isMethodDeclaration(p) || ts.isGetAccessorDeclaration(p)) {
        const k = propName(p.name);
        const id = this.fnLike(p, k);
        if (k) members.set(k, id);
      }
    }
    if (members.size) out.members = members;
    return out;
  }

  private binary(b: ts.BinaryExpression): Val {
    const op = b.operatorToken.kind;
    if (op === ts.SyntaxKind.EqualsToken) {
      const v = this.ev(b.right, ts.isIdentifier(b.left) ? b.left.text : ts.isPropertyAccessExpression(b.left) ? b.left.name.text : undefined);
      this.assign(b.left, v, b);
      return v;
    }
    if (op >= ts.SyntaxKind.FirstCompoundAssignment && op <= ts.SyntaxKind.LastCompoundAssignment) {
      const v = mergeVals([this.ev(b.left), this.ev(b.right)]);
      this.assign(b.left, v, b);
      return v;
    }
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) {
      const l = this.ev(b.left);
      if (l.gate && !l.neg) this.guards.push(l.gate);
      const r = this.ev(b.right);
      if (l.gate && !l.neg) this.guards.pop();
      const m = mergeVals([l, r]);
      if (l.gate || r.gate) { m.gate = l.gate ?? r.gate; m.neg = (l.gate ? l.neg : r.neg); }
      return m;
    }
    if (CHAIN_OPS.has(op) && ts.isBinaryExpression(b.left) && CHAIN_OPS.has(b.left.operatorToken.kind)) {
      // Long concatenations (`'a' + b + 'c' + ...`, thousands of terms in generated code): iterate, do not recurse.
      const operands: ts.Expression[] = [b.right];
      let x: ts.Expression = b.left;
      while (ts.isBinaryExpression(x) && CHAIN_OPS.has(x.operatorToken.kind)) { operands.push(x.right); x = x.left; }
      operands.push(x);
      const m = mergeVals(operands.reverse().map((o) => this.ev(o)).concat([E()]));
      return { n: [], p: [...m.n, ...m.p, ...(m.f ? [...m.f.values()].flatMap((v) => [...v.n, ...v.p]) : [])], hkRead: m.hkRead };
    }
    const l = this.ev(b.left);
    const r = this.ev(b.right);
    switch (op) {
      case ts.SyntaxKind.EqualsEqualsEqualsToken: case ts.SyntaxKind.EqualsEqualsToken:
      case ts.SyntaxKind.ExclamationEqualsEqualsToken: case ts.SyntaxKind.ExclamationEqualsToken:
      case ts.SyntaxKind.LessThanToken: case ts.SyntaxKind.GreaterThanToken:
      case ts.SyntaxKind.LessThanEqualsToken: case ts.SyntaxKind.GreaterThanEqualsToken:
      case ts.SyntaxKind.InstanceOfKeyword: case ts.SyntaxKind.InKeyword:
        // A comparison is a boolean: implicit flows are not followed.
        return E();
      default: {
        const m = mergeVals([l, r]);
        return { n: [], p: [...m.n, ...m.p, ...(m.f ? [...m.f.values()].flatMap((x) => [...x.n, ...x.p]) : [])], hkRead: m.hkRead };
      }
    }
  }

  private assign(target: ts.Expression, v: Val, at: ts.Node): void {
    if (ts.isIdentifier(target)) {
      const b = this.lookup(target.text);
      if (!b) return;
      if (v.api) b.api = [...(b.api ?? []), ...v.api];
      if (v.fn) b.fn = [...(b.fn ?? []), ...v.fn];
      if (v.hkRead) b.hkRead = true;
      if (!isEmptyVal(v)) this.flow(v, b.node, this.step(target, `assigned to ${target.text}`));
      return;
    }
    if (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) {
      const key = ts.isPropertyAccessExpression(target) ? target.name.text
        : ts.isStringLiteralLike(target.argumentExpression) ? target.argumentExpression.text : undefined;
      // module.exports = {...} / exports.x = ...
      if (ts.isPropertyAccessExpression(target) && ts.isIdentifier(target.expression)) {
        if (target.expression.text === 'module' && key === 'exports') return this.cjsModuleExports(v, at);
        if (target.expression.text === 'exports' && !this.lookup('exports') && key) return this.cjsExport(key, v);
      }
      if (ts.isPropertyAccessExpression(target) && ts.isPropertyAccessExpression(target.expression) && ts.isIdentifier(target.expression.expression)
        && target.expression.expression.text === 'module' && target.expression.name.text === 'exports' && key) return this.cjsExport(key, v);
      const base = this.ev(target.expression);
      const cls = this.classStack[this.classStack.length - 1];
      if (cls && key && base.n[0] === cls.thisNode && v.api) cls.api.set(key, v.api);
      if (isEmptyVal(v)) return;
      const st = this.step(target, `stored in ${this.text(target)}`);
      for (const x of base.n) {
        if (key && !x.includes('#')) this.flow(v, `${x}#${key}`, st);
        else this.flow(v, x.split('#')[0]!, st);
      }
      for (const x of base.p) this.flow(v, x, st);
      return;
    }
    if (ts.isObjectLiteralExpression(target) || ts.isArrayLiteralExpression(target)) {
      // Destructuring assignment.
      for (const el of ts.isObjectLiteralExpression(target) ? target.properties : target.elements) {
        if (ts.isShorthandPropertyAssignment(el)) this.assign(el.name, this.field(v, el.name.text), at);
        else if (ts.isPropertyAssignment(el)) { const k = propName(el.name); this.assign(el.initializer, k ? this.field(v, k) : v, at); }
        else if (ts.isExpression(el)) this.assign(el, v, at);
      }
    }
  }

  private cjsModuleExports(v: Val, at: ts.Node): void {
    if (v.f) for (const [k, fv] of v.f) this.cjsExport(k, fv);
    const node = `d${at.pos}`;
    if (!isEmptyVal(v)) this.flow(v, node, -1);
    const info: FileSummary['exports'][string] = { node };
    if (v.fn?.[0] && 'f' in v.fn[0]) info.fn = v.fn[0].f;
    if (v.members) info.members = Object.fromEntries(v.members);
    if (v.api) info.api = this.apiS(v.api);
    this.cjsExports.set('default', info);
  }

  private cjsExport(name: string, v: Val): void {
    const node = `x${name}`;
    if (!isEmptyVal(v)) this.flow(v, node, -1);
    const info: FileSummary['exports'][string] = { node };
    if (v.fn?.[0] && 'f' in v.fn[0]) info.fn = v.fn[0].f;
    if (v.members) info.members = Object.fromEntries(v.members);
    if (v.api) info.api = this.apiS(v.api);
    if (v.imp) info.re = { spec: resolveSpecifier(this.file, v.imp.spec), name: [v.imp.name, ...v.imp.path].join('.') };
    this.cjsExports.set(name, info);
  }

  // ---- consent gates, sanitizers, user sinks ---------------------------------------------------------------------

  private configMatch(list: FunctionRef[], callee: ts.Expression, v: Val): FunctionRef | undefined {
    if (!list.length) return undefined;
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (!name) return undefined;
    for (const ref of list) {
      if (ref.function !== name && !ref.function.endsWith(`.${name}`)) continue;
      if (!ref.module) return ref;
      const mod = stripExt(ref.module);
      if (v.imp) {
        const resolved = resolveSpecifier(this.file, v.imp.spec);
        if (resolved === mod || stripExt(resolved) === mod) return ref;
        continue;
      }
      // A function of the module itself, called inside it.
      if (this.selfModule === mod && ts.isIdentifier(callee) && this.lookup(name)) return ref;
    }
    return undefined;
  }

  private condGate(cond: ts.Expression): { gate: string; neg: boolean } | undefined {
    const v = this.evCond(cond);
    return v.gate ? { gate: v.gate, neg: !!v.neg } : undefined;
  }

  /** Conditions are evaluated once for taint (as expressions) and inspected for gates. */
  private condCache = new Map<ts.Node, Val>();
  private evCond(cond: ts.Expression): Val {
    let v = this.condCache.get(cond);
    if (!v) { v = this.ev(cond); this.condCache.set(cond, v); }
    return v;
  }

  // ---- calls ------------------------------------------------------------------------------------------------

  private call(c: ts.CallExpression): Val {
    const callee = c.expression;
    if (callee.kind === ts.SyntaxKind.ImportKeyword) return E();
    if (ts.isIdentifier(callee) && callee.text === 'require' && !this.lookup('require') && c.arguments.length === 1 && ts.isStringLiteralLike(c.arguments[0]!)) {
      const spec = c.arguments[0].text;
      const roots = rootsForImport(this.cat, spec, 'namespace');
      const v: Val = { n: [], p: [], imp: { spec, name: '*', path: [] } };
      if (roots.length) v.api = roots.map((r) => ({ root: r, path: r.start }));
      return v;
    }
    let recv: Val | undefined;
    let cv: Val;
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && ts.isIdentifier(callee.name) && GLOBAL_OBJECTS.has(callee.expression.text)
      && !this.lookup(callee.expression.text) && this.cat.globals.has(callee.name.text) && !this.lookup(callee.name.text)) {
      cv = this.ident(callee.name);
    } else if (ts.isPropertyAccessExpression(callee)) {
      recv = this.ev(callee.expression);
      cv = this.member(callee, recv, callee.name.text);
    } else if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) {
      recv = this.ev(callee.expression);
      cv = this.member(callee, recv, callee.argumentExpression.text);
    } else cv = this.ev(callee);
    const calleeName = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';

    // React hooks and context.
    const reactName = this.reactHook(callee);
    if (reactName) return this.reactCall(reactName, c);

    const gate = this.configMatch(this.config.consentGates, callee, cv);
    const sanitizer = this.configMatch(this.config.sanitizers, callee, cv);
    const userSink = this.config.sinks.length ? this.configMatch(this.config.sinks, callee, cv) as (FunctionRef & { category?: string }) | undefined : undefined;

    const args = c.arguments.map((a) => this.ev(a));
    const res = this.newNode('c', c.pos);
    const result: Val = { n: [res], p: [] };

    if (gate) {
      result.gate = gate.function;
      return result;
    }
    if (sanitizer) {
      const st = this.step(c, `sanitized by ${sanitizer.function}()`, { s: sanitizer.function });
      for (const a of args) this.flow(a, res, st);
      return result;
    }
    if (userSink) {
      const cfg = this.config.sinks.find((s) => s === userSink)!;
      this.sinkCall(c, args, undefined, { category: cfg.category, kind: recipientKindFor(cfg.category), api: `${cfg.function} (configured sink)` });
      return result;
    }

    // useState setter, useReducer dispatch, Promise resolve.
    if (cv.setter) {
      if (args[0]) {
        this.flow(args[0], cv.setter, this.step(c, `state set by ${calleeName}()`));
        for (const f of args[0].fn ?? []) this.out.retFlows.push({ fn: f, to: cv.setter, step: this.step(c, `state set by ${calleeName}()`) });
      }
      return E();
    }
    if (cv.dispatch) {
      if (args[0]) for (const r of cv.dispatch.reducer) this.out.paramFlows.push({ from: toValS(args[0]), fn: r, param: 1, step: this.step(c, `dispatched by ${calleeName}()`) });
      return E();
    }
    if (ts.isIdentifier(callee)) {
      const b = this.lookup(callee.text);
      if (b?.resolver) {
        if (args[0]) this.flow(args[0], b.resolver, this.step(c, 'promise resolved'));
        return E();
      }
    }

    // Catalog APIs.
    let handled = false;
    const apiResults: ApiVal[] = [];
    for (const a of cv.api ?? []) {
      const r = this.apiCall(c, a, args, false, result);
      if (r === true) handled = true;
      else if (r) { apiResults.push(...r); handled = true; }
    }
    if (apiResults.length) result.api = apiResults;
    if (handled) return result;

    // new NativeEventEmitter(NativeModules.BleManager).addListener('BleManagerDidUpdateValueForCharacteristic', cb):
    // the event name alone identifies the source, whatever emitter delivers it.
    if (calleeName === 'addListener' && c.arguments[0] && ts.isStringLiteralLike(c.arguments[0])) {
      const ev = this.cat.bleEvents.get(c.arguments[0].text);
      if (ev) {
        const at = this.loc(c);
        const node = this.newNode('s', c.pos);
        this.out.usage.bluetooth.push({ lib: ev.lib, api: `addListener('${c.arguments[0].text}')`, at });
        this.out.sources.push({ node, kind: 'ble-health', api: `${ev.lib} ${c.arguments[0].text}`, at, lib: ev.lib, types: [], uuids: [] });
        this.seedCallback(c, args, [...c.arguments], { style: 'callback', callbackArg: ev.callbackArg, param: ev.param }, node, {}, 'addListener');
        return result;
      }
    }

    // Deferred: a call on an imported binding defined in another file (`analytics.track(x)`).
    if (cv.imp && (cv.imp.spec.startsWith('.') || cv.imp.spec.startsWith('/')) && cv.imp.path.length >= 1) {
      this.out.deferred.push({
        spec: resolveSpecifier(this.file, cv.imp.spec), name: cv.imp.name, path: cv.imp.path.map((p) => `.${p}`).join(''),
        args: args.map((a) => toValS(a)), at: this.loc(c), step: this.step(c, `call of ${this.text(callee)}()`),
        url: c.arguments[0] ? this.cexpr(c.arguments[0]) : undefined, ...spreadProp(c.arguments),
      });
    }

    // Known functions: local, or imported from the app's own modules.
    const refs: FnRef[] = [];
    if (cv.fn) refs.push(...cv.fn);
    else if (recv?.inst && calleeName) refs.push({ imp: recv.inst.spec, name: recv.inst.name, member: calleeName });
    else if (cv.imp && (cv.imp.spec.startsWith('.') || cv.imp.spec.startsWith('/'))) {
      const spec = resolveSpecifier(this.file, cv.imp.spec);
      if (cv.imp.path.length === 0) refs.push({ imp: spec, name: cv.imp.name });
      else if (cv.imp.path.length === 1) refs.push(cv.imp.name === '*' ? { imp: spec, name: cv.imp.path[0]! } : { imp: spec, name: cv.imp.name, member: cv.imp.path[0] });
    }
    const step = this.step(c, `call of ${this.text(callee)}()`);
    const argsS = args.map((a) => toValS(a));
    if (refs.length) {
      const argFns: Record<number, FnRef[]> = {};
      let anyFn = false;
      args.forEach((a, i) => { if (a.fn?.length) { argFns[i] = a.fn; anyFn = true; } });
      this.out.calls.push({ callee: refs, args: argsS, recv: recv ? toValS(recv) : undefined, res, step, fallback: true, ...(anyFn ? { argFns } : {}), ...spreadProp(c.arguments) });
      return result;
    }
    // A call of the enclosing function's parameter: the linker connects it to the callbacks callers pass.
    if (ts.isIdentifier(callee)) {
      const b = this.lookup(callee.text);
      const owner = b ? this.paramOwner.get(b.node) : undefined;
      if (owner) this.out.paramCalls.push({ fn: owner.fn, param: owner.index, args: argsS, res, step, ...spreadProp(c.arguments) });
    }

    // Unknown callee: the result carries its arguments and receiver (String(x), x.toFixed(), JSON.stringify(x)).
    for (const a of args) if (!a.fn && !a.setter) this.flow(a, res, step);
    // A state setter passed as the callback (promise.then(setHeartRate)) receives what the callback would.
    for (const a of args) {
      if (a.setter && recv && calleeName !== 'catch' && !isEmptyVal(recv)) this.flow(recv, a.setter, this.step(c, `state set through ${calleeName || 'a call'}()`));
    }
    if (recv && !isEmptyVal(recv)) this.flow(recv, res, step);
    // Callbacks of unknown calls (arr.map(cb), promise.then(cb)) see the receiver; their results come back.
    const fnArgs = args.filter((a) => a.fn);
    if (fnArgs.length) {
      const isReduce = calleeName === 'reduce' || calleeName === 'reduceRight';
      const isCatch = calleeName === 'catch';
      for (const a of fnArgs) for (const f of a.fn!) {
        if (recv && !isCatch && !isEmptyVal(recv)) this.out.paramFlows.push({ from: toValS(recv), fn: f, param: isReduce ? 1 : 0, step: this.step(c, `passed to the callback of ${calleeName || 'a call'}()`) });
        if (isReduce) {
          if (args[1]) this.out.paramFlows.push({ from: toValS(args[1]), fn: f, param: 0, step });
          this.out.retFlows.push({ fn: f, to: this.fnParams.get((f as { f: string }).f ?? '')?.[0] ?? res, step });
        }
        this.out.retFlows.push({ fn: f, to: res, step: this.step(c, `returned from the callback of ${calleeName || 'a call'}()`) });
      }
      if (calleeName === 'then' && recv?.hkRead) result.hkRead = true;
      if (calleeName === 'useCallback' || calleeName === 'memo' || calleeName === 'forwardRef') result.fn = fnArgs[0]!.fn;
    }
    if (calleeName === 'all' && ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Promise') {
      if (args.some((a) => a.hkRead)) result.hkRead = true;
    }
    if (recv?.hkRead && ['map', 'filter', 'slice', 'find', 'sort', 'concat', 'flat', 'flatMap'].includes(calleeName)) result.hkRead = true;
    return result;
  }

  private reactHook(callee: ts.Expression): string | undefined {
    if (ts.isIdentifier(callee)) {
      const b = this.lookup(callee.text);
      if (b?.isReactImport && b.isReactImport !== '*' && REACT_HOOKS.has(b.isReactImport)) return b.isReactImport;
      if (!b && REACT_HOOKS.has(callee.text)) return callee.text;
    } else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && REACT_HOOKS.has(callee.name.text)) {
      const b = this.lookup(callee.expression.text);
      if (b?.isReactImport === '*' || callee.expression.text === 'React') return callee.name.text;
    }
    return undefined;
  }

  private reactCall(hook: string, c: ts.CallExpression): Val {
    const args = c.arguments.map((a) => this.ev(a));
    const res = this.newNode('c', c.pos);
    switch (hook) {
      case 'useState': {
        if (args[0]) {
          this.flow(args[0], res, this.step(c, 'initial state'));
          for (const f of args[0].fn ?? []) this.out.retFlows.push({ fn: f, to: res, step: -1 });
        }
        return { n: [res], p: [], setter: res, hkRead: args[0]?.hkRead };
      }
      case 'useReducer': {
        const reducer = args[0]?.fn ?? [];
        if (args[1]) this.flow(args[1], res, this.step(c, 'initial state'));
        for (const r of reducer) {
          this.out.paramFlows.push({ from: { n: [res] }, fn: r, param: 0, step: -1 });
          this.out.retFlows.push({ fn: r, to: res, step: this.step(c, 'reducer state') });
        }
        return { n: [res], p: [], dispatch: { state: res, reducer } };
      }
      case 'useRef': {
        const out: Val = { n: [res], p: [], f: new Map() };
        if (args[0]) out.f!.set('current', args[0]);
        return out;
      }
      case 'useMemo': {
        for (const f of args[0]?.fn ?? []) this.out.retFlows.push({ fn: f, to: res, step: this.step(c, 'memoised by useMemo()') });
        return { n: [res], p: [] };
      }
      case 'useCallback':
        return args[0] ?? E();
      case 'useContext':
        return args[0] ? { n: args[0].n.filter((x) => !x.includes('#')).map((x) => `${x}$ctx`), p: [] } : E();
      case 'createContext':
        // The context's value lives in its own node ("<ctx>$ctx"); the linker copies it along imports.
        if (args[0]) this.flow(args[0], `${res}$ctx`, -1);
        return { n: [res], p: [], ctx: true };
      default:
        return E();
    }
  }

  private newExpr(n: ts.NewExpression): Val {
    if (ts.isIdentifier(n.expression) && n.expression.text === 'Promise' && !this.lookup('Promise')) {
      // new Promise((resolve) => ... resolve(x)): what is resolved flows into the promise.
      const res = this.newNode('c', n.pos);
      const fn = n.arguments?.[0];
      if (fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && fn.parameters[0] && ts.isIdentifier(fn.parameters[0].name)) {
        this.pendingResolver.set(this.newNode('v', fn.parameters[0].name.pos), res);
      }
      for (const a of n.arguments ?? []) this.ev(a);
      return { n: [res], p: [] };
    }
    const cv = this.ev(n.expression);
    const args = (n.arguments ?? []).map((a) => this.ev(a));
    const res = this.newNode('c', n.pos);
    const result: Val = { n: [res], p: [] };
    const apiResults: ApiVal[] = [];
    let handled = false;
    for (const a of cv.api ?? []) {
      const r = this.apiCall(n, a, args, true, result);
      if (r === true) handled = true;
      else if (r) { apiResults.push(...r); handled = true; }
    }
    if (apiResults.length) result.api = apiResults;
    if (handled) return result;
    if (cv.cls) {
      result.cls = cv.cls;
      const ctor = this.classInfos.get(cv.cls)?.methods.get('constructor');
      if (ctor) this.out.calls.push({ callee: [{ f: ctor }], args: args.map((a) => toValS(a)), res, step: this.step(n, `new ${this.text(n.expression)}()`), fallback: false });
      return result;
    }
    if (cv.imp && cv.imp.spec.startsWith('.')) {
      const spec = resolveSpecifier(this.file, cv.imp.spec);
      const name = cv.imp.name === '*' && cv.imp.path.length ? cv.imp.path[0]! : cv.imp.name;
      this.out.calls.push({ callee: [{ imp: spec, name, member: 'constructor' }], args: args.map((a) => toValS(a)), res, step: this.step(n, `new ${this.text(n.expression)}()`), fallback: true });
      result.inst = { spec, name };
      return result;
    }
    const st = this.step(n, `new ${this.text(n.expression)}()`);
    for (const a of args) this.flow(a, res, st);
    return result;
  }


  // ---- catalog API calls ---------------------------------------------------------------------------------------

  /** Returns true when the call was a source / sink / usage, API handles for intermediate chain calls, or undefined. */
  private apiCall(c: ts.CallExpression | ts.NewExpression, a: ApiVal, args: Val[], isNew: boolean, result: Val): ApiVal[] | true | undefined {
    const root = a.root;
    const callPath = a.path + (isNew ? 'new()' : '()');
    switch (root.kind) {
      case 'hk': return this.hkCall(c, a, args, result);
      case 'motion': return this.motionCall(c, a, args, result);
      case 'ble': return this.bleCall(c, a, args, isNew, result);
      case 'network': return this.networkCall(c, a, args, isNew, result);
      default: {
        const sink = root.sink!;
        if (isNew && sink.chains.has(`${a.path}${NEW_SINK}`)) {
          this.sinkCall(c, args, sink.args, { category: sink.category, kind: sink.kind, vendor: sink.vendor, api: `${sink.id} new ${this.text(c.expression)}()` });
          return true;
        }
        if (!isNew && sink.chains.has(a.path)) {
          if (a.safe) return true;
          this.sinkCall(c, args, sink.args, { category: sink.category, kind: sink.kind, vendor: sink.vendor, api: `${sink.vendor ? `${sink.id} ` : ''}${this.text(c.expression)}` });
          return true;
        }
        if (sink.prefixes.has(callPath) || sink.chains.has(callPath)) {
          let safe = a.safe;
          if (sink.unlessOption && hasOption(c.arguments?.[sink.unlessOption.arg], sink.unlessOption.option, (id) => this.constInit(id))) safe = true;
          return [{ ...a, path: callPath, safe }];
        }
        return undefined;
      }
    }
  }

  private sinkCall(c: ts.CallExpression | ts.NewExpression, args: Val[], which: number[] | undefined, info: { category?: string; kind: string; vendor?: string; api: string; url?: CExpr; baseUrl?: CExpr; isNetwork?: boolean }): void {
    const node = this.newNode('k', c.pos);
    this.out.sinks.push({ node, at: this.loc(c), ...info });
    const st = this.step(c, `sink: ${info.api}`);
    const spread = spreadIndex(c.arguments);
    args.forEach((a, i) => {
      if (!argReaches(which, i, spread)) return;
      this.flow(a, node, st);
      for (const f of a.fn ?? []) this.out.retFlows.push({ fn: f, to: node, step: st });
    });
  }

  private hkSpecFor(lib: NonNullable<RootSpec['hk']>, name: string): { spec: HkFunctionSpec; kind: string } | undefined {
    const r = lib.reads?.[name];
    if (r) return { spec: r, kind: r.kind ?? 'read' };
    const h = lib.hooks?.[name];
    if (h) return { spec: { ...h, kind: h.kind ?? 'read' }, kind: h.kind ?? 'read' };
    const o = lib.observe?.[name];
    if (o) return { spec: { ...o, deliversData: false }, kind: 'observe' };
    const w = lib.writes?.[name];
    if (w) return { spec: w, kind: 'write' };
    return undefined;
  }

  private hkCall(c: ts.CallExpression | ts.NewExpression, a: ApiVal, args: Val[], result: Val): true | undefined {
    const lib = a.root.hk!;
    const toks = a.path.split('.').filter(Boolean);
    const name = toks[toks.length - 1];
    if (!name) return undefined;
    const at = this.loc(c);
    const rawArgs = [...(c.arguments ?? [])];
    if (lib.authorization?.[name]) {
      this.out.usage.auth.push({ lib: lib.id, api: name, at, args: rawArgs.map((x) => this.cexpr(x)) });
      this.out.usage.hk.push({ kind: 'authorization', lib: lib.id, api: name, at, types: [] });
      if (lib.authorizationStatus?.includes(name)) result.status = true;
      return true;
    }
    if (lib.authorizationStatus?.includes(name)) {
      this.out.usage.hk.push({ kind: 'authorization-status', lib: lib.id, api: name, at, types: [] });
      result.status = true;
      this.seedCallback(c, args, rawArgs, lib.delivery, undefined, { status: true });
      return true;
    }
    const bg = lib.backgroundDelivery;
    const bgSpec = Array.isArray(bg) ? (bg.includes(name) ? {} : undefined) : bg?.[name];
    if (bgSpec) {
      this.out.usage.hk.push({ kind: 'background-delivery', lib: lib.id, api: name, at, types: bgSpec.types ?? [], typeExpr: bgSpec.typeArg ? this.argCExpr(rawArgs, bgSpec.typeArg) : undefined, typeMap: bgSpec.typeMap });
    }
    // NativeEventEmitter(AppleHealthKit).addListener('healthKit:HeartRate:new', cb) is handled by the emitter code path.
    const hit = this.hkSpecFor(lib, name);
    if (!hit) return bgSpec ? true : undefined;
    const { spec, kind } = hit;
    const typeExpr = spec.typeArg ? this.argCExpr(rawArgs, spec.typeArg) : undefined;
    const api = `${lib.id} ${name}`;
    this.out.usage.hk.push({ kind, lib: lib.id, api: name, at, types: spec.types ?? [], typeExpr, typeMap: spec.typeMap });
    const node = this.newNode('s', c.pos);
    if (kind === 'write') {
      const src: SourceRec = { node, kind: 'healthkit-write', api, at, lib: lib.id, types: spec.types ?? [], typeExpr, typeMap: spec.typeMap };
      this.out.sources.push(src);
      const valueExpr = spec.value ? this.argPath(rawArgs, spec.value) : undefined;
      if (valueExpr) {
        const st = this.step(c, `written to HealthKit: ${name}`);
        for (const target of this.valueRoots(valueExpr)) this.out.edges.push([node, target, st, 0]);
      }
      return true;
    }
    if (spec.deliversData === false) return true;
    const src: SourceRec = { node, kind: 'healthkit-read', api, at, lib: lib.id, types: spec.types ?? [], typeExpr, typeMap: spec.typeMap };
    this.out.sources.push(src);
    this.seedCallback(c, args, rawArgs, spec.callbackArg !== undefined ? { style: 'callback', callbackArg: spec.callbackArg, param: spec.param } : lib.delivery, node, { hkRead: true }, name);
    result.hkRead = true;
    return true;
  }

  /** Delivers a source value: into the callback's parameter, or the call's result (promise / return / hook). */
  private seedCallback(c: ts.CallExpression | ts.NewExpression, args: Val[], rawArgs: ts.Expression[], delivery: { style: string; callbackArg?: number; param?: number; promiseWhenNoCallback?: boolean } | undefined, src: string | undefined, flags: { hkRead?: boolean; status?: boolean }, name?: string): void {
    const res = this.newNode('c', c.pos);
    const st = src ? this.step(c, `source: ${name ?? 'read'}()`) : -1;
    if (delivery?.style === 'callback') {
      const idx = delivery.callbackArg! < 0 ? args.length + delivery.callbackArg! : delivery.callbackArg!;
      const cb = args[idx];
      if (cb?.fn) {
        for (const f of cb.fn) {
          if (src) this.out.paramFlows.push({ from: { p: [src] }, fn: f, param: delivery.param ?? 0, step: st });
          if ('f' in f) {
            const p = this.fnParams.get(f.f)?.[delivery.param ?? 0];
            const b = p ? this.bindingsByNode.get(p) : undefined;
            if (b) { if (flags.hkRead) b.hkRead = true; if (flags.status) b.status = true; }
          }
        }
        return;
      }
      if (!delivery.promiseWhenNoCallback) return;
    }
    if (src) this.out.edges.push([src, res, st, 0]);
  }

  private motionCall(c: ts.CallExpression | ts.NewExpression, a: ApiVal, args: Val[], result: Val): true | undefined {
    const lib = a.root.motion!;
    const name = a.path.split('.').filter(Boolean).pop();
    if (!name) return undefined;
    const at = this.loc(c);
    this.out.usage.motion.push({ lib: lib.id, api: name, at });
    const spec = lib.reads[name];
    if (!spec) return true;
    const node = this.newNode('s', c.pos);
    this.out.sources.push({ node, kind: 'motion', api: `${lib.id} Pedometer.${name}`, at, lib: lib.id, types: spec.types ?? [] });
    this.seedCallback(c, args, [...(c.arguments ?? [])], spec.callbackArg !== undefined ? { style: 'callback', callbackArg: spec.callbackArg, param: spec.param } : { style: 'promise' }, node, {}, name);
    result.hkRead = true;
    return true;
  }

  private bleCall(c: ts.CallExpression | ts.NewExpression, a: ApiVal, args: Val[], isNew: boolean, result: Val): ApiVal[] | true | undefined {
    const lib = a.root.ble!;
    const at = this.loc(c);
    const callPath = a.path + (isNew ? 'new()' : '()');
    const toks = a.path.match(/\.[\w$]+/g) ?? [];
    const method = toks.length ? toks[toks.length - 1]!.slice(1) : '';
    const rawArgs = [...(c.arguments ?? [])];
    for (const s of lib.sources) {
      const byChain = s.chains?.some((ch) => ch === a.path || ch === a.path.replace(/^new\(\)/, 'new()'));
      const byMethod = s.methods?.includes(method);
      if (!byChain && !byMethod) continue;
      if (s.event) {
        const ev = rawArgs[0];
        if (!ev || !ts.isStringLiteralLike(ev) || ev.text !== s.event) continue;
      }
      this.out.usage.bluetooth.push({ lib: lib.id, api: method || a.path, at });
      const node = this.newNode('s', c.pos);
      this.out.sources.push({ node, kind: 'ble-health', api: `${lib.id} ${method}`, at, lib: lib.id, types: [], uuids: s.uuidArgs.map((i) => rawArgs[i] ? this.cexpr(rawArgs[i]!) : { k: 'u' }) });
      this.seedCallback(c, args, rawArgs, s.promise ? { style: 'promise' } : { style: 'callback', callbackArg: s.callbackArg, param: s.param }, node, {}, method);
      return true;
    }
    if (isNew || toks.length === 1) this.out.usage.bluetooth.push({ lib: lib.id, api: method || 'new', at });
    // The BleManager instance (and devices, services and characteristics it hands out) keep the root.
    if (isNew) return [{ ...a, path: callPath }];
    return [{ ...a, path: '' }];
  }

  private networkCall(c: ts.CallExpression | ts.NewExpression, a: ApiVal, args: Val[], isNew: boolean, result: Val): ApiVal[] | true | undefined {
    const net = a.root.network!;
    const callPath = a.path + (isNew ? 'new()' : '()');
    const rawArgs = [...(c.arguments ?? [])];
    if (net.factories.has(callPath)) {
      const cfg = rawArgs[net.instanceUrlArg ?? 0];
      let baseUrl: CExpr | undefined = a.baseUrl;
      if (net.instanceUrlArg !== undefined && cfg) baseUrl = this.urlCExpr(cfg);
      else if (net.baseUrlOption && cfg) {
        const opt = optionExpr(cfg, net.baseUrlOption, (id) => this.constInit(id));
        if (opt) baseUrl = this.urlCExpr(opt);
      }
      return [{ ...a, path: callPath, baseUrl }];
    }
    // XMLHttpRequest: open(method, url) records the URL on the instance.
    const toks = a.path.match(/\.[\w$]+/g) ?? [];
    const method = toks.length ? toks[toks.length - 1]!.slice(1) : '';
    if (net.openMethod && method === net.openMethod && ts.isCallExpression(c) && ts.isPropertyAccessExpression(c.expression) && ts.isIdentifier(c.expression.expression)) {
      const b = this.lookup(c.expression.expression.text);
      const u = rawArgs[net.openUrlArg ?? 1];
      if (b?.api && u) b.api = b.api.map((x) => (x.root === a.root ? { ...x, baseUrl: this.urlCExpr(u) } : x));
      return true;
    }
    if (net.sendMethods?.includes(method)) {
      this.sinkCall(c, args, undefined, { kind: 'network', api: `${net.id} ${method}`, url: a.baseUrl, isNetwork: true });
      return true;
    }
    if (!isNew && net.chains.has(a.path)) {
      let urlArg = rawArgs[net.urlArg];
      if (urlArg && net.configUrlField && ts.isObjectLiteralExpression(urlArg)) urlArg = optionExpr(urlArg, net.configUrlField, () => undefined) ?? urlArg;
      const url = urlArg ? this.urlCExpr(urlArg) : undefined;
      this.sinkCall(c, args, undefined, { kind: 'network', api: `${this.text(c.expression)}`, url, baseUrl: a.baseUrl, isNetwork: true });
      // superagent: request.post(url).send(data) continues the same request.
      if (net.dataMethods) return [{ ...a, path: `${a.path}()`, baseUrl: url }];
      return true;
    }
    if (net.dataMethods && a.path.endsWith(`.${method}`) && net.dataMethods.includes(method) && a.path.includes('()')) {
      this.sinkCall(c, args, undefined, { kind: 'network', api: `${net.id} ${method}`, url: a.baseUrl, isNetwork: true });
      return [{ ...a, path: a.path.slice(0, a.path.lastIndexOf('.')) }];
    }
    return undefined;
  }

  // ---- JSX --------------------------------------------------------------------------------------------------

  private jsx(e: ts.JsxElement | ts.JsxSelfClosingElement | ts.JsxFragment): void {
    if (ts.isJsxFragment(e)) { for (const ch of e.children) this.jsxChild(ch); return; }
    const open = ts.isJsxElement(e) ? e.openingElement : e;
    const props: Val = { n: [], p: [], f: new Map() };
    for (const attr of open.attributes.properties) {
      if (ts.isJsxAttribute(attr)) {
        const name = ts.isIdentifier(attr.name) ? attr.name.text : attr.name.getText(this.sf);
        const init = attr.initializer;
        if (init && ts.isJsxExpression(init) && init.expression) props.f!.set(name, this.ev(init.expression, name));
        else if (init && (ts.isJsxElement(init) || ts.isJsxSelfClosingElement(init))) this.jsx(init);
      } else if (ts.isJsxSpreadAttribute(attr)) {
        const v = this.ev(attr.expression);
        props.n.push(...v.n); props.p.push(...v.p);
        if (v.f) for (const [k, fv] of v.f) props.f!.set(k, fv);
      }
    }
    if (ts.isJsxElement(e)) {
      const kids: Val[] = [];
      for (const ch of e.children) { const v = this.jsxChild(ch); if (v) kids.push(v); }
      if (kids.length) props.f!.set('children', mergeVals(kids));
    }
    const tag = open.tagName;
    if (ts.isIdentifier(tag) && /^[a-z]/.test(tag.text)) return;
    const tv = this.ev(tag as ts.Expression);
    // <Ctx.Provider value={v}>
    if (ts.isPropertyAccessExpression(tag) && tag.name.text === 'Provider') {
      const ctx = this.ev(tag.expression);
      const value = props.f!.get('value');
      if (value) for (const x of ctx.n) if (!x.includes('#')) this.flow(value, `${x}$ctx`, this.step(tag, 'provided through context'));
      return;
    }
    for (const a of tv.api ?? []) {
      const s = a.root.sink;
      if (s?.jsx?.length) {
        const which = s.jsx.includes('*') ? [...props.f!.keys()] : s.jsx;
        const vals = which.map((k) => props.f!.get(k)).filter((x): x is Val => !!x);
        if (vals.length) this.sinkCall(open as unknown as ts.CallExpression, vals, undefined, { category: s.category, kind: s.kind, vendor: s.vendor, api: `${s.id} <${this.text(tag)}>` });
        return;
      }
    }
    const refs: FnRef[] = [...(tv.fn ?? [])];
    if (!refs.length && tv.imp && tv.imp.spec.startsWith('.')) {
      const spec = resolveSpecifier(this.file, tv.imp.spec);
      refs.push(tv.imp.path.length ? { imp: spec, name: tv.imp.name === '*' ? tv.imp.path[0]! : tv.imp.name, member: tv.imp.name === '*' ? undefined : tv.imp.path[0] } : { imp: spec, name: tv.imp.name });
    }
    if (!refs.length || isEmptyVal(props)) return;
    const st = this.step(tag, `props of <${this.text(tag)}>`);
    for (const f of refs) this.out.paramFlows.push({ from: toValS(props), fn: f, param: 0, step: st });
  }

  private jsxChild(ch: ts.JsxChild): Val | undefined {
    if (ts.isJsxExpression(ch)) return ch.expression ? this.ev(ch.expression) : undefined;
    if (ts.isJsxElement(ch) || ts.isJsxSelfClosingElement(ch) || ts.isJsxFragment(ch)) this.jsx(ch);
    return undefined;
  }

  // ---- symbolic constants -------------------------------------------------------------------------------------

  private constInit(id: ts.Identifier): ts.Expression | undefined {
    const b = this.lookup(id.text);
    return b?.isConst ? b.init : undefined;
  }

  private argPath(args: ts.Expression[], p: string): ts.Expression | undefined {
    const [idx, ...props] = p.split('.');
    let e: ts.Expression | undefined = args[Number(idx)];
    for (const prop of props) {
      if (!e) return undefined;
      e = optionExpr(e, prop, (id) => this.constInit(id));
    }
    return e;
  }

  private argCExpr(args: ts.Expression[], p: string): CExpr {
    const [idx, ...props] = p.split('.');
    const a = args[Number(idx)];
    if (!a) return { k: 'u' };
    let c = this.cexpr(a);
    for (const prop of props) c = navigate(c, prop);
    return c;
  }

  /** Variable nodes that a written value comes from: `bpm`, `sample.value`. */
  private valueRoots(e: ts.Expression): string[] {
    const out: string[] = [];
    const visit = (x: ts.Node): void => {
      if (ts.isIdentifier(x)) {
        const b = this.lookup(x.text);
        if (b && !b.fn && !b.api) out.push(b.node);
        return;
      }
      if (ts.isPropertyAccessExpression(x) && ts.isIdentifier(x.expression)) {
        const b = this.lookup(x.expression.text);
        if (b && !b.api) out.push(`${b.node}#${x.name.text}`);
        return;
      }
      if (ts.isObjectLiteralExpression(x)) {
        for (const p of x.properties) {
          if (ts.isPropertyAssignment(p) && /^(value|quantity|systolic|diastolic|samples|quantities)$/.test(propName(p.name) ?? '')) visit(p.initializer);
          else if (ts.isShorthandPropertyAssignment(p) && /^(value|quantity|systolic|diastolic|samples|quantities)$/.test(p.name.text)) visit(p.name);
        }
        return;
      }
      if (ts.isCallExpression(x)) { x.arguments.forEach(visit); return; }
      ts.forEachChild(x, visit);
    };
    visit(e);
    return out;
  }

  cexpr(e: ts.Expression): CExpr {
    if (this.constDepth > 8) return { k: 'u' };
    this.constDepth++;
    try { return this.cexpr0(e); } finally { this.constDepth--; }
  }

  private cexpr0(e: ts.Expression): CExpr {
    const at = this.loc(e);
    if (ts.isStringLiteralLike(e)) return { k: 's', v: e.text, at };
    if (ts.isNumericLiteral(e)) return { k: 's', v: e.getText(this.sf), at };
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e)) return this.cexpr(e.expression);
    if (ts.isArrayLiteralExpression(e)) return { k: 'a', i: e.elements.map((x) => (ts.isSpreadElement(x) ? { k: 'spread', e: this.cexpr(x.expression) } : this.cexpr(x))) };
    if (ts.isObjectLiteralExpression(e)) {
      const p: Record<string, CExpr> = {};
      for (const prop of e.properties) {
        if (ts.isPropertyAssignment(prop)) { const k = propName(prop.name); if (k) p[k] = this.cexpr(prop.initializer); }
        else if (ts.isShorthandPropertyAssignment(prop)) p[prop.name.text] = this.cexpr(prop.name);
        else if (ts.isSpreadAssignment(prop)) p[`...${Object.keys(p).length}`] = { k: 'spread', e: this.cexpr(prop.expression) };
      }
      return { k: 'o', p };
    }
    if (ts.isIdentifier(e)) {
      const b = this.lookup(e.text);
      if (!b) return { k: 'u', at };
      if (b.isConst && b.init) {
        const c = this.cexpr(b.init);
        return withAt(c, at);
      }
      if (b.enumConst) return b.enumConst;
      if (b.imp && !b.api) {
        const [name, ...rest] = b.imp.name.split('.');
        return { k: 'imp', spec: resolveSpecifier(this.file, b.imp.spec), name: name!, path: rest, at };
      }
      if (b.api) return this.apiConst(b.api, '', at);
      return { k: 'u', at };
    }
    if (ts.isPropertyAccessExpression(e) || (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression))) {
      const key = ts.isPropertyAccessExpression(e) ? e.name.text : (e.argumentExpression as ts.StringLiteral).text;
      // Library constants: AppleHealthKit.Constants.Permissions.HeartRate, HKQuantityTypeIdentifier.heartRate.
      const chain = accessChain(e);
      if (chain) {
        const b = this.lookup(chain[0]!);
        if (b?.api) {
          const c = this.apiConst(b.api, chain.slice(1).map((x) => `.${x}`).join(''), at);
          if (c.k !== 'u') return c;
        }
      }
      const base = this.cexpr(e.expression);
      if (base.k === 'imp') return { ...base, path: [...base.path, key], at };
      const nav = navigate(base, key);
      return nav.k === 'u' ? { k: 'u', at } : withAt(nav, at);
    }
    if (ts.isTemplateExpression(e)) {
      return { k: 'cat', parts: [{ k: 's', v: e.head.text }, ...e.templateSpans.flatMap((s): CExpr[] => [this.cexpr(s.expression), { k: 's', v: s.literal.text }])] };
    }
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return { k: 'cat', parts: [this.cexpr(e.left), this.cexpr(e.right)] };
    return { k: 'u', at };
  }

  private apiConst(api: ApiVal[], rest: string, at: Loc): CExpr {
    for (const a of api) {
      if (a.root.kind !== 'hk') continue;
      const lib = a.root.hk!;
      const full = a.path + rest;
      for (const pc of lib.permissionConstants ?? []) {
        const prefix = `.${pc}.`;
        if (full.startsWith(prefix)) return { k: 'perm', lib: lib.id, name: full.slice(prefix.length), at };
      }
      for (const en of lib.identifierEnums ?? []) {
        const prefix = `.${en}.`;
        if (full.startsWith(prefix)) return { k: 'perm', lib: lib.id, name: `${en}.${full.slice(prefix.length)}`, at };
      }
    }
    return { k: 'u', at };
  }

  private urlCExpr(e: ts.Expression): CExpr {
    return this.cexpr(e);
  }

  // ---- read-denial inference -------------------------------------------------------------------------------------

  /** `if (!samples.length) showAlert('Permission denied')`: an empty HealthKit read taken for a denial. */
  private readDenialCheck(i: ts.IfStatement): void {
    const cond = i.expression;
    const subject = emptinessSubject(cond);
    if (!subject) return;
    const b = this.lookup(subject);
    if (!b) return;
    let hit: string | undefined;
    const visit = (n: ts.Node): void => {
      if (hit) return;
      if (ts.isStringLiteralLike(n) && DENIAL_TEXT.test(n.text)) { hit = n.text; return; }
      if (ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) { if (DENIAL_TEXT.test(n.text)) { hit = n.text; return; } }
      if (ts.isIdentifier(n) && /denied|unauthori[sz]ed|permission/i.test(n.text)) { hit = n.text; return; }
      ts.forEachChild(n, visit);
    };
    visit(i.thenStatement);
    if (hit) this.denialCandidates.push({ b, direct: false, at: this.loc(cond), note: `treats an empty HealthKit read of ${subject} as a denial ("${hit.slice(0, 40)}")`, kind: 'read' });
  }
}

/** A scalar constant reached through a name takes the location of the reference (where a request lists it). */
function spreadIndex(args: ts.NodeArray<ts.Expression> | undefined): number | undefined {
  const i = args ? args.findIndex((a) => ts.isSpreadElement(a)) : -1;
  return i >= 0 ? i : undefined;
}

function spreadProp(args: ts.NodeArray<ts.Expression> | undefined): { spread?: number } {
  const i = spreadIndex(args);
  return i === undefined ? {} : { spread: i };
}

function withAt(c: CExpr, at: Loc): CExpr {
  if (c.k === 's' || c.k === 'u' || c.k === 'perm' || c.k === 'imp') return { ...c, at };
  return c;
}


function emptinessSubject(cond: ts.Expression): string | undefined {
  let e = cond;
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
    let o: ts.Expression = e.operand;
    while (ts.isParenthesizedExpression(o)) o = o.expression;
    if (ts.isIdentifier(o)) return o.text;
    if (ts.isPropertyAccessExpression(o) && o.name.text === 'length' && ts.isIdentifier(o.expression)) return o.expression.text;
    if (ts.isPropertyAccessChain?.(o) && ts.isIdentifier(o.expression)) return o.expression.text;
    return undefined;
  }
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.BarBarToken) return emptinessSubject(e.left) ?? emptinessSubject(e.right);
    const isEq = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken || op === ts.SyntaxKind.LessThanToken || op === ts.SyntaxKind.LessThanEqualsToken;
    if (!isEq) return undefined;
    const l = e.left;
    const r = e.right;
    const zeroish = (x: ts.Expression): boolean => (ts.isNumericLiteral(x) && (x.text === '0' || x.text === '1')) || x.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(x) && x.text === 'undefined');
    if (!zeroish(r)) return undefined;
    if (ts.isPropertyAccessExpression(l) && l.name.text === 'length' && ts.isIdentifier(l.expression)) return l.expression.text;
    if (ts.isIdentifier(l)) return l.text;
  }
  return undefined;
}

function rootIdentifier(e: ts.Node): string | undefined {
  let x: ts.Node = e;
  while (ts.isPropertyAccessExpression(x) || ts.isElementAccessExpression(x) || ts.isCallExpression(x) || ts.isParenthesizedExpression(x) || ts.isNonNullExpression(x)) x = x.expression;
  return ts.isIdentifier(x) ? x.text : undefined;
}

function accessChain(e: ts.Expression): string[] | undefined {
  const out: string[] = [];
  let x: ts.Expression = e;
  for (;;) {
    if (ts.isPropertyAccessExpression(x)) { out.unshift(x.name.text); x = x.expression; continue; }
    if (ts.isElementAccessExpression(x) && ts.isStringLiteralLike(x.argumentExpression)) { out.unshift(x.argumentExpression.text); x = x.expression; continue; }
    if (ts.isIdentifier(x)) { out.unshift(x.text); return out; }
    return undefined;
  }
}

function propName(n: ts.PropertyName | ts.ModuleExportName): string | undefined {
  if (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isNumericLiteral(n) || ts.isPrivateIdentifier(n)) return n.text.replace(/#/g, '');
  return undefined;
}

function hasExport(n: ts.Node): boolean {
  return ts.canHaveModifiers(n) && !!ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function isAmbient(n: ts.Node): boolean {
  return ts.canHaveModifiers(n) && !!ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword);
}

function hasDefault(n: ts.Node): boolean {
  return ts.canHaveModifiers(n) && !!ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

function bindingNames(n: ts.BindingName): string[] {
  if (ts.isIdentifier(n)) return [n.text];
  const out: string[] = [];
  for (const el of n.elements) if (!ts.isOmittedExpression(el)) out.push(...bindingNames(el.name));
  return out;
}

function exits(s: ts.Statement): boolean {
  if (ts.isReturnStatement(s) || ts.isThrowStatement(s)) return true;
  if (ts.isBlock(s)) { const last = s.statements[s.statements.length - 1]; return !!last && exits(last); }
  return false;
}

function requireSpec(e: ts.Expression): string | undefined {
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require' && e.arguments.length === 1 && ts.isStringLiteralLike(e.arguments[0]!)) return e.arguments[0].text;
  return undefined;
}

function optionExpr(e: ts.Expression, key: string, constInit: (id: ts.Identifier) => ts.Expression | undefined): ts.Expression | undefined {
  let x: ts.Expression | undefined = e;
  for (let i = 0; i < 4 && x; i++) {
    while (x && (ts.isParenthesizedExpression(x) || ts.isAsExpression(x) || ts.isSatisfiesExpression(x))) x = x.expression;
    if (x && ts.isIdentifier(x)) { x = constInit(x); continue; }
    break;
  }
  if (!x || !ts.isObjectLiteralExpression(x)) return undefined;
  for (const p of x.properties) {
    if (ts.isPropertyAssignment(p) && propName(p.name) === key) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === key) return p.name;
  }
  return undefined;
}

/** Whether an options object (inline, or a const object, `const options = { encryptionKey }`) sets `key`. */
function hasOption(e: ts.Expression | undefined, key: string, constInit: (id: ts.Identifier) => ts.Expression | undefined): boolean {
  return !!e && optionExpr(e, key, constInit) !== undefined;
}

