/**
 * `hkguard init`: a commented .hkguard.yaml with every key of the configuration contract, the hosts found in
 * the app's sources as first-party suggestions (commented out: a host becomes first party only when a person
 * says so, since that turns its findings into infos), and the pre-commit integration of the team's choice.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { UsageError } from '../../errors/index.js';
import { loadCatalog } from '../../rules/catalog.js';
import { toPosix } from '../../util/paths.js';
import { VERSION } from '../../util/version.js';

export const HOOK_KINDS = ['pre-commit', 'husky', 'lefthook'] as const;
export type HookKind = (typeof HOOK_KINDS)[number];

export interface InitDeps {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  /** Hosts of the SDK catalog (rules/catalog/sdks.yaml); `*.` patterns allowed. Defaults to the real catalog. */
  sdkHosts?: string[];
}

export interface DetectedHost {
  host: string;
  count: number;
  /** Root-relative file of the first reference, in path order. */
  firstFile: string;
}

const SOURCE_EXT = new Set(['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.swift', '.m', '.mm']);
const SKIP_DIRS = new Set(['node_modules', 'Pods', '.git', 'build', 'dist', 'DerivedData', 'vendor', 'coverage', '.expo', 'android', '__tests__', '__mocks__', 'e2e', '.next', 'web-build', 'Carthage']);
const MAX_FILES = 5000;
const MAX_FILE_BYTES = 512 * 1024;

// Hosts that appear in app code without being anyone's backend: documentation, schemas, stores, social links.
const NOT_BACKENDS = [
  'apple.com', 'icloud.com', 'w3.org', 'schemas.android.com', 'github.com', 'githubusercontent.com', 'reactnative.dev',
  'reactjs.org', 'react.dev', 'expo.dev', 'expo.io', 'npmjs.com', 'npmjs.org', 'mozilla.org', 'google.com', 'youtube.com',
  'twitter.com', 'x.com', 'facebook.com', 'instagram.com', 'linkedin.com', 'fonts.googleapis.com', 'gstatic.com',
  'swift.org', 'stackoverflow.com', 'wikipedia.org', 'json-schema.org', 'schema.org', 'creativecommons.org', 'opensource.org',
];

function matchesDomain(host: string, pattern: string): boolean {
  const p = pattern.toLowerCase().replace(/^\*\./, '');
  return host === p || host.endsWith(`.${p}`);
}

function isIgnorableHost(host: string, sdkHosts: string[]): boolean {
  if (host === 'localhost' || /^\d+(\.\d+){3}$/.test(host) || !host.includes('.')) return true;
  // Reserved for documentation and testing (RFC 2606, RFC 6761).
  if (/(^|\.)(example\.(com|org|net)|[^.]+\.(example|test|invalid|localhost|local))$/.test(host)) return true;
  if (NOT_BACKENDS.some((d) => matchesDomain(host, d))) return true;
  return sdkHosts.some((p) => matchesDomain(host, p));
}

/**
 * Hosts of `http(s)://` string literals in the app's sources, most referenced first (ties by name). Cheap:
 * a regex over at most MAX_FILES files, skipping dependencies, build output and tests; nothing is parsed or run.
 */
export function detectHosts(root: string, sdkHosts: string[]): DetectedHost[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    if (files.length >= MAX_FILES) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (files.length >= MAX_FILES) return;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) walk(path.join(dir, e.name));
      } else if (e.isFile() && SOURCE_EXT.has(path.extname(e.name)) && !/\.(test|spec)\.[jt]sx?$/.test(e.name)) {
        files.push(path.join(dir, e.name));
      }
    }
  };
  walk(root);
  const hosts = new Map<string, DetectedHost>();
  const re = /["'`]https?:\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?=[:/"'`?#])/gi;
  for (const file of files) {
    let text: string;
    try {
      if (fs.statSync(file).size > MAX_FILE_BYTES) continue;
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    if (!text.includes('://')) continue;
    for (const m of text.matchAll(re)) {
      const host = m[1]!.toLowerCase();
      if (isIgnorableHost(host, sdkHosts)) continue;
      const found = hosts.get(host);
      if (found) found.count++;
      else hosts.set(host, { host, count: 1, firstFile: toPosix(path.relative(root, file)) });
    }
  }
  return [...hosts.values()].sort((a, b) => b.count - a.count || (a.host < b.host ? -1 : 1));
}

/** The commented configuration: every key of DESIGN.md's contract, active ones with neutral values. */
export function renderInitConfig(hosts: DetectedHost[]): string {
  const suggestions = hosts.slice(0, 20).map((h) =>
    `#   - ${h.host.padEnd(32)} # ${h.count} reference${h.count === 1 ? '' : 's'}, first in ${h.firstFile}`);
  const hostBlock = suggestions.length
    ? ['# Hosts found in your sources. Add the ones your team operates (check each: a first-party host', '# turns its findings into infos):', ...suggestions]
    : ['# No hosts were found in string literals of your sources; add your backends here.'];
  return [
    `# hkguard configuration (created by hkguard ${VERSION} init). Every key is optional.`,
    '# Reference: the "configuration file" section of the hkguard README.',
    '',
    "# The app's own backends, exact (api.example.app) or with a wildcard (\"*.example.app\" also covers example.app).",
    '# Health data sent there is reported as health-data-to-first-party-network (info, to disclose);',
    '# to any other host as health-data-to-third-party-network (error).',
    ...hostBlock,
    'firstPartyHosts: []',
    '',
    '# Consent gates: calls that guard a sink when the user agreed (a flow through one is reported as consented).',
    '# `module` is relative to this file; the function is matched through its import, not by name alone.',
    '#   - { function: hasResearchConsent, module: src/privacy/consent.ts }',
    'consentGates: []',
    '',
    '# Sanitizers: functions whose result is no longer health data (a flow through one is reported as sanitized).',
    '#   - { function: toHeartRateZone, module: src/health/zones.ts }',
    'sanitizers: []',
    '',
    '# Extra sinks: in-house wrappers around SDKs, or SDKs hkguard does not know. Category is one of advertising,',
    '# attribution, analytics, marketing, engagement, data-broker, crash, apm, session-replay, ai,',
    '# network-third-party, network-first-party, log, insecure-storage, icloud, clipboard.',
    '#   - { function: sendToPartner, module: src/partner.ts, category: analytics }',
    'sinks: []',
    '',
    '# Severity overrides per rule id (error | warning | info | off); `hkguard rules` lists the ids.',
    '#   health-data-to-log: error',
    '#   privacy-policy-missing: off',
    'rules: {}',
    '',
    '# Paths hkguard skips, beside .gitignore (globs relative to this file).',
    'ignore:',
    '  - "**/__tests__/**"',
    '  - "**/*.test.*"',
    '  - "e2e/**"',
    '',
    '# The privacy policy shown on the App Store (privacy-policy-missing looks for one).',
    '# privacyPolicyUrl: https://example.app/privacy',
    '',
    '# Accepted existing findings (`hkguard baseline create`); `hkguard scan` then reports only new ones.',
    '# baseline: .hkguard-baseline.json',
    '',
    '# Rules an inline `// hkguard-ignore` comment may not suppress: only the baseline or this file can accept them.',
    '# notInlineSuppressible: [health-data-to-advertising, health-data-to-data-broker]',
    '',
    '# Where the analysis cache lives (default: node_modules/.cache/hkguard).',
    '# cacheDir: node_modules/.cache/hkguard',
    '',
  ].join('\n');
}

const HOOK_COMMAND = 'npx --no-install hkguard scan --staged';

export interface HookPlan {
  /** Root-relative file the integration lives in. */
  file: string;
  /** The whole file, when it does not exist yet. */
  content: string;
  /** What to add to an existing file. */
  snippet: string;
  /** True when adding to an existing file is safe to do automatically (a husky script: append a line). */
  isAppendable: boolean;
}

export function hookPlan(kind: HookKind): HookPlan {
  switch (kind) {
    case 'pre-commit': {
      const snippet = [
        '  - repo: local',
        '    hooks:',
        '      - id: hkguard',
        '        name: hkguard (HealthKit privacy)',
        `        entry: ${HOOK_COMMAND}`,
        '        language: system',
        '        pass_filenames: false',
        '        files: \\.(ts|tsx|js|jsx|mjs|cjs|swift|m|plist|entitlements|xcprivacy|pbxproj|json|ya?ml)$',
        '',
      ].join('\n');
      return { file: '.pre-commit-config.yaml', content: `repos:\n${snippet}`, snippet, isAppendable: false };
    }
    case 'husky':
      return { file: '.husky/pre-commit', content: `${HOOK_COMMAND}\n`, snippet: `${HOOK_COMMAND}\n`, isAppendable: true };
    case 'lefthook': {
      const snippet = [
        '  commands:',
        '    hkguard:',
        '      glob: "*.{ts,tsx,js,jsx,mjs,cjs,swift,m,plist,entitlements,xcprivacy,pbxproj,json,yaml,yml}"',
        `      run: ${HOOK_COMMAND}`,
        '',
      ].join('\n');
      return { file: 'lefthook.yml', content: `pre-commit:\n${snippet}`, snippet, isAppendable: false };
    }
  }
}

interface InitOptions {
  force?: boolean;
  hook?: HookKind;
  dryRun?: boolean;
}

function installHook(root: string, kind: HookKind, opts: InitOptions, deps: InitDeps): void {
  const plan = hookPlan(kind);
  const abs = path.join(root, plan.file);
  const exists = fs.existsSync(abs);
  const existing = exists ? fs.readFileSync(abs, 'utf8') : '';
  if (existing.includes('hkguard')) {
    deps.stderr(`${plan.file} already runs hkguard; left unchanged.\n`);
    return;
  }
  if (opts.dryRun) {
    deps.stderr(`Would ${exists ? 'add to' : 'write'} ${plan.file}:\n`);
    deps.stdout(exists ? plan.snippet : plan.content);
    return;
  }
  if (!exists) {
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, plan.content, { mode: kind === 'husky' ? 0o755 : 0o644 });
    deps.stderr(`Wrote ${plan.file}.${kind === 'husky' ? ' Husky runs it once its hooks are installed: run `npx husky` once and add `"prepare": "husky"` to package.json (not `husky init`, which would overwrite this file).' : kind === 'lefthook' ? ' Run `npx lefthook install` to activate it.' : ' Run `pre-commit install` to activate it.'}\n`);
    return;
  }
  if (plan.isAppendable) {
    fs.appendFileSync(abs, `${existing.endsWith('\n') || existing === '' ? '' : '\n'}${plan.snippet}`);
    deps.stderr(`Added hkguard to ${plan.file}.\n`);
    return;
  }
  // Editing someone's YAML in place could break its structure or comments: show what to add instead.
  deps.stderr(`${plan.file} exists; add this under ${kind === 'lefthook' ? '"pre-commit:"' : '"repos:"'}:\n`);
  deps.stdout(plan.snippet);
}

export function registerInitCommand(program: Command, deps: InitDeps): void {
  program
    .command('init')
    .description('write a commented .hkguard.yaml (with the hosts found in your sources as suggestions) and, with --hook, a pre-commit integration')
    .argument('[path]', 'the app or repository folder', '.')
    .option('--force', 'overwrite an existing .hkguard.yaml')
    .addOption(new Option('--hook <kind>', 'also set up a pre-commit hook').choices([...HOOK_KINDS]))
    .option('--dry-run', 'print what would be written, write nothing')
    .action((target: string, opts: InitOptions) => {
      const root = path.resolve(deps.cwd, target);
      if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`${target}: no such folder`);
      const configPath = path.join(root, '.hkguard.yaml');
      const configExists = fs.existsSync(configPath) || fs.existsSync(path.join(root, '.hkguard.yml'));
      if (configExists && !opts.force && !opts.hook) {
        throw new UsageError(`${toPosix(path.relative(deps.cwd, configPath)) || '.hkguard.yaml'} already exists; pass --force to overwrite it.`);
      }
      if (configExists && !opts.force) {
        deps.stderr('.hkguard.yaml already exists; left unchanged (--force overwrites it).\n');
      } else {
        const sdkHosts = deps.sdkHosts ?? loadCatalog().sdks.flatMap((s) => s.hosts ?? []);
        const text = renderInitConfig(detectHosts(root, sdkHosts));
        if (opts.dryRun) {
          deps.stdout(text);
        } else {
          fs.writeFileSync(configPath, text);
          deps.stderr(`Wrote ${toPosix(path.relative(deps.cwd, configPath)) || '.hkguard.yaml'}.\n`);
        }
      }
      if (opts.hook) installHook(root, opts.hook, opts, deps);
    });
}
