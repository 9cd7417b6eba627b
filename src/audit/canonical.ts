/**
 * Canonical JSON: object keys sorted by UTF-16 code unit order, no whitespace, `undefined` members dropped,
 * non-finite numbers written as null. The hash chain is computed over these bytes, so a verifier in any
 * language can reproduce it from the parsed entry.
 */
// Quoted keys are cached: log entries reuse a few dozen key names, and quoting them dominated serialization.
const quotedKeys = new Map<string, string>();
function quoteKey(k: string): string {
  let q = quotedKeys.get(k);
  if (q === undefined) {
    q = JSON.stringify(k) + ':';
    if (quotedKeys.size < 1024) quotedKeys.set(k, q);
  }
  return q;
}

export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let s = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) s += ',';
          const item = value[i];
          s += item === undefined || typeof item === 'function' ? 'null' : canonicalJson(item);
        }
        return s + ']';
      }
      if (value instanceof Date) return JSON.stringify(Number.isNaN(value.getTime()) ? null : value.toISOString());
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).sort();
      let s = '{';
      let first = true;
      for (const k of keys) {
        const v = obj[k];
        if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
        if (!first) s += ',';
        first = false;
        s += quoteKey(k) + canonicalJson(v);
      }
      return s + '}';
    }
    default:
      return 'null';
  }
}
