import type { AuditLog } from '../log.js';

const INSTRUMENTED = Symbol.for('hkguard.audit.instrumented');

type AnyFn = (...args: unknown[]) => unknown;

/**
 * Replaces `target[name]` with a wrapper, in place, keeping `this`. Returns false when the property is not a
 * function or cannot be replaced (a frozen object or an ES module namespace).
 */
export function patchMethod(target: object, name: string, wrap: (original: AnyFn) => AnyFn): boolean {
  const rec = target as Record<string, unknown>;
  const original = rec[name];
  if (typeof original !== 'function') return false;
  const wrapped = wrap(original as AnyFn);
  try {
    Object.defineProperty(target, name, { value: wrapped, writable: true, configurable: true, enumerable: Object.prototype.propertyIsEnumerable.call(target, name) });
  } catch {
    return false;
  }
  return rec[name] === wrapped;
}

/** The object to patch: the object itself, or a delegating copy when it cannot be changed (module namespace). */
export function patchTarget<T extends object>(obj: T, log: AuditLog, what: string): { target: T; already: boolean } {
  if ((obj as Record<symbol, unknown>)[INSTRUMENTED] === log) return { target: obj, already: true };
  if (Object.isExtensible(obj) && !Object.isFrozen(obj)) {
    try {
      Object.defineProperty(obj, INSTRUMENTED, { value: log, configurable: true, enumerable: false, writable: true });
      return { target: obj, already: false };
    } catch {
      // fall through to the delegating copy
    }
  }
  log.reportError(new Error(`${what} cannot be changed in place (frozen or a module namespace); use the returned object`), 'instrument');
  const copy = Object.create(obj) as T;
  Object.defineProperty(copy, INSTRUMENTED, { value: log, enumerable: false });
  return { target: copy, already: false };
}

/** Observes a promise without changing it: the caller gets the very same promise object back. */
export function observe<T>(p: unknown, onValue: (v: T) => void, onError: (e: unknown) => void): void {
  try {
    if (!p || typeof (p as { then?: unknown }).then !== 'function') return;
    // The second handler keeps this side branch from raising an unhandled rejection of its own.
    (p as Promise<T>).then(onValue, onError).then(undefined, () => {});
  } catch {
    // A thenable whose then() throws is the library's business, not a reason to throw into the app.
  }
}

/** Runs shim code; anything it throws goes to onError, never to the app. */
export function guard(log: AuditLog, context: string, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    log.reportError(err, context);
  }
}
