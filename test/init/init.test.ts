import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import YAML from 'yaml';
import { beforeEach, describe, expect, it } from 'vitest';
import { detectHosts, registerInitCommand, renderInitConfig, hookPlan } from '../../src/cli/commands/init.js';
import { loadConfig } from '../../src/config/load.js';
import { UsageError } from '../../src/errors/index.js';

let app: string;
let out: string[];
let err: string[];

function write(rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(app, rel)), { recursive: true });
  fs.writeFileSync(path.join(app, rel), text);
}

async function run(...args: string[]): Promise<void> {
  const program = new Command('hkguard').exitOverride().configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  registerInitCommand(program, { stdout: (s) => out.push(s), stderr: (s) => err.push(s), cwd: app });
  await program.parseAsync(['init', ...args], { from: 'user' });
}

beforeEach(() => {
  app = fs.mkdtempSync(path.join(os.tmpdir(), 'hkg-init-'));
  out = [];
  err = [];
  write('package.json', '{"name":"pulse"}');
  write('src/api/client.ts', [
    "const BASE = 'https://api.pulsehealth.app/v1';",
    "export const upload = (b: unknown) => fetch(`https://api.pulsehealth.app/v1/readings`, { method: 'POST', body: JSON.stringify(b) });",
    "export const cdn = \"https://cdn.pulsehealth.app/img.png\";",
    "fetch('https://api.segment.io/v1/track');            // an SDK host: not a suggestion",
    "fetch('https://in.appsflyer.com/api');               // SDK wildcard host",
    "const docs = 'https://developer.apple.com/documentation/healthkit';",
    "const dev = 'http://localhost:8081'; const ex = 'https://api.example.com/x';",
  ].join('\n'));
  write('ios/Pulse/Sync.swift', 'let url = URL(string: "https://sync.pulsehealth.app/upload")!\n');
  write('src/api/client.test.ts', "fetch('https://mock.testhost.dev/x');\n");
  write('node_modules/some-lib/index.js', "fetch('https://tracker.somelib.io/');\n");
});

describe('detectHosts', () => {
  it('finds hosts of URL literals in sources, most referenced first, without SDK, reserved or documentation hosts', () => {
    expect(detectHosts(app, ['api.segment.io', '*.appsflyer.com'])).toEqual([
      { host: 'api.pulsehealth.app', count: 2, firstFile: 'src/api/client.ts' },
      { host: 'cdn.pulsehealth.app', count: 1, firstFile: 'src/api/client.ts' },
      { host: 'sync.pulsehealth.app', count: 1, firstFile: 'ios/Pulse/Sync.swift' },
    ]);
  });
});

describe('hkguard init', () => {
  it('writes a commented .hkguard.yaml that the real loader accepts, with every contract key', async () => {
    await run();
    const text = fs.readFileSync(path.join(app, '.hkguard.yaml'), 'utf8');
    const config = loadConfig(path.join(app, '.hkguard.yaml'), app);
    expect(config.firstPartyHosts).toEqual([]);
    expect(config.ignore).toEqual(['**/__tests__/**', '**/*.test.*', 'e2e/**']);
    for (const key of ['firstPartyHosts', 'consentGates', 'sanitizers', 'sinks', 'rules', 'ignore', 'privacyPolicyUrl', 'baseline', 'notInlineSuppressible', 'cacheDir']) {
      expect(text).toMatch(new RegExp(`^#? ?${key}:`, 'm'));
    }
    expect(text).toMatch(/^# {3}- api\.pulsehealth\.app +# 2 references, first in src\/api\/client\.ts$/m);
    expect(text).not.toContain('segment');
    expect(err.join('')).toContain('Wrote .hkguard.yaml');
  });

  it('the suggestions, once uncommented, load as firstPartyHosts', () => {
    const text = renderInitConfig([{ host: 'api.pulsehealth.app', count: 2, firstFile: 'a.ts' }]);
    const edited = text.replace('#   - api.pulsehealth.app', '  - api.pulsehealth.app').replace('firstPartyHosts: []', '');
    const lines = edited.split('\n');
    const at = lines.findIndex((l) => l.startsWith('  - api.pulsehealth.app'));
    lines.splice(at, 0, 'firstPartyHosts:');
    expect(YAML.parse(lines.join('\n')).firstPartyHosts).toEqual(['api.pulsehealth.app']);
  });

  it('never overwrites without --force', async () => {
    write('.hkguard.yaml', 'firstPartyHosts: [mine.app]\n');
    await expect(run()).rejects.toBeInstanceOf(UsageError);
    expect(fs.readFileSync(path.join(app, '.hkguard.yaml'), 'utf8')).toBe('firstPartyHosts: [mine.app]\n');
    await run('--force');
    expect(fs.readFileSync(path.join(app, '.hkguard.yaml'), 'utf8')).toContain('consentGates: []');
  });

  it('rejects an unknown hook kind through commander', async () => {
    await expect(run('--hook', 'githooks')).rejects.toBeInstanceOf(CommanderError);
    expect(err.join('')).toMatch(/Allowed choices are pre-commit, husky, lefthook/);
  });

  it('--hook pre-commit writes .pre-commit-config.yaml with a local hook', async () => {
    await run('--hook', 'pre-commit');
    const cfg = YAML.parse(fs.readFileSync(path.join(app, '.pre-commit-config.yaml'), 'utf8'));
    expect(cfg.repos[0].hooks[0]).toMatchObject({ id: 'hkguard', entry: 'npx --no-install hkguard scan --staged', pass_filenames: false });
  });

  it('--hook lefthook writes lefthook.yml, and prints a snippet when the file exists', async () => {
    await run('--hook', 'lefthook');
    const cfg = YAML.parse(fs.readFileSync(path.join(app, 'lefthook.yml'), 'utf8'));
    expect(cfg['pre-commit'].commands.hkguard.run).toBe('npx --no-install hkguard scan --staged');
    write('lefthook.yml', 'pre-commit:\n  commands:\n    lint:\n      run: npm run lint\n');
    out = [];
    await run('--hook', 'lefthook');
    expect(fs.readFileSync(path.join(app, 'lefthook.yml'), 'utf8')).not.toContain('hkguard');
    expect(YAML.parse(`pre-commit:\n${out.join('')}`)['pre-commit'].commands.hkguard).toBeDefined();
  });

  it('--hook husky writes an executable .husky/pre-commit, appends to an existing one, and is idempotent', async () => {
    await run('--hook', 'husky');
    const file = path.join(app, '.husky/pre-commit');
    expect(fs.readFileSync(file, 'utf8')).toBe('npx --no-install hkguard scan --staged\n');
    expect(fs.statSync(file).mode & 0o111).not.toBe(0);
    fs.writeFileSync(file, 'npx lint-staged');
    await run('--hook', 'husky');
    await run('--hook', 'husky');
    expect(fs.readFileSync(file, 'utf8')).toBe('npx lint-staged\nnpx --no-install hkguard scan --staged\n');
  });

  it('--dry-run writes nothing and prints the file', async () => {
    await run('--dry-run', '--hook', 'husky');
    expect(fs.existsSync(path.join(app, '.hkguard.yaml'))).toBe(false);
    expect(fs.existsSync(path.join(app, '.husky'))).toBe(false);
    expect(out.join('')).toContain('firstPartyHosts: []');
    expect(out.join('')).toContain('hkguard scan --staged');
  });

  it('the repository .pre-commit-hooks.yaml defines the hook for the pre-commit framework', () => {
    const hooks = YAML.parse(fs.readFileSync(path.resolve('.pre-commit-hooks.yaml'), 'utf8'));
    expect(hooks).toEqual([expect.objectContaining({ id: 'hkguard', entry: 'hkguard scan --staged', language: 'node', pass_filenames: false })]);
    expect(hookPlan('pre-commit').file).toBe('.pre-commit-config.yaml');
  });
});
