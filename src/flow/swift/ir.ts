/**
 * The per-file intermediate form the Swift taint analysis runs on. It is syntactic (no catalog, no config),
 * plain JSON (so it caches by content hash), and much smaller than the tree it comes from: the analysis
 * iterates over it several times while the WASM tree is walked once.
 */

/** 1-based line, column, end line, end column. */
export type Span = [number, number, number, number];

/** What an expression's value depends on. */
export interface Val {
  /** Bare identifiers: locals, parameters, implicit-self properties, globals. */
  ids?: string[];
  /** `self.x` reads. */
  self?: string[];
  /** `a.b` reads on a bare identifier `a` ("a.b"). */
  dots?: string[];
  /** Member names read on any other receiver (`f().x`, `a.b.c` -> "c" besides "a.b"). */
  mem?: string[];
  /** Calls nested in the expression whose results flow into it (call event ids). */
  calls?: number[];
  /** Closures appearing in the expression. */
  lams?: number[];
  /** HealthKit type constants spelled in it, as [constructor-or-kind, swift name] pairs. */
  hk?: Array<[string, string]>;
  /** URL string literals (http/https) in it. */
  urls?: string[];
  /** Capitalized callee names at the head of the expression: `Logger(...)`, `URLRequest(url:)`. */
  ctors?: string[];
  /** Type names from an annotation (`let s: HKHealthStore`, parameter types). */
  types?: string[];
}

export interface Arg {
  label?: string;
  val: Val;
  span: Span;
  /** Source text of the argument (truncated), for option checks such as file protection. */
  text: string;
}

export interface CallEv {
  k: 'call';
  id: number;
  /** Last name of the callee: `logEvent` in `Analytics.logEvent(...)`, `print`, `HKSampleQuery`. */
  name: string;
  /** Receiver as text with calls stripped of arguments: "Analytics", "UserDefaults.standard", "Mixpanel.mainInstance()". */
  recv?: string;
  recvVal?: Val;
  args: Arg[];
  /** Closures passed (labelled argument or trailing), in order. */
  lams: Array<{ id: number; label?: string }>;
  span: Span;
  /** Functions called in the conditions of enclosing `if` / `guard` statements (consent gates). */
  conds?: string[];
  /** A subscript (`a[k]`) rather than a call. */
  isSubscript?: boolean;
}

export interface DefEv {
  k: 'def';
  names: string[];
  val: Val;
  span: Span;
  /** "if let", "for in", "let", "assigned". */
  how: 'let' | 'bind' | 'for' | 'assign';
}

/** Assignment to a member or through a subscript: `self.x = v`, `req.httpBody = v`, `d["k"] = v`. */
export interface StoreEv {
  k: 'store';
  /** Target path text ("self.latest", "request.httpBody", "UIPasteboard.general.string"). */
  target: string;
  /** Base identifier of the target ("self", "request", "UIPasteboard"); `subscript` when `base[...] = v`. */
  base: string;
  member?: string;
  isSubscript?: boolean;
  val: Val;
  span: Span;
  conds?: string[];
}

export interface RetEv {
  k: 'ret';
  val: Val;
  span: Span;
  /** The closure this return belongs to; absent for the function's own return. */
  lam?: number;
}

/** Start of a closure's body: its parameters are bound here. */
export interface LamEv {
  k: 'lam';
  id: number;
  params: string[];
  span: Span;
}

export type Ev = CallEv | DefEv | StoreEv | RetEv | LamEv;

export interface ParamIR {
  /** External label ("_" when none). */
  label: string;
  name: string;
  types: string[];
  span: Span;
}

/** A function, initializer, computed property or top-level code: one analysis unit. */
export interface UnitIR {
  name: string;
  /** Owning type ("" at top level); extensions use the extended type's name. */
  type: string;
  params: ParamIR[];
  events: Ev[];
  span: Span;
}

export interface PropIR {
  type: string;
  name: string;
  val?: Val;
  /** Property-wrapper attributes: "Published", "State", "AppStorage". */
  wrappers: string[];
  /** First argument text of the wrapper attribute (the AppStorage key). */
  wrapperArg?: string;
  span: Span;
}

export interface FileIR {
  version: number;
  imports: Array<{ module: string; span: Span }>;
  units: UnitIR[];
  props: PropIR[];
  /** Parse errors left in the kept tree. */
  errors: number;
  firstError?: { line: number; column: number };
  /** The file names a Bluetooth SIG health characteristic or HealthKit (so characteristic values are health data). */
  isHealthBle: boolean;
}

export const IR_VERSION = 3;
