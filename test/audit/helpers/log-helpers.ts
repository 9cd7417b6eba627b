import { createHash } from 'node:crypto';
import { createAuditLog, type AuditLogOptions } from '../../../src/audit/log.js';
import { memoryStore } from '../../../src/audit/stores.js';

/** A controllable clock starting at 2026-11-20T08:00:00Z. */
export function clock(start = Date.UTC(2026, 10, 20, 8, 0, 0)) {
  let t = start;
  return { now: () => t, set: (ms: number) => { t = ms; }, advance: (ms: number) => { t += ms; }, get t() { return t; } };
}

/** A log over a memory store with a fake clock; errors are collected. */
export function memoryLog(options: Partial<AuditLogOptions> = {}) {
  const store = memoryStore();
  const c = clock();
  const errors: Array<{ message: string; context: string }> = [];
  const log = createAuditLog({ store, now: c.now, onError: (e, context) => errors.push({ message: e.message, context }), ...options });
  return { log, store, clock: c, errors };
}

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Parsed lines of a log text. */
export const entriesOf = (text: string) => text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
