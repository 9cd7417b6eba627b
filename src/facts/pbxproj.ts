import path from 'node:path';
import type { Diagnostic, SourceLocation } from '../findings/types.js';
import { child, entry, LineMap, stringOf, stripBom, type LEntry, type LNode } from './located.js';

class ParseError extends Error {
  constructor(message: string, readonly offset: number) { super(message); }
}

/**
 * Parses the OpenStep property-list text of a project.pbxproj: `{ key = value; }`, `( a, b, )`,
 * quoted strings with escapes, `/* comments *\/` and `//` comments. Every value keeps its position.
 */
export function parseOpenStep(file: string, input: string, diagnostics: Diagnostic[]): LNode | undefined {
  const text = stripBom(input);
  const lines = new LineMap(file, text);
  let i = 0;

  const skip = (): void => {
    while (i < text.length) {
      const c = text[i]!;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
      else if (c === '/' && text[i + 1] === '*') {
        const end = text.indexOf('*/', i + 2);
        if (end === -1) throw new ParseError('unterminated comment', i);
        i = end + 2;
      } else if (c === '/' && text[i + 1] === '/') {
        const end = text.indexOf('\n', i);
        i = end === -1 ? text.length : end + 1;
      } else break;
    }
  };
  const unquoted = /[A-Za-z0-9_$/:.\-+<>@~]/;
  const readString = (): { value: string; start: number } => {
    skip();
    const start = i;
    const q = text[i];
    if (q === '"' || q === "'") {
      i++;
      let out = '';
      while (i < text.length && text[i] !== q) {
        if (text[i] === '\\') {
          const e = text[i + 1];
          const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', "'": "'", '\\': '\\', a: '\x07', b: '\b', f: '\f', v: '\v' };
          if (e === 'U' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
            i += 6;
          } else {
            out += e !== undefined ? (map[e] ?? e) : '';
            i += 2;
          }
        } else out += text[i++];
      }
      if (i >= text.length) throw new ParseError('unterminated quoted string', start);
      i++;
      return { value: out, start };
    }
    while (i < text.length && unquoted.test(text[i]!)) i++;
    if (i === start) throw new ParseError(i >= text.length ? 'unexpected end of file' : `unexpected character ${JSON.stringify(text[i])}`, i);
    return { value: text.slice(start, i), start };
  };
  const expect = (c: string): void => {
    skip();
    if (text[i] !== c) throw new ParseError(`expected "${c}" but found ${i >= text.length ? 'end of file' : JSON.stringify(text[i])}`, i);
    i++;
  };

  const parseValue = (): LNode => {
    skip();
    const start = i;
    if (text[i] === '{') {
      i++;
      const entries: LEntry[] = [];
      for (;;) {
        skip();
        if (text[i] === '}') { i++; break; }
        const key = readString();
        const keyLoc = lines.loc(key.start, i);
        expect('=');
        const value = parseValue();
        expect(';');
        entries.push({ key: key.value, keyLoc, value });
      }
      return { kind: 'object', entries, loc: lines.loc(start, i) };
    }
    if (text[i] === '(') {
      i++;
      const items: LNode[] = [];
      for (;;) {
        skip();
        if (text[i] === ')') { i++; break; }
        items.push(parseValue());
        skip();
        if (text[i] === ',') { i++; continue; }
        if (text[i] !== ')') throw new ParseError(`expected "," or ")" but found ${i >= text.length ? 'end of file' : JSON.stringify(text[i])}`, i);
      }
      return { kind: 'array', items, loc: lines.loc(start, i) };
    }
    const s = readString();
    return { kind: 'scalar', value: s.value, loc: lines.loc(s.start, i) };
  };

  try {
    return parseValue();
  } catch (err) {
    const offset = err instanceof ParseError ? err.offset : i;
    const { line, column } = lines.position(Math.min(offset, text.length));
    diagnostics.push({ file, message: `malformed project.pbxproj: ${(err as Error).message}`, line, column, severity: 'warning' });
    return undefined;
  }
}

export interface BuildSetting {
  value: string | string[];
  location: SourceLocation;
}

export interface BuildConfiguration {
  /** "Debug", "Release", ... */
  name: string;
  /** Project-level settings overlaid with the target's own. */
  settings: Map<string, BuildSetting>;
}

export interface NativeTarget {
  name: string;
  productType: string;
  isApp: boolean;
  isWatchApp: boolean;
  configurations: BuildConfiguration[];
  location: SourceLocation;
}

export interface PbxProject {
  file: string;
  /** Folder that holds the .xcodeproj: what $(SRCROOT) and $(PROJECT_DIR) mean, relative to the scan root. */
  srcRoot: string;
  targets: NativeTarget[];
}

const APP_TYPE = 'com.apple.product-type.application';
const WATCH_TYPES = new Set([
  'com.apple.product-type.application.watchapp2',
  'com.apple.product-type.application.watchapp2-container',
  'com.apple.product-type.application.watchapp',
]);

export function readPbxProject(file: string, text: string, diagnostics: Diagnostic[]): PbxProject | undefined {
  const root = parseOpenStep(file, text, diagnostics);
  if (!root) return undefined;
  const objects = child(root, 'objects');
  const srcRoot = path.posix.dirname(path.posix.dirname(file));
  const obj = (id: string | undefined): LNode | undefined => (id ? entry(objects, id)?.value : undefined);
  const project = obj(stringOf(child(root, 'rootObject')));
  if (!project) {
    diagnostics.push({ file, message: 'project.pbxproj has no root PBXProject object', line: 1, column: 1, severity: 'warning' });
    return { file, srcRoot, targets: [] };
  }
  const configsOf = (listId: string | undefined): Array<{ name: string; settings: Map<string, BuildSetting> }> => {
    const list = obj(listId);
    const ids = child(list, 'buildConfigurations');
    const out: Array<{ name: string; settings: Map<string, BuildSetting> }> = [];
    if (ids?.kind !== 'array') return out;
    for (const idNode of ids.items) {
      const conf = obj(stringOf(idNode));
      const name = stringOf(child(conf, 'name'));
      if (!name) continue;
      out.push({ name, settings: settingsOf(child(conf, 'buildSettings')) });
    }
    return out;
  };
  const projectConfigs = configsOf(stringOf(child(project, 'buildConfigurationList')));
  const targets: NativeTarget[] = [];
  const targetIds = child(project, 'targets');
  for (const idNode of targetIds?.kind === 'array' ? targetIds.items : []) {
    const id = stringOf(idNode);
    const target = obj(id);
    if (stringOf(child(target, 'isa')) !== 'PBXNativeTarget') continue;
    const productType = stringOf(child(target, 'productType')) ?? '';
    const name = stringOf(child(target, 'name')) ?? id ?? '';
    const configurations = configsOf(stringOf(child(target, 'buildConfigurationList'))).map((c) => {
      const inherited = projectConfigs.find((p) => p.name === c.name)?.settings ?? new Map<string, BuildSetting>();
      return { name: c.name, settings: new Map([...inherited, ...c.settings]) };
    });
    targets.push({
      name,
      productType,
      isApp: productType === APP_TYPE,
      isWatchApp: WATCH_TYPES.has(productType),
      configurations,
      location: target!.loc,
    });
  }
  return { file, srcRoot, targets };
}

function settingsOf(node: LNode | undefined): Map<string, BuildSetting> {
  const out = new Map<string, BuildSetting>();
  if (node?.kind !== 'object') return out;
  for (const e of node.entries) {
    const location = { ...e.keyLoc, endLine: e.value.loc.endLine, endColumn: e.value.loc.endColumn };
    if (e.value.kind === 'array') out.set(e.key, { value: e.value.items.map((v) => stringOf(v) ?? ''), location });
    else {
      const s = stringOf(e.value);
      if (s !== undefined) out.set(e.key, { value: s, location });
    }
  }
  return out;
}

/**
 * Expands `$(VAR)`, `${VAR}` and `$VAR` with the configuration's own settings and Xcode's
 * built-ins that matter for locating files. Unknown variables expand to nothing, as in Xcode.
 */
export function expandSetting(
  value: string,
  config: BuildConfiguration,
  target: NativeTarget,
  project: PbxProject,
  depth = 0,
): string {
  const builtins: Record<string, string> = {
    SRCROOT: project.srcRoot,
    PROJECT_DIR: project.srcRoot,
    SOURCE_ROOT: project.srcRoot,
    TARGET_NAME: target.name,
    PROJECT_NAME: path.posix.basename(path.posix.dirname(project.file), '.xcodeproj'),
    CONFIGURATION: config.name,
    inherited: '',
  };
  const lookup = (raw: string): string => {
    const [name, ...mods] = raw.split(':');
    let v: string;
    if (name! in builtins) v = builtins[name!]!;
    else {
      const s = config.settings.get(name!);
      v = s === undefined || depth > 8 ? '' : expandSetting(Array.isArray(s.value) ? s.value.join(' ') : s.value, config, target, project, depth + 1);
      if (name === 'PRODUCT_NAME' && s === undefined) v = target.name;
    }
    for (const mod of mods) {
      if (mod === 'rfc1034identifier') v = v.replace(/[^A-Za-z0-9.-]/g, '-');
      else if (mod === 'c99extidentifier') v = v.replace(/[^A-Za-z0-9_]/g, '_');
      else if (mod === 'lower') v = v.toLowerCase();
      else if (mod === 'upper') v = v.toUpperCase();
    }
    return v;
  };
  return value
    .replace(/\$\(([^()]+)\)|\$\{([^{}]+)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, a?: string, b?: string, c?: string) => lookup((a ?? b ?? c)!))
    .trim();
}

/** A path setting (INFOPLIST_FILE, CODE_SIGN_ENTITLEMENTS) resolved to a scan-root-relative path. */
export function resolvePathSetting(
  key: string,
  config: BuildConfiguration,
  target: NativeTarget,
  project: PbxProject,
): string | undefined {
  const raw = config.settings.get(key);
  if (!raw || Array.isArray(raw.value)) return undefined;
  const expanded = expandSetting(raw.value, config, target, project).replace(/^"|"$/g, '');
  if (!expanded) return undefined;
  const isRooted = /^"?\$[({]?(SRCROOT|PROJECT_DIR|SOURCE_ROOT)\b/.test(raw.value) || path.posix.isAbsolute(expanded);
  const joined = isRooted
    ? expanded
    : path.posix.join(project.srcRoot, expanded);
  return path.posix.normalize(joined);
}
