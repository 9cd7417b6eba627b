import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAuditLog, fileStore } from '../../src/audit/index.js';
import { runCli } from '../harness/cli.js';

async function writeLog(file: string): Promise<void> {
  const log = createAuditLog({ store: fileStore(file), redact: 'keep', app: { name: 'Coach', version: '1' } });
  const at = new Date().toISOString();
  // Heart rate is declared by the example app's authorization request; body mass is not.
  log.record({ type: 'write', hkType: 'HKQuantityTypeIdentifierHeartRate', value: 72, unit: 'count/min', start: at, end: at, source: 'saveHeartRateSample' });
  log.record({ type: 'write', hkType: 'HKQuantityTypeIdentifierBodyMass', value: 70, unit: 'kg', start: at, end: at, source: 'saveWeight' });
  await log.flush();
  await log.close();
}

describe('the runtime audit log against a static scan, through the CLI', () => {
  it('audit report --against and scan --audit-log name the types the app never declared', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hkguard-audit-cli-'));
    const log = path.join(dir, 'audit.jsonl');
    await writeLog(log);
    const r = runCli(['audit', 'report', log, '--against', 'fixtures/projects/heart-rate-coach', '--format', 'json']);
    const report = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; message: string }> };
    const undeclared = report.findings.filter((f) => f.ruleId === 'audit-type-undeclared');
    expect(undeclared.map((f) => /BodyMass/.test(f.message))).toEqual([true]);
    expect(undeclared[0]!.message).toContain('src/health/healthkit.ts');
    expect(r.code).toBe(1);

    const html = runCli(['scan', 'fixtures/projects/heart-rate-coach', '--format', 'html', '--audit-log', log, '--fail-on', 'never']);
    expect(html.code).toBe(0);
    expect(html.stdout).toContain('id="audit"');
    expect(html.stdout).toMatch(/audit-type-undeclared/);
  });
});
