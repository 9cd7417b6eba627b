import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors/index.js';

const RULES = new Set(['health-data-to-log', 'privacy-policy-missing', 'health-data-to-advertising']);

function project(config: string, files: Record<string, string> = {}): { root: string; file: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hkguard-config-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  fs.writeFileSync(path.join(root, '.hkguard.yaml'), config);
  return { root, file: path.join(root, '.hkguard.yaml') };
}

function error(config: string, files?: Record<string, string>): ConfigError {
  const { root, file } = project(config, files);
  try {
    loadConfig(file, root, RULES);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a configuration error');
}

describe('.hkguard.yaml', () => {
  it('reads every key of the contract, resolving module paths relative to the file', () => {
    const { root, file } = project([
      'firstPartyHosts: [api.example.app, "*.example.app"]',
      'consentGates: [{ function: hasResearchConsent, module: src/privacy/consent.ts }]',
      'sanitizers: [{ function: toZone, module: ./src/zones }]',
      'sinks: [{ function: sendToPartner, module: "@acme/partner", category: analytics }]',
      'rules: { health-data-to-log: warning, privacy-policy-missing: off }',
      'ignore: ["**/__tests__/**"]',
      'privacyPolicyUrl: https://example.app/privacy',
      'baseline: .hkguard-baseline.json',
      'notInlineSuppressible: [health-data-to-advertising]',
    ].join('\n'), { 'src/privacy/consent.ts': 'export const hasResearchConsent = () => true;', 'src/zones/index.ts': 'export const toZone = (x: number) => x;' });
    const c = loadConfig(file, root, RULES);
    expect(c.firstPartyHosts).toEqual(['api.example.app', '*.example.app']);
    expect(c.consentGates).toEqual([{ function: 'hasResearchConsent', module: 'src/privacy/consent' }]);
    expect(c.sanitizers).toEqual([{ function: 'toZone', module: 'src/zones' }]);
    expect(c.sinks).toEqual([{ function: 'sendToPartner', module: '@acme/partner', category: 'analytics' }]);
    expect(c.rules).toEqual({ 'health-data-to-log': 'warning', 'privacy-policy-missing': 'off' });
    expect(c.baseline).toBe(path.join(root, '.hkguard-baseline.json'));
  });

  it('names the key and the line of an unknown key or a wrong type', () => {
    expect(error('firstPartyHosts: [a.app]\nfirstPartyHost: b.app\n')).toMatchObject({ line: 2, message: expect.stringContaining('unknown key "firstPartyHost"') });
    expect(error('firstPartyHosts: api.example.app\n')).toMatchObject({ line: 1, message: expect.stringContaining('"firstPartyHosts" must be a list') });
    expect(error('rules:\n  health-data-to-log: loud\n')).toMatchObject({ line: 2 });
    expect(error('rules:\n  health-data-to-logz: off\n')).toMatchObject({ line: 2, message: expect.stringContaining('unknown rule "health-data-to-logz"') });
    expect(error('notInlineSuppressible:\n  - health-data-to-logz\n')).toMatchObject({ line: 2, message: expect.stringContaining('unknown rule "health-data-to-logz"') });
    expect(error('privacyPolicyUrl: example.app/privacy\n')).toMatchObject({ line: 1, message: expect.stringContaining('http(s) URL') });
    expect(error('sinks: [{ function: f, module: "@a/b", category: telemetry }]\n').message).toContain('unknown sink category "telemetry"');
  });

  it('gives the line of a YAML syntax error', () => {
    expect(error('firstPartyHosts:\n  - a.app\n  bad: [\n')).toMatchObject({ message: expect.stringContaining('invalid YAML') });
    expect(error('firstPartyHosts:\n  - a.app\n  bad: [\n').line).toBeGreaterThan(1);
  });

  it('reads accepted findings, each with a reason', () => {
    const { root, file } = project('accept:\n  - rule: health-data-to-advertising\n    file: "src/ads/**"\n    reason: reviewed with legal, PRIV-7\n');
    expect(loadConfig(file, root, RULES).accept).toEqual([{ rule: 'health-data-to-advertising', file: 'src/ads/**', reason: 'reviewed with legal, PRIV-7' }]);
    expect(error('accept:\n  - rule: health-data-to-advertising\n').message).toContain('needs a "reason"');
    expect(error('accept:\n  - rule: health-data-to-advertizing\n    reason: x\n')).toMatchObject({ line: 2, message: expect.stringContaining('unknown rule') });
  });

  it('requires a module for gates, sanitizers and sinks, and one that exists when it is a path', () => {
    expect(error('consentGates: [{ function: hasConsent }]\n').message).toContain('needs a "module"');
    const missing = error('consentGates:\n  - function: hasConsent\n    module: src/nope.ts\n');
    expect(missing).toMatchObject({ line: 3, message: expect.stringContaining('module "src/nope.ts" does not exist') });
  });
});
