import type { RawFinding, SourceLocation } from '../../findings/types.js';
import type { CodeUsage, HealthKitApiUse } from '../../flow/types.js';
import type { Catalog } from '../catalog.js';
import type { RuleCheck } from '../types.js';
import { manifestUndeclared } from './manifest-undeclared.js';

/**
 * Permission rules. They read only `CodeUsage`, so they serve every front end (TypeScript and Swift) alike.
 */

const READ_KINDS = new Set<HealthKitApiUse['kind']>(['read', 'characteristic-read', 'clinical-read', 'observe', 'background-delivery']);

function short(id: string): string {
  return id.replace(/^HK(Quantity|Category|Characteristic|Correlation|Clinical|Data)TypeIdentifier/, '').replace(/^HK/, '');
}

function key(loc: SourceLocation): string {
  return `${loc.file}:${loc.line}:${loc.column}`;
}

interface TypeUse { read: Set<string>; write: Set<string>; unknownRead: boolean; unknownWrite: boolean }

function typeUse(usage: CodeUsage): TypeUse {
  const u: TypeUse = { read: new Set(), write: new Set(), unknownRead: false, unknownWrite: false };
  for (const h of usage.healthkit) {
    if (READ_KINDS.has(h.kind)) {
      if (h.healthTypes.length === 0) u.unknownRead = true;
      for (const t of h.healthTypes) u.read.add(t);
    } else if (h.kind === 'write') {
      if (h.healthTypes.length === 0) u.unknownWrite = true;
      for (const t of h.healthTypes) u.write.add(t);
    }
  }
  return u;
}

/** Correlations are authorized through their member types. */
const CORRELATION_MEMBERS: Record<string, string[]> = {
  HKCorrelationTypeIdentifierBloodPressure: ['HKQuantityTypeIdentifierBloodPressureSystolic', 'HKQuantityTypeIdentifierBloodPressureDiastolic'],
};

const permissionUnused: RuleCheck = {
  ids: ['healthkit-permission-unused'],
  check({ usage }) {
    const use = typeUse(usage);
    // A read or write whose type is not known statically could be the one that uses any requested type.
    if (use.unknownRead || use.unknownWrite) return [];
    const used = new Set([...use.read, ...use.write]);
    for (const [corr, members] of Object.entries(CORRELATION_MEMBERS)) if (used.has(corr)) for (const m of members) used.add(m);
    const out: RawFinding[] = [];
    const seen = new Set<string>();
    for (const req of usage.authorizations) {
      for (const [ref, access] of [...req.read.map((r) => [r, 'read'] as const), ...req.write.map((r) => [r, 'write'] as const)]) {
        if (used.has(ref.identifier)) continue;
        const k = `${ref.identifier}|${key(ref.location)}`;
        if (seen.has(k)) continue;
        seen.add(k);
        out.push({
          ruleId: 'healthkit-permission-unused',
          message: `${short(ref.identifier)} is requested for ${access} access but no code reads or writes it. Apps may ask only for the health data they need, and reviewers reject requests the app cannot justify. Remove it from the authorization request, or add the feature that uses it.`,
          location: ref.location,
          healthTypes: [ref.identifier],
          fingerprintHint: `${ref.identifier}|${access}`,
        });
      }
    }
    return out;
  },
};

const permissionUndeclared: RuleCheck = {
  ids: ['healthkit-permission-undeclared'],
  check({ usage }) {
    // Requests whose lists could not be resolved statically may contain the type.
    if (usage.authorizations.some((a) => a.hasUnresolved)) return [];
    const readable = new Set<string>();
    const writable = new Set<string>();
    for (const a of usage.authorizations) {
      for (const r of a.read) readable.add(r.identifier);
      for (const w of a.write) { writable.add(w.identifier); }
    }
    const out: RawFinding[] = [];
    for (const h of usage.healthkit) {
      const isRead = READ_KINDS.has(h.kind) && h.kind !== 'background-delivery';
      const isWrite = h.kind === 'write';
      if (!isRead && !isWrite) continue;
      const granted = isRead ? readable : writable;
      const missing = h.healthTypes.flatMap((t) => CORRELATION_MEMBERS[t] ?? [t]).filter((t) => !granted.has(t));
      if (missing.length === 0) continue;
      out.push({
        ruleId: 'healthkit-permission-undeclared',
        message: `${h.api} ${isRead ? 'reads' : 'writes'} ${missing.map(short).join(', ')}, which no authorization request asks ${isRead ? 'to read' : 'to share (write)'}. HealthKit refuses unrequested types (a write fails; a read returns nothing), so the feature silently breaks. Add ${missing.length > 1 ? 'them' : 'it'} to the ${isRead ? 'read' : 'write'} list of the authorization request.`,
        location: h.location,
        healthTypes: missing,
        fingerprintHint: `${h.api}|${missing.join(',')}`,
      });
    }
    return out;
  },
};

function readOnlyTypes(catalog: Catalog): Map<string, { kind: string; writable: boolean }> {
  const doc = catalog.file<{ types: Array<{ id: string; kind: string; writable: boolean }> }>('healthkit-types');
  return new Map((doc?.types ?? []).map((t) => [t.id, { kind: t.kind, writable: t.writable }]));
}

const writeReadonly: RuleCheck = {
  ids: ['healthkit-write-readonly-type'],
  check({ usage }, ctx) {
    const types = readOnlyTypes(ctx.catalog);
    const out: RawFinding[] = [];
    for (const a of usage.authorizations) {
      for (const w of a.write) {
        const info = types.get(w.identifier);
        const isReadonly = info ? !info.writable : /^HK(Characteristic|Clinical)TypeIdentifier/.test(w.identifier);
        if (!isReadonly) continue;
        const why = info?.kind === 'characteristic' ? 'characteristics (sex, date of birth, blood type...) are set by the user in the Health app'
          : info?.kind === 'clinical' ? 'clinical records come only from health institutions'
          : info?.kind === 'correlation' ? 'correlations are authorized through their member types'
          : 'Apple computes or records this type itself';
        out.push({
          ruleId: 'healthkit-write-readonly-type',
          message: `Write access is requested for ${short(w.identifier)}, which apps cannot write: ${why}. HealthKit throws or rejects the whole authorization request. Move it to the read list${info?.kind === 'correlation' ? ' (request the member types instead)' : ''}.`,
          location: w.location,
          healthTypes: [w.identifier],
          fingerprintHint: w.identifier,
        });
      }
    }
    return out;
  },
};

const readDenialInference: RuleCheck = {
  ids: ['healthkit-read-denial-inference'],
  check({ usage }) {
    return usage.readDenialInferences.map((r) => ({
      ruleId: 'healthkit-read-denial-inference',
      message: `This code ${r.note}. HealthKit hides read denials on purpose (a denied read looks like no data), so the app would tell users with no data that they refused access, and inferring the denial works against the user's privacy choice. Treat empty results as "no data", and point users to the Health app's settings without claiming they denied access.`,
      location: r.location,
      fingerprintHint: r.note.slice(0, 40),
    }));
  },
};

export const permissionChecks: RuleCheck[] = [permissionUnused, permissionUndeclared, writeReadonly, readDenialInference, manifestUndeclared];
