/**
 * The per-file summary: a pure function of one file's text (plus catalog and configuration), JSON-serialisable so
 * that it can be cached by content hash. Node ids are local to the file ("v12", "v12#bpm" for a field); the linker
 * prefixes them with the file's index. Cross-file references (imports, calls of imported functions, constants defined
 * elsewhere) stay symbolic and are resolved by src/flow/typescript/link.ts on every run.
 */

/** A bump of this version invalidates cached summaries. */
export const SUMMARY_VERSION = 5;

export interface Loc { l: number; c: number; el: number; ec: number }

/** A flow step: where, and a short note. `g` = consent gate guarding it, `s` = sanitizer it passes. */
export interface Step { l: number; c: number; n: string; g?: string; s?: string }

/** A symbolic constant: enough to resolve HealthKit type lists and URLs across files. */
export type CExpr =
  | { k: 's'; v: string; at?: Loc }
  | { k: 'a'; i: CExpr[] }
  | { k: 'o'; p: Record<string, CExpr> }
  | { k: 'spread'; e: CExpr }
  | { k: 'imp'; spec: string; name: string; path: string[]; at?: Loc }
  | { k: 'perm'; lib: string; name: string; at?: Loc }
  | { k: 'cat'; parts: CExpr[] }
  | { k: 'u'; at?: Loc };

/** A value as the linker sees it: nodes copied with their fields (`n`), nodes copied whole (`p`), literal fields (`f`). */
export interface ValS { n?: string[]; p?: string[]; f?: Record<string, ValS> }

export type FnRef = { f: string } | { imp: string; name: string; member?: string };

/** `rest`: index of a rest parameter (`...args`), which receives every argument from its position on. */
export interface FnRec { id: string; params: string[]; ret: string; name?: string; rest?: number }

export interface CallRec {
  callee: FnRef[];
  args: ValS[];
  recv?: ValS;
  res: string;
  step: number;
  /** Conservative edges (args to result) when no callee resolves. */
  fallback: boolean;
  /** Arguments that are functions (callbacks), by index. */
  argFns?: Record<number, FnRef[]>;
  /** Index of the first spread argument (`f(a, ...rest)`): it, and what follows, may land in any later parameter. */
  spread?: number;
}

/** A call of a function's own parameter (`onValue(x)`): linked to the callbacks that callers pass. */
export interface ParamCall { fn: string; param: number; args: ValS[]; res: string; step: number; spread?: number }

/** A value passed into a parameter of a function known only by reference (callbacks, JSX components). */
export interface ParamFlow { from: ValS; fn: FnRef; param: number; step: number }
export interface RetFlow { fn: FnRef; to: string; step: number }

export interface SourceRec {
  node: string;
  kind: 'healthkit-read' | 'healthkit-write' | 'ble-health' | 'motion';
  api: string;
  at: Loc;
  lib: string;
  types: string[];
  typeExpr?: CExpr;
  typeMap?: string;
  /** BLE: the UUID arguments; a known non-health UUID cancels the source. */
  uuids?: CExpr[];
}

export interface SinkRec {
  node: string;
  category?: string;
  kind: string;
  vendor?: string;
  api: string;
  at: Loc;
  /** Network: the URL (or its prefix) and the instance base URL, resolved at link time. */
  url?: CExpr;
  baseUrl?: CExpr;
  isNetwork?: boolean;
}

/** The parameters an argument at index `i` reaches, given the callee's rest parameter and the call's first spread argument. */
export function paramsFor(rec: FnRec, i: number, spread?: number): string[] {
  let from = i;
  let to = i;
  if (spread !== undefined && i >= spread) { from = spread; to = rec.params.length - 1; }
  if (rec.rest !== undefined) { from = Math.min(from, rec.rest); to = Math.min(to, rec.rest); }
  const out: string[] = [];
  for (let j = from; j <= to; j++) { const p = rec.params[j]; if (p) out.push(p); }
  return out;
}

/** Whether the argument at index `i` may land in one of the sink's argument positions `which` (all when undefined). */
export function argReaches(which: number[] | undefined, i: number, spread?: number): boolean {
  if (!which || which.includes(i)) return true;
  return spread !== undefined && i >= spread && which.some((w) => w >= spread);
}

/** A call on an imported binding whose API handle is defined in another file (`mixpanel.track` with `mixpanel` exported elsewhere). */
export interface DeferredApiCall { spec: string; name: string; path: string; args: ValS[]; at: Loc; step: number; url?: CExpr; spread?: number }

export interface ApiValS { key: string; path: string; baseUrl?: CExpr; safe?: boolean }

export interface ExportInfo {
  node?: string;
  fn?: string;
  members?: Record<string, string>;
  c?: CExpr;
  re?: { spec: string; name: string };
  api?: ApiValS[];
}

export interface HkUseRec { kind: string; lib: string; api: string; at: Loc; types: string[]; typeExpr?: CExpr; typeMap?: string }

/** An authorization call; the linker reads the type lists out of `args` with the library's AuthSpec. */
export interface AuthRec { lib: string; api: string; at: Loc; args: CExpr[] }

export interface FileSummary {
  v: number;
  file: string;
  steps: Step[];
  /** [from, to, step index or -1, 1 = copy fields too]. */
  edges: Array<[string, string, number, number]>;
  fns: FnRec[];
  calls: CallRec[];
  paramFlows: ParamFlow[];
  paramCalls: ParamCall[];
  retFlows: RetFlow[];
  sources: SourceRec[];
  sinks: SinkRec[];
  deferred: DeferredApiCall[];
  /** Local import bindings: node -> what they import (linked to the exporting file's node). */
  imports: Array<{ node: string; spec: string; name: string }>;
  exports: Record<string, ExportInfo>;
  starExports: string[];
  usage: {
    hk: HkUseRec[];
    auth: AuthRec[];
    bluetooth: Array<{ lib: string; api: string; at: Loc }>;
    motion: Array<{ lib: string; api: string; at: Loc }>;
    readDenial: Array<{ at: Loc; note: string }>;
    sdkImports: Array<{ spec: string; at: Loc }>;
  };
  diagnostics: Array<{ message: string; line?: number; column?: number; severity: 'error' | 'warning' }>;
}

/** A property of a symbolic object constant (`PERMS.read`), or unknown. */
export function navigate(c: CExpr, key: string): CExpr {
  if (c.k === 'o') {
    if (key in c.p) return c.p[key]!;
    for (const [k, v] of Object.entries(c.p)) if (k.startsWith('...') && v.k === 'spread') { const n = navigate(v.e, key); if (n.k !== 'u') return n; }
    return { k: 'u' };
  }
  if (c.k === 'imp') return { ...c, path: [...c.path, key] };
  return { k: 'u' };
}
