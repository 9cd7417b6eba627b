import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/findings/types.js';
import { child, entry, fileStart, fromPlain, toPlain } from '../../src/facts/located.js';
import { evaluateConfigModule, type LObjectWithSpreads } from '../../src/facts/static-eval.js';

const run = (text: string, incoming?: unknown, file = 'app.config.ts') => {
  const diagnostics: Diagnostic[] = [];
  const result = evaluateConfigModule(file, text, diagnostics, incoming === undefined ? undefined : fromPlain(incoming, fileStart('app.json')));
  return { ...result, plain: toPlain(result.value), diagnostics };
};

describe('evaluateConfigModule', () => {
  it('folds an exported object literal with constants, templates, concatenation and satisfies', () => {
    const r = run(`
      import type { ExpoConfig } from 'expo/config';
      const APP = 'Pulse';
      const read = \`\${APP} reads heart rate\`;
      const ios = { bundleIdentifier: 'com.example.' + APP.toLowerCase?.() };
      export default { name: APP, ios: { infoPlist: { NSHealthShareUsageDescription: read, Count: -2, Flag: !false } } } satisfies ExpoConfig;
    `);
    expect(r.isFunction).toBe(false);
    expect(r.plain).toEqual({ name: 'Pulse', ios: { infoPlist: { NSHealthShareUsageDescription: 'Pulse reads heart rate', Count: -2, Flag: true } } });
    expect(entry(child(r.value, 'ios', 'infoPlist'), 'NSHealthShareUsageDescription')!.keyLoc).toMatchObject({ line: 6, file: 'app.config.ts' });
  });

  it('calls a function export with the incoming config, following spreads and optional chains', () => {
    const r = run(`
      export default ({ config }: ConfigContext): ExpoConfig => ({
        ...config,
        ios: { ...config.ios, infoPlist: { ...config.ios?.infoPlist, NSHealthUpdateUsageDescription: 'Saves workouts' } },
      });
    `, { name: 'Pulse', ios: { bundleIdentifier: 'com.example.pulse', infoPlist: { NSHealthShareUsageDescription: 'Reads steps' } } });
    expect(r.isFunction).toBe(true);
    expect(r.plain).toEqual({
      name: 'Pulse',
      ios: { bundleIdentifier: 'com.example.pulse', infoPlist: { NSHealthShareUsageDescription: 'Reads steps', NSHealthUpdateUsageDescription: 'Saves workouts' } },
    });
    expect(entry(child(r.value, 'ios', 'infoPlist'), 'NSHealthShareUsageDescription')!.keyLoc.file).toBe('app.json');
  });

  it('reads module.exports, defineConfig and block-bodied functions', () => {
    expect(run(`module.exports = { name: 'A' };`, undefined, 'app.config.js').plain).toEqual({ name: 'A' });
    expect(run(`export default defineConfig({ name: 'B' });`).plain).toEqual({ name: 'B' });
    expect(run(`export default function ({ config }) { const name = 'C'; return { ...config, name }; }`, { slug: 's' }).plain).toEqual({ slug: 's', name: 'C' });
    expect(run(`const make = ({ config }) => ({ ...config, name: 'D' }); export default make;`, {}).plain).toEqual({ name: 'D' });
  });

  it('never guesses: env reads, calls and mutations become unknown', () => {
    const r = run(`
      export default {
        name: process.env.APP_NAME ?? 'fallback',
        ios: { infoPlist: { ...sharedPlist(), NSHealthShareUsageDescription: getText() } },
      };
    `);
    expect(child(r.value, 'name')!.kind).toBe('unknown');
    expect(child(r.value, 'ios', 'infoPlist', 'NSHealthShareUsageDescription')!.kind).toBe('unknown');
    expect((child(r.value, 'ios', 'infoPlist') as LObjectWithSpreads).unknownSpreads).toHaveLength(1);
    const mutated = run(`export default ({ config }) => { config.name = 'x'; return config; };`, { name: 'y' });
    expect(mutated.value!.kind).toBe('unknown');
  });

  it('reports a syntax error with its position and still reads what parses', () => {
    const r = run(`export default {\n  name: 'Pulse',\n  ios: { bundleIdentifier: 'a' \n`);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ file: 'app.config.ts', severity: 'warning' });
    expect(r.diagnostics[0]!.message).toMatch(/syntax error/);
    expect((r.plain as { name: string }).name).toBe('Pulse');
  });

  it('returns no value for a module without an export, and survives self-reference', () => {
    expect(run(`const a = 1;`).value).toBeUndefined();
    expect(run(`const a = { ...a }; export default a;`).value!.kind).toBe('object');
  });
});
