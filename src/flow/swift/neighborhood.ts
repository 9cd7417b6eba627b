/**
 * For a scan of a few changed files (pre-commit): the files whose code can take part in a flow through a
 * changed file, one step out each way. A file is a neighbour when it defines a name a changed file uses,
 * or uses a name a changed file defines; names many files define (load, body, refresh) connect nothing.
 * A flow that passes through two unchanged files in a row is left to the full scan (CI).
 */
import type { FileIR, Val } from './ir.js';

export interface NameIndex {
  defs: string[];
  refs: string[];
}

/** A name defined in more files than this is too common to make two files neighbours. */
const MAX_DEFINERS = 3;

export function nameIndex(ir: FileIR): NameIndex {
  const defs = new Set<string>();
  const refs = new Set<string>();
  const addVal = (v: Val | undefined): void => {
    if (!v) return;
    for (const id of v.ids ?? []) refs.add(id);
    for (const s of v.self ?? []) refs.add(s);
    for (const d of v.dots ?? []) for (const part of d.split('.')) refs.add(part);
    for (const m of v.mem ?? []) refs.add(m);
    for (const c of v.ctors ?? []) refs.add(c);
    for (const t of v.types ?? []) refs.add(t);
  };
  for (const unit of ir.units) {
    if (unit.type) defs.add(unit.type);
    if (!unit.name.startsWith('<') && !unit.name.endsWith('=')) defs.add(unit.name === 'init' ? unit.type : unit.name);
    for (const p of unit.params) for (const t of p.types) refs.add(t);
    for (const ev of unit.events) {
      if (ev.k === 'call') {
        refs.add(ev.name);
        if (ev.recv) for (const part of ev.recv.split(/[.?!()]+/)) if (part) refs.add(part);
        addVal(ev.recvVal);
        for (const a of ev.args) addVal(a.val);
      } else if (ev.k === 'def' || ev.k === 'ret') addVal(ev.val);
      else if (ev.k === 'store') {
        addVal(ev.val);
        if (ev.member) refs.add(ev.member);
        // A notification name posted or observed links the two ends.
      }
    }
  }
  for (const p of ir.props) { defs.add(p.name); if (p.type) defs.add(p.type); }
  return { defs: [...defs].sort(), refs: [...refs].filter((r) => !defs.has(r)).sort() };
}

export function neighborhood(changed: string[], index: Map<string, NameIndex>): Set<string> {
  const definers = new Map<string, string[]>();
  for (const [file, ix] of index) for (const d of ix.defs) (definers.get(d) ?? definers.set(d, []).get(d)!).push(file);
  const distinctive = (name: string): boolean => (definers.get(name)?.length ?? 0) <= MAX_DEFINERS;
  const out = new Set(changed);
  const changedDefs = new Set<string>();
  for (const file of changed) {
    const ix = index.get(file);
    if (!ix) continue;
    for (const d of ix.defs) if (distinctive(d)) changedDefs.add(d);
    for (const r of ix.refs) if (distinctive(r)) for (const f of definers.get(r) ?? []) out.add(f);
  }
  for (const [file, ix] of index) {
    if (out.has(file)) continue;
    if (ix.refs.some((r) => changedDefs.has(r))) out.add(file);
  }
  return out;
}
