import fs from 'node:fs';
import path from 'node:path';
import AjvModule from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { runCli } from '../harness/cli.js';
import { PACKAGE_ROOT } from '../../src/util/paths.js';

const SCHEMA = path.join(PACKAGE_ROOT, '..', 'shared', 'schemas', 'sarif-schema-2.1.0.json');
const VENDORED_SCHEMA = path.join(PACKAGE_ROOT, 'test', 'schemas', 'sarif-schema-2.1.0.json');

describe('SARIF output', () => {
  const r = runCli(['scan', 'fixtures/projects/heart-rate-coach', '--format', 'sarif', '--fail-on', 'never']);
  const sarif = JSON.parse(r.stdout) as {
    runs: Array<{
      tool: { driver: { rules: Array<{ id: string; help: { text: string; markdown: string }; helpUri: string }> } };
      results: Array<{ ruleId: string; partialFingerprints: Record<string, string>; locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } } }>; codeFlows?: unknown[] }>;
      originalUriBaseIds: Record<string, { uri: string }>;
    }>;
  };

  it('validates against the SARIF 2.1.0 schema', () => {
    const schema = JSON.parse(fs.readFileSync(fs.existsSync(VENDORED_SCHEMA) ? VENDORED_SCHEMA : SCHEMA, 'utf8')) as object;
    const Ajv = (AjvModule as unknown as { default: typeof AjvModule }).default ?? AjvModule;
    const ajv = new (Ajv as unknown as new (o: object) => import('ajv').default)({ allErrors: true, strict: false, validateFormats: false });
    const validate = ajv.compile(schema);
    const ok = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('has what GitHub code scanning asks for', () => {
    const run = sarif.runs[0]!;
    expect(run.results.length).toBeGreaterThan(0);
    for (const rule of run.tool.driver.rules) {
      expect(rule.help.text.length).toBeGreaterThan(20);
      expect(rule.helpUri).toMatch(/^https:\/\//);
    }
    for (const res of run.results) {
      expect(Object.values(res.partialFingerprints)[0]).toMatch(/^[0-9a-f]{32}/);
      const loc = res.locations[0]!.physicalLocation;
      expect(loc.artifactLocation.uriBaseId).toBe('SRCROOT');
      expect(loc.artifactLocation.uri).not.toMatch(/^\/|^file:/);
      expect(loc.region.startLine).toBeGreaterThan(0);
    }
    expect(run.originalUriBaseIds.SRCROOT!.uri).toMatch(/^file:\/\/.*\/$/);
  });
});
