import type { ScanResult } from './types.js';

/** The HealthKit types a scan's authorization requests declare, for the audit log's cross-check. */
export function declaredHealthTypes(result: ScanResult, emptyNote: string): { read: string[]; write: string[]; source: string } {
  const read = new Set<string>();
  const write = new Set<string>();
  const where: string[] = [];
  for (const app of result.apps) {
    for (const req of app.usage.authorizations) {
      for (const t of req.read) read.add(t.identifier);
      for (const t of req.write) write.add(t.identifier);
      where.push(`${req.location.file}:${req.location.line}`);
    }
  }
  return {
    read: [...read].sort(),
    write: [...write].sort(),
    source: where.length ? `authorization requests at ${where.join(', ')}` : emptyNote,
  };
}
