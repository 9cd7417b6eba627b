import type { Diagnostic, SourceLocation } from '../findings/types.js';
import type { AppWorkspace, FileReader } from '../workspace/types.js';
import { expandSetting, readPbxProject, resolvePathSetting, type BuildConfiguration, type NativeTarget, type PbxProject } from './pbxproj.js';
import type { ConfigValue } from './types.js';

export interface NativeProjectFacts {
  project?: PbxProject;
  target?: NativeTarget;
  /** The app target's Info.plist among the discovered ones. */
  infoPlist?: string;
  entitlements?: string;
  /** GENERATE_INFOPLIST_FILE = YES: keys may live only in build settings. */
  isInfoPlistGenerated: boolean;
  /** INFOPLIST_KEY_* build settings of the app target, as Info.plist keys. */
  buildSettingKeys: Map<string, ConfigValue>;
  bundleIdentifier?: ConfigValue;
}

const EXTENSION_PATH = /(^|\/)[^/]*(Tests?|UITests|Extension|Widgets?|Watch|WatchKit|Intents|IntentsUI|NotificationService|NotificationContent|Clip|Share|Keyboard)[^/]*\//i;
const PREFERRED_CONFIGS = ['Release', 'Debug'];

/**
 * Picks the app's own target in the Xcode projects and, through its build settings, the app's
 * Info.plist and entitlements among the discovered files (test and extension targets' ones are
 * not the app's). Without a project, or when a setting lives in an .xcconfig we do not read,
 * the choice falls back to paths: not under a test/extension folder, shallowest first.
 */
export function readNativeProject(app: AppWorkspace, read: FileReader, diagnostics: Diagnostic[]): NativeProjectFacts {
  const facts: NativeProjectFacts = { isInfoPlistGenerated: false, buildSettingKeys: new Map() };
  const projects: PbxProject[] = [];
  for (const file of [...app.files.pbxproj].sort(byDepth)) {
    const text = read.readText(file);
    if (text === undefined) continue;
    const p = readPbxProject(file, text, diagnostics);
    if (p) projects.push(p);
  }
  const owned = new Set<string>();
  let chosen: { project: PbxProject; target: NativeTarget } | undefined;
  for (const project of projects) {
    const apps = project.targets.filter((t) => t.isApp);
    const pick = apps.find((t) => t.name === app.name) ?? apps[0] ?? project.targets.find((t) => t.isWatchApp);
    if (pick && !chosen) chosen = { project, target: pick };
    for (const t of project.targets) {
      if (t === chosen?.target) continue;
      for (const c of t.configurations) {
        for (const key of ['INFOPLIST_FILE', 'CODE_SIGN_ENTITLEMENTS']) {
          const p = resolvePathSetting(key, c, t, project);
          if (p) owned.add(p);
        }
      }
    }
  }
  const fallback = (files: string[]): string | undefined =>
    [...files].filter((f) => !owned.has(f) && !EXTENSION_PATH.test(f)).sort(byDepth)[0];

  if (!chosen) {
    facts.infoPlist = fallback(app.files.infoPlists);
    facts.entitlements = fallback(app.files.entitlements);
    return facts;
  }
  const { project, target } = chosen;
  facts.project = project;
  facts.target = target;
  const configs = orderedConfigs(target);
  const pathSetting = (key: string, files: string[]): string | undefined => {
    let declared: { path: string; location: SourceLocation } | undefined;
    for (const c of configs) {
      const p = resolvePathSetting(key, c, target, project);
      if (!p) continue;
      if (files.includes(p)) return p;
      declared ??= { path: p, location: c.settings.get(key)!.location };
    }
    if (declared) {
      diagnostics.push({ file: project.file, message: `${key} of target ${target.name} is ${declared.path}, which was not found`, line: declared.location.line, column: declared.location.column, severity: 'warning' });
      return undefined;
    }
    return fallback(files);
  };
  facts.isInfoPlistGenerated = configs.some((c) => c.settings.get('GENERATE_INFOPLIST_FILE')?.value === 'YES');
  facts.infoPlist = pathSetting('INFOPLIST_FILE', app.files.infoPlists);
  if (facts.isInfoPlistGenerated && !configs.some((c) => c.settings.has('INFOPLIST_FILE'))) facts.infoPlist = undefined;
  facts.entitlements = pathSetting('CODE_SIGN_ENTITLEMENTS', app.files.entitlements);

  const seen = new Map<string, { value: string; location: SourceLocation; configs: string[] }>();
  for (const c of configs) {
    for (const [name, setting] of c.settings) {
      if (!name.startsWith('INFOPLIST_KEY_') || Array.isArray(setting.value)) continue;
      const key = name.slice('INFOPLIST_KEY_'.length);
      const prior = seen.get(key);
      if (prior) prior.configs.push(c.name);
      else seen.set(key, { value: expandSetting(setting.value, c, target, project), location: setting.location, configs: [c.name] });
    }
  }
  for (const [key, s] of [...seen].sort(([a], [b]) => a.localeCompare(b))) {
    facts.buildSettingKeys.set(key, {
      key,
      value: s.value,
      location: s.location,
      origin: 'build-setting',
      where: `build setting INFOPLIST_KEY_${key} (${[...s.configs].sort().join(', ')})`,
    });
  }
  for (const c of configs) {
    const bundle = c.settings.get('PRODUCT_BUNDLE_IDENTIFIER');
    if (bundle && !Array.isArray(bundle.value)) {
      facts.bundleIdentifier = {
        key: 'PRODUCT_BUNDLE_IDENTIFIER', value: expandSetting(bundle.value, c, target, project), location: bundle.location,
        origin: 'build-setting', where: `build setting PRODUCT_BUNDLE_IDENTIFIER (${c.name})`,
      };
      break;
    }
  }
  return facts;
}

/** Release first: it is what ships; then Debug, then the rest by name. */
function orderedConfigs(target: NativeTarget): BuildConfiguration[] {
  const rank = (n: string): number => (PREFERRED_CONFIGS.includes(n) ? PREFERRED_CONFIGS.indexOf(n) : PREFERRED_CONFIGS.length);
  return [...target.configurations].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

function byDepth(a: string, b: string): number {
  return a.split('/').length - b.split('/').length || a.localeCompare(b);
}

