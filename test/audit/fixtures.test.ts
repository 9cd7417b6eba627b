import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCrypto } from '../../src/audit/crypto.js';
import { buildAuditReport } from '../../src/audit/report.js';
import { verifyAuditLog } from '../../src/audit/verify.js';
import { scenarioLog } from './helpers/scenario.js';

// fixtures/audit/*.jsonl are sample logs for CLI runs (`hkguard audit verify fixtures/audit/intact.jsonl
// --key fixtures/audit/key.txt`). They are regenerated with UPDATE_AUDIT_FIXTURES=1 when the format changes.
const dir = join(import.meta.dirname, '../../fixtures/audit');
const KEY = 'fixture-key-not-a-secret';
const fixedCrypto = { ...defaultCrypto(), randomBytes: (n: number) => new Uint8Array(n).fill(7) };

async function expected(): Promise<Record<string, string>> {
  const intact = await scenarioLog({ hmacKey: KEY, crypto: fixedCrypto });
  const lines = intact.split('\n');
  const deleted = [...lines.slice(0, 6), ...lines.slice(7)].join('\n');
  const swapped = [...lines];
  [swapped[3], swapped[4]] = [swapped[4]!, swapped[3]!];
  return {
    'intact.jsonl': intact,
    'deleted-line.jsonl': deleted,
    'swapped-lines.jsonl': swapped.join('\n'),
    'truncated.jsonl': intact.slice(0, intact.length - 57),
    'key.txt': KEY + '\n',
  };
}

describe('fixtures/audit', () => {
  it('are up to date with the log format', async () => {
    const files = await expected();
    if (process.env.UPDATE_AUDIT_FIXTURES === '1') for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    for (const [name, text] of Object.entries(files)) {
      expect(existsSync(join(dir, name)), `${name} missing: run with UPDATE_AUDIT_FIXTURES=1`).toBe(true);
      expect(readFileSync(join(dir, name), 'utf8'), name).toBe(text);
    }
  });

  it('verify as documented in fixtures/audit/README.md', () => {
    const v = (name: string) => verifyAuditLog(readFileSync(join(dir, name)), { key: KEY });
    expect(v('intact.jsonl')).toMatchObject({ status: 'intact', hmac: 'verified', closed: true });
    expect(v('deleted-line.jsonl').problems[0]).toMatchObject({ kind: 'deleted', line: 7, seq: 6 });
    expect(v('swapped-lines.jsonl').problems[0]).toMatchObject({ kind: 'reordered', line: 4, seq: 4 });
    expect(v('truncated.jsonl')).toMatchObject({ status: 'truncated' });
    const report = buildAuditReport(v('intact.jsonl'));
    expect(report.findings.map((f) => f.ruleId).sort()).toEqual(['audit-value-implausible', 'audit-value-mismatch', 'audit-write-without-provenance']);
  });
});
