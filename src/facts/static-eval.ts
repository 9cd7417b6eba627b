import { createRequire } from 'node:module';
import type { ts as TS } from 'ts-morph';
import type { Diagnostic, SourceLocation } from '../findings/types.js';
import { entry, LineMap, type LEntry, type LNode, type LObject } from './located.js';

type Ts = typeof TS;
let tsModule: Ts | undefined;

/** TypeScript is loaded on first use only: most scans have no app.config.ts and start-up time matters. */
function loadTs(): Ts {
  tsModule ??= (createRequire(import.meta.url)('ts-morph') as { ts: Ts }).ts;
  return tsModule;
}

/** An object whose spread of an unevaluable value may have added keys we cannot see. */
export interface LObjectWithSpreads extends LObject { unknownSpreads?: SourceLocation[] }

interface Binding { value?: LNode; expr?: TS.Expression; env?: Env; pending?: boolean }
type Env = Map<string, Binding>[];

export interface ModuleExport {
  /** The exported configuration; undefined when the module has no recognisable export. */
  value?: LNode;
  /** True when the export is a function of the incoming config (Expo's dynamic config). */
  isFunction: boolean;
}

/**
 * Statically evaluates the default export of a config module (app.config.ts, capacitor.config.ts)
 * with the TypeScript parser. Nothing is executed: literals, local constants, spreads, simple
 * template literals and property reads are folded; anything else becomes an `unknown` node.
 * `incoming` is what a function export receives as `config` (Expo passes the app.json config).
 */
export function evaluateConfigModule(file: string, text: string, diagnostics: Diagnostic[], incoming?: LNode): ModuleExport {
  const ts = loadTs();
  const kind = /\.(c|m)?tsx?$/.test(file) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const parseErrors = (sf as unknown as { parseDiagnostics?: TS.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  if (parseErrors.length > 0) {
    const first = parseErrors[0]!;
    const { line, character } = sf.getLineAndCharacterOfPosition(first.start);
    const message = ts.flattenDiagnosticMessageText(first.messageText, ' ');
    diagnostics.push({
      file,
      message: `syntax error: ${message}${parseErrors.length > 1 ? ` (and ${parseErrors.length - 1} more)` : ''}; the rest of the file is read as far as it parses`,
      line: line + 1,
      column: character + 1,
      severity: 'warning',
    });
  }
  const lines = new LineMap(file, text);
  const locOf = (node: TS.Node): SourceLocation => lines.loc(node.getStart(sf), node.end);
  const unknown = (node: TS.Node): LNode => ({ kind: 'unknown', loc: locOf(node), text: node.getText(sf).slice(0, 80) });
  const nullAt = (node: TS.Node): LNode => ({ kind: 'scalar', value: null, loc: locOf(node) });

  const moduleScope = new Map<string, Binding>();
  const moduleEnv: Env = [moduleScope];
  let exported: { expr?: TS.Expression; fn?: TS.FunctionLikeDeclaration } | undefined;

  const declare = (scope: Map<string, Binding>, decl: TS.VariableDeclaration, env: Env): void => {
    if (!decl.initializer) return;
    if (ts.isIdentifier(decl.name)) scope.set(decl.name.text, { expr: decl.initializer, env });
    else if (ts.isObjectBindingPattern(decl.name)) {
      for (const el of decl.name.elements) {
        if (!ts.isIdentifier(el.name) || el.dotDotDotToken) continue;
        const prop = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text;
        const source = decl.initializer;
        scope.set(el.name.text, { value: undefined, expr: source, env, pending: false, ...{ prop } } as Binding & { prop: string });
      }
    }
  };

  for (const stmt of sf.statements) {
    if (ts.isVariableStatement(stmt)) {
      for (const decl of stmt.declarationList.declarations) declare(moduleScope, decl, moduleEnv);
    } else if (ts.isFunctionDeclaration(stmt)) {
      const mods = ts.getModifiers(stmt) ?? [];
      const isDefault = mods.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
      if (isDefault) exported = { fn: stmt };
      else if (stmt.name) moduleScope.set(stmt.name.text, { value: undefined, env: moduleEnv, ...{ fn: stmt } } as Binding);
    } else if (ts.isExportAssignment(stmt)) {
      exported = { expr: stmt.expression };
    } else if (ts.isExpressionStatement(stmt) && ts.isBinaryExpression(stmt.expression)
      && stmt.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken && isModuleExports(stmt.expression.left)) {
      exported = { expr: stmt.expression.right };
    }
  }

  function isModuleExports(node: TS.Expression): boolean {
    const t = node.getText(sf).replace(/\s+/g, '');
    return t === 'module.exports' || t === 'exports.default' || t === 'module.exports.default';
  }

  const lookup = (name: string, env: Env): Binding | undefined => {
    for (let k = env.length - 1; k >= 0; k--) {
      const b = env[k]!.get(name);
      if (b) return b;
    }
    return undefined;
  };

  const valueOfBinding = (b: Binding, at: TS.Node): LNode => {
    if (b.value) return b.value;
    if (!b.expr || b.pending) return unknown(at);
    b.pending = true;
    try {
      let v = evaluate(b.expr, b.env ?? moduleEnv);
      const prop = (b as Binding & { prop?: string }).prop;
      if (prop !== undefined) v = v.kind === 'unknown' ? v : (entry(v, prop)?.value ?? nullAt(at));
      return v;
    } finally {
      b.pending = false;
    }
  };

  const functionOf = (expr: TS.Expression, env: Env): TS.FunctionLikeDeclaration | undefined => {
    let e = skipWrappers(expr);
    if (ts.isIdentifier(e)) {
      const b = lookup(e.text, env) as (Binding & { fn?: TS.FunctionLikeDeclaration }) | undefined;
      if (b?.fn) return b.fn;
      if (b?.expr) e = skipWrappers(b.expr);
    }
    return ts.isArrowFunction(e) || ts.isFunctionExpression(e) ? e : undefined;
  };

  function skipWrappers(e: TS.Expression): TS.Expression {
    while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)
      || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
    return e;
  }

  const callFunction = (fn: TS.FunctionLikeDeclaration, args: LNode[], at: TS.Node): LNode => {
    const scope = new Map<string, Binding>();
    const env: Env = [...moduleEnv, scope];
    fn.parameters.forEach((p, idx) => {
      const arg = args[idx] ?? nullAt(p);
      if (ts.isIdentifier(p.name)) scope.set(p.name.text, { value: arg });
      else if (ts.isObjectBindingPattern(p.name)) {
        for (const el of p.name.elements) {
          if (!ts.isIdentifier(el.name) || el.dotDotDotToken) continue;
          const prop = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text;
          scope.set(el.name.text, { value: arg.kind === 'unknown' ? arg : (entry(arg, prop)?.value ?? unknown(el)) });
        }
      }
    });
    const body = fn.body;
    if (!body) return unknown(at);
    if (!ts.isBlock(body)) return evaluate(body as TS.Expression, env);
    let result: LNode | undefined;
    let isOpaque = false;
    for (const stmt of body.statements) {
      if (ts.isVariableStatement(stmt)) {
        for (const decl of stmt.declarationList.declarations) declare(scope, decl, env);
      } else if (ts.isReturnStatement(stmt)) {
        result = stmt.expression ? evaluate(stmt.expression, env) : nullAt(stmt);
        break;
      } else if (ts.isFunctionDeclaration(stmt) || ts.isEmptyStatement(stmt) || ts.isTypeAliasDeclaration(stmt) || ts.isInterfaceDeclaration(stmt)) {
        continue;
      } else {
        // A mutation, a branch or a loop before the return: its effect is not followed.
        isOpaque = true;
      }
    }
    if (!result || isOpaque) return unknown(at);
    return result;
  };

  const keyOf = (name: TS.PropertyName, env: Env): string | undefined => {
    if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
    if (ts.isComputedPropertyName(name)) {
      const v = evaluate(name.expression, env);
      return v.kind === 'scalar' && (typeof v.value === 'string' || typeof v.value === 'number') ? String(v.value) : undefined;
    }
    return undefined;
  };

  let depth = 0;
  function evaluate(expr: TS.Expression, env: Env): LNode {
    if (++depth > 200) {
      depth--;
      return unknown(expr);
    }
    try {
      return evaluateInner(expr, env);
    } finally {
      depth--;
    }
  }

  function evaluateInner(raw: TS.Expression, env: Env): LNode {
    const e = skipWrappers(raw);
    const loc = locOf(e);
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return { kind: 'scalar', value: e.text, loc };
    if (ts.isNumericLiteral(e)) return { kind: 'scalar', value: Number(e.text), loc };
    if (e.kind === ts.SyntaxKind.TrueKeyword) return { kind: 'scalar', value: true, loc };
    if (e.kind === ts.SyntaxKind.FalseKeyword) return { kind: 'scalar', value: false, loc };
    if (e.kind === ts.SyntaxKind.NullKeyword) return { kind: 'scalar', value: null, loc };
    if (ts.isIdentifier(e)) {
      if (e.text === 'undefined') return { kind: 'scalar', value: null, loc };
      const b = lookup(e.text, env);
      return b ? valueOfBinding(b, e) : unknown(e);
    }
    if (ts.isTemplateExpression(e)) {
      let out = e.head.text;
      for (const span of e.templateSpans) {
        const v = evaluate(span.expression, env);
        if (v.kind !== 'scalar' || v.value === null || typeof v.value === 'object') return unknown(e);
        out += String(v.value) + span.literal.text;
      }
      return { kind: 'scalar', value: out, loc };
    }
    if (ts.isObjectLiteralExpression(e)) {
      const entries: LEntry[] = [];
      const node: LObjectWithSpreads = { kind: 'object', entries, loc };
      for (const prop of e.properties) {
        if (ts.isSpreadAssignment(prop)) {
          const v = evaluate(prop.expression, env);
          if (v.kind === 'object') {
            entries.push(...v.entries);
            const inner = (v as LObjectWithSpreads).unknownSpreads;
            if (inner) (node.unknownSpreads ??= []).push(...inner);
          } else if (v.kind === 'unknown') (node.unknownSpreads ??= []).push(locOf(prop));
          continue;
        }
        if (ts.isPropertyAssignment(prop) || ts.isShorthandPropertyAssignment(prop)) {
          const key = keyOf(prop.name, env);
          if (key === undefined) {
            (node.unknownSpreads ??= []).push(locOf(prop));
            continue;
          }
          const init = ts.isPropertyAssignment(prop) ? prop.initializer : prop.name;
          if (ts.isIdentifier(init) && init.text === 'undefined') continue;
          entries.push({ key, keyLoc: locOf(prop.name), value: evaluate(init, env) });
          continue;
        }
        const key = prop.name ? keyOf(prop.name, env) : undefined;
        if (key !== undefined) entries.push({ key, keyLoc: locOf(prop.name!), value: unknown(prop) });
        else (node.unknownSpreads ??= []).push(locOf(prop));
      }
      return node;
    }
    if (ts.isArrayLiteralExpression(e)) {
      const items: LNode[] = [];
      for (const el of e.elements) {
        if (ts.isSpreadElement(el)) {
          const v = evaluate(el.expression, env);
          if (v.kind === 'array') items.push(...v.items);
          else items.push(unknown(el));
        } else if (ts.isOmittedExpression(el)) items.push(nullAt(el));
        else items.push(evaluate(el, env));
      }
      return { kind: 'array', items, loc };
    }
    if (ts.isPrefixUnaryExpression(e)) {
      const v = evaluate(e.operand, env);
      if (v.kind !== 'scalar') return unknown(e);
      if (e.operator === ts.SyntaxKind.MinusToken && typeof v.value === 'number') return { kind: 'scalar', value: -v.value, loc };
      if (e.operator === ts.SyntaxKind.ExclamationToken) return { kind: 'scalar', value: !truthy(v), loc };
      return unknown(e);
    }
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      const left = evaluate(e.left, env);
      if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.AmpersandAmpersandToken) {
        if (left.kind === 'unknown') return unknown(e);
        const isNullish = left.kind === 'scalar' && left.value === null;
        const takeLeft = op === ts.SyntaxKind.QuestionQuestionToken ? !isNullish
          : op === ts.SyntaxKind.BarBarToken ? truthy(left) : !truthy(left);
        return takeLeft ? left : evaluate(e.right, env);
      }
      if (op === ts.SyntaxKind.PlusToken) {
        const right = evaluate(e.right, env);
        if (left.kind === 'scalar' && right.kind === 'scalar') {
          const [a, b] = [left.value, right.value];
          if (typeof a === 'number' && typeof b === 'number') return { kind: 'scalar', value: a + b, loc };
          if ((typeof a === 'string' || typeof a === 'number') && (typeof b === 'string' || typeof b === 'number')) {
            return { kind: 'scalar', value: String(a) + String(b), loc };
          }
        }
      }
      return unknown(e);
    }
    if (ts.isConditionalExpression(e)) {
      const cond = evaluate(e.condition, env);
      if (cond.kind === 'unknown') return unknown(e);
      return evaluate(truthy(cond) ? e.whenTrue : e.whenFalse, env);
    }
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      const key = ts.isPropertyAccessExpression(e) ? e.name.text : keyOfExpression(e.argumentExpression, env);
      const target = evaluate(e.expression, env);
      if (target.kind === 'unknown' || key === undefined) return unknown(e);
      if (target.kind === 'object') {
        const hit = entry(target, key)?.value;
        if (hit) return hit;
        return (target as LObjectWithSpreads).unknownSpreads ? unknown(e) : nullAt(e);
      }
      if (target.kind === 'array' && /^\d+$/.test(key)) return target.items[Number(key)] ?? nullAt(e);
      if (target.kind === 'scalar' && target.value === null) return nullAt(e);
      return unknown(e);
    }
    if (ts.isCallExpression(e)) {
      const callee = skipWrappers(e.expression);
      const name = callee.getText(sf).replace(/\s+/g, '');
      if (name === 'Object.assign') {
        const parts = e.arguments.map((a) => evaluate(a, env));
        if (parts.some((p) => p.kind !== 'object')) return unknown(e);
        const merged: LObjectWithSpreads = { kind: 'object', entries: parts.flatMap((p) => (p as LObject).entries), loc };
        return merged;
      }
      const fn = functionOf(callee, env);
      if (/(^|\.)define(App)?Config$/.test(name) || fn) {
        const arg0 = e.arguments[0];
        if (!fn && arg0) {
          // defineConfig(x) returns x; defineConfig(({ config }) => ...) is called by Expo with the config.
          const inner = functionOf(arg0, env);
          if (inner) return callFunction(inner, [contextFor(incoming, arg0)], e);
          return evaluate(arg0, env);
        }
        if (fn) return callFunction(fn, e.arguments.map((a) => evaluate(a, env)), e);
      }
      return unknown(e);
    }
    return unknown(e);
  }

  function keyOfExpression(arg: TS.Expression, env: Env): string | undefined {
    const v = evaluate(arg, env);
    return v.kind === 'scalar' && (typeof v.value === 'string' || typeof v.value === 'number') ? String(v.value) : undefined;
  }

  function contextFor(config: LNode | undefined, at: TS.Node): LNode {
    const loc = locOf(at);
    const entries: LEntry[] = [{ key: 'config', keyLoc: loc, value: config ?? { kind: 'object', entries: [], loc } }];
    // The other context fields (projectRoot, staticConfigPath, ...) depend on the machine: unknown.
    return { kind: 'object', entries, loc, unknownSpreads: [loc] } as LObjectWithSpreads;
  }

  if (!exported) return { isFunction: false };
  if (exported.fn) return { value: callFunction(exported.fn, [contextFor(incoming, exported.fn)], exported.fn), isFunction: true };
  const fn = functionOf(exported.expr!, moduleEnv);
  if (fn) return { value: callFunction(fn, [contextFor(incoming, exported.expr!)], exported.expr!), isFunction: true };
  const call = skipWrappers(exported.expr!);
  const isDefineOfFunction = ts.isCallExpression(call) && call.arguments[0] !== undefined && functionOf(call.arguments[0], moduleEnv) !== undefined;
  return { value: evaluate(exported.expr!, moduleEnv), isFunction: isDefineOfFunction };
}

function truthy(v: LNode): boolean {
  if (v.kind !== 'scalar') return true;
  return Boolean(v.value);
}

/** Whether the TypeScript parser has been loaded in this process (start-up cost is measured by the lead's bench). */
export function isTypeScriptLoaded(): boolean {
  return tsModule !== undefined;
}
