import fs from 'node:fs';
import path from 'node:path';
import YAML, { isMap, isSeq, isScalar, LineCounter, type Node, type Pair } from 'yaml';
import { ConfigError } from '../errors/index.js';
import { defaultConfig, type FunctionRef, type HkguardConfig, type SinkRef } from './types.js';
import { toPosix } from '../util/paths.js';
import type { SeveritySetting } from '../findings/types.js';

export const CONFIG_NAMES = ['.hkguard.yaml', '.hkguard.yml'];

const SINK_CATEGORIES = new Set([
  'advertising', 'attribution', 'analytics', 'marketing', 'engagement', 'data-broker', 'crash', 'apm',
  'session-replay', 'ai', 'network-third-party', 'network-first-party', 'log', 'insecure-storage', 'icloud', 'clipboard',
]);
const SEVERITIES = new Set(['error', 'warning', 'info', 'off']);

/** Finds the configuration file: --config wins, then the scan root, then the given app folders. */
export function findConfigFile(root: string, explicit?: string, cwd = process.cwd()): string | undefined {
  if (explicit) {
    const abs = path.resolve(cwd, explicit);
    if (!fs.existsSync(abs)) throw new ConfigError(explicit, undefined, 'configuration file not found');
    return abs;
  }
  for (const name of CONFIG_NAMES) {
    const candidate = path.join(root, name);
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Loads and validates .hkguard.yaml. Every key is optional; an unknown key or a wrong type is a
 * ConfigError naming the key and its line. Module paths are resolved relative to the file's folder and
 * stored relative to `root` without extension, so the flow engines can match them to resolved imports.
 */
export function loadConfig(file: string | undefined, root: string, knownRuleIds?: ReadonlySet<string>): HkguardConfig {
  const config = defaultConfig();
  if (!file) return config;
  const display = toPosix(path.relative(process.cwd(), file)) || file;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(display, undefined, `cannot read the configuration file (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  const lineCounter = new LineCounter();
  const doc = YAML.parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const line = err.linePos?.[0]?.line ?? lineCounter.linePos(err.pos[0]).line;
    throw new ConfigError(display, line, `invalid YAML: ${err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  config.file = file;
  const contents = doc.contents;
  if (contents === null || contents === undefined) return config;
  const lineOf = (node: Node | null | undefined): number | undefined =>
    node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  const fail = (node: Node | null | undefined, detail: string): never => {
    throw new ConfigError(display, lineOf(node), detail);
  };
  if (!isMap(contents)) return fail(contents as Node, 'the configuration must be a mapping of keys (firstPartyHosts, rules, ...)');
  const configDir = path.dirname(file);

  const stringList = (key: string, node: Node | null): string[] => {
    if (!isSeq(node)) return fail(node, `"${key}" must be a list of strings`);
    return node.items.map((item) => {
      if (!isScalar(item) || typeof item.value !== 'string' || item.value.trim() === '') {
        return fail(item as Node, `"${key}" must be a list of non-empty strings`);
      }
      return item.value;
    });
  };
  // DESIGN.md: a module is a path relative to the config file's folder, or an npm package's name. A path must
  // exist: a gate whose module is a typo would silently never match, and every guarded flow would stay open.
  const resolveModule = (spec: string, node: Node | null | undefined, key: string): string => {
    const abs = path.resolve(configDir, spec);
    const isPath = spec.startsWith('.') || spec.startsWith('/') || /\.(d\.)?[cm]?[jt]sx?$|\.swift$|\.mm?$/.test(spec) ||
      (!spec.startsWith('@') && spec.includes('/') && fs.existsSync(path.join(configDir, spec.split('/')[0]!)));
    if (!isPath) return spec;
    const candidates = [abs, ...['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.swift', '.m'].map((e) => abs + e), ...['index.ts', 'index.tsx', 'index.js'].map((i) => path.join(abs, i))];
    if (!candidates.some((c) => fs.existsSync(c))) {
      fail(node, `"${key}" module "${spec}" does not exist (a path is relative to ${toPosix(path.relative(process.cwd(), configDir)) || '.'}/)`);
    }
    return toPosix(path.relative(root, abs)).replace(/\.(d\.)?[cm]?[jt]sx?$|\.swift$|\.mm?$/, '').replace(/\/index$/, '');
  };
  const functionList = (key: string, node: Node | null, withCategory: boolean): Array<FunctionRef | SinkRef> => {
    if (!isSeq(node)) return fail(node, `"${key}" must be a list of { function, module } entries`);
    return node.items.map((item) => {
      if (!isMap(item)) return fail(item as Node, `each "${key}" entry must be a mapping with "function" (and "module")`);
      const entry: Record<string, string> = {};
      let moduleNode: Node | null | undefined;
      for (const pair of item.items as Pair<Node, Node>[]) {
        const k = isScalar(pair.key) ? String(pair.key.value) : '';
        const allowed = withCategory ? ['function', 'module', 'category'] : ['function', 'module'];
        if (!allowed.includes(k)) fail(pair.key, `unknown key "${key}[].${k}" (expected ${allowed.join(', ')})`);
        if (!isScalar(pair.value) || typeof pair.value.value !== 'string') fail(pair.value ?? pair.key, `"${key}[].${k}" must be a string`);
        entry[k] = (pair.value as { value: string }).value;
        if (k === 'module') moduleNode = pair.value;
      }
      if (!entry.function) fail(item, `each "${key}" entry needs a "function"`);
      if (!entry.module) {
        fail(item, `the "${key}" entry for ${entry.function} needs a "module": the file (relative to this file) or package that exports it, so that calls are matched by their import and not by name alone`);
      }
      if (withCategory) {
        if (!entry.category) fail(item, `each "sinks" entry needs a "category" (${[...SINK_CATEGORIES].join(', ')})`);
        if (!SINK_CATEGORIES.has(entry.category!)) fail(item, `unknown sink category "${entry.category}" (expected one of ${[...SINK_CATEGORIES].join(', ')})`);
      }
      const ref: FunctionRef & { category?: string } = { function: entry.function! };
      ref.module = resolveModule(entry.module!, moduleNode, key);
      if (withCategory) ref.category = entry.category;
      return ref as FunctionRef | SinkRef;
    });
  };

  for (const pair of contents.items as Pair<Node, Node | null>[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value;
    switch (key) {
      case 'firstPartyHosts':
        config.firstPartyHosts = stringList(key, value);
        break;
      case 'ignore':
        config.ignore = stringList(key, value);
        break;
      case 'accept': {
        if (!isSeq(value)) fail(value ?? pair.key, '"accept" must be a list of { rule, file?, reason } entries');
        config.accept = (value as { items: Node[] }).items.map((item) => {
          if (!isMap(item)) return fail(item, 'each "accept" entry must be a mapping with "rule" and "reason" (and optionally "file")');
          const entry: Record<string, string> = {};
          for (const p of item.items as Pair<Node, Node>[]) {
            const k = isScalar(p.key) ? String(p.key.value) : '';
            if (!['rule', 'file', 'reason'].includes(k)) fail(p.key, `unknown key "accept[].${k}" (expected rule, file, reason)`);
            if (!isScalar(p.value) || typeof p.value.value !== 'string' || p.value.value.trim() === '') fail(p.value ?? p.key, `"accept[].${k}" must be a non-empty string`);
            entry[k] = (p.value as { value: string }).value.trim();
          }
          if (!entry.rule) fail(item, 'each "accept" entry needs a "rule"');
          if (knownRuleIds && !knownRuleIds.has(entry.rule!)) fail(item, `unknown rule "${entry.rule}" in "accept" (run \`hkguard rules\` for the list)`);
          if (!entry.reason) fail(item, `the "accept" entry for ${entry.rule} needs a "reason": accepted findings stay in the compliance record with it`);
          return { rule: entry.rule!, reason: entry.reason!, ...(entry.file ? { file: entry.file } : {}) };
        });
        break;
      }
      case 'notInlineSuppressible': {
        config.notInlineSuppressible = stringList(key, value);
        const unknown = config.notInlineSuppressible.find((id) => knownRuleIds && !knownRuleIds.has(id));
        if (unknown) fail((value as { items: Node[] }).items[config.notInlineSuppressible.indexOf(unknown)], `unknown rule "${unknown}" in "notInlineSuppressible" (run \`hkguard rules\` for the list)`);
        break;
      }
      case 'consentGates':
        config.consentGates = functionList(key, value, false);
        break;
      case 'sanitizers':
        config.sanitizers = functionList(key, value, false);
        break;
      case 'sinks':
        config.sinks = functionList(key, value, true) as SinkRef[];
        break;
      case 'privacyPolicyUrl':
      case 'baseline':
      case 'cacheDir': {
        if (!isScalar(value) || typeof value.value !== 'string' || value.value.trim() === '') fail(value ?? pair.key, `"${key}" must be a non-empty string`);
        const s = (value as { value: string }).value;
        if (key === 'privacyPolicyUrl' && !/^https?:\/\/\S+$/.test(s)) fail(value, `"privacyPolicyUrl" must be an http(s) URL, not "${s}"`);
        if (key === 'privacyPolicyUrl') config.privacyPolicyUrl = s;
        else if (key === 'baseline') config.baseline = path.resolve(configDir, s);
        else config.cacheDir = path.resolve(configDir, s);
        break;
      }
      case 'rules': {
        if (!isMap(value)) fail(value ?? pair.key, '"rules" must be a mapping of rule id to error | warning | info | off');
        for (const rp of (value as { items: Pair<Node, Node>[] }).items) {
          const id = isScalar(rp.key) ? String(rp.key.value) : '';
          if (knownRuleIds && !knownRuleIds.has(id)) fail(rp.key, `unknown rule "${id}" in "rules" (run \`hkguard rules\` for the list)`);
          const sev = isScalar(rp.value) ? String(rp.value.value) : '';
          if (!SEVERITIES.has(sev)) fail(rp.value ?? rp.key, `"rules.${id}" must be one of error, warning, info, off (got "${sev}")`);
          config.rules[id] = sev as SeveritySetting;
        }
        break;
      }
      default:
        fail(pair.key, `unknown key "${key}" (expected firstPartyHosts, consentGates, sanitizers, sinks, rules, ignore, privacyPolicyUrl, baseline, accept, notInlineSuppressible, cacheDir)`);
    }
  }
  return config;
}
