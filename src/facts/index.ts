import type { Diagnostic } from '../findings/types.js';
import type { Catalog } from '../rules/catalog.js';
import type { AppWorkspace, FileReader } from '../workspace/types.js';
import { extractCapacitorFacts } from './capacitor.js';
import { extractCordovaFacts } from './cordova.js';
import { extractDependencies } from './dependencies.js';
import { extractExpoFacts, type ExpoFacts } from './expo.js';
import { parseJsonLocated } from './json.js';
import { fileStart, toPlain, type LEntry, type LNode } from './located.js';
import { readNativeProject, type NativeProjectFacts } from './native.js';
import { parsePlist } from './plist.js';
import { readPrivacyManifest } from './privacy-manifest.js';
import type { AppConfigFacts, ConfigOrigin, ConfigValue } from './types.js';

export type { AppConfigFacts } from './types.js';

/**
 * Typed facts from an app's configuration and dependencies. Reads only the files the workspace
 * lists, through `read`; never throws: malformed input adds a Diagnostic and the rest is still read.
 *
 * Precedence, lowest first (a later source overrides a key set by an earlier one):
 * Expo config (`ios.infoPlist`, then config plugins) or Cordova config.xml, then the app target's
 * INFOPLIST_KEY_* build settings, then the app's Info.plist / .entitlements files. Native files win
 * because in a prebuilt Expo or Cordova app they are what Xcode builds, whatever the config says.
 */
export function extractConfigFacts(app: AppWorkspace, read: FileReader, catalog: Catalog, diagnostics: Diagnostic[]): AppConfigFacts {
  const facts: AppConfigFacts = {
    infoPlist: new Map(),
    entitlements: new Map(),
    privacyManifests: [],
    sdkPrivacyManifests: [...app.files.sdkPrivacyManifests].sort(),
    sdks: [],
    expoPlugins: new Map(),
    dependencies: new Map(),
    dependencyLocations: new Map(),
  };
  const step = (file: string, fn: () => void): void => {
    try {
      fn();
    } catch (err) {
      // A bug of ours on odd input must not cost the whole scan.
      diagnostics.push({ file, message: `could not extract configuration facts: ${(err as Error).message}`, severity: 'warning' });
    }
  };

  let packageJson: LNode | undefined;
  if (app.files.packageJson) {
    const file = app.files.packageJson;
    step(file, () => {
      const text = read.readText(file);
      if (text !== undefined) packageJson = parseJsonLocated(file, text, diagnostics);
    });
  }

  let expo: ExpoFacts | undefined;
  if (app.files.appJson || app.files.appConfig) {
    step(app.files.appConfig ?? app.files.appJson!, () => {
      expo = extractExpoFacts(app, read, diagnostics);
      if (!expo) return;
      mergeInto(facts.infoPlist, expo.infoPlist);
      mergeInto(facts.entitlements, expo.entitlements);
      facts.expoPlugins = expo.plugins;
      if (expo.privacyManifest) facts.privacyManifests.push(expo.privacyManifest);
      if (expo.bundleIdentifier) facts.bundleIdentifier = expo.bundleIdentifier;
      if (expo.unevaluated.length > 0) facts.unevaluated = expo.unevaluated;
    });
  }

  let cordovaFile: string | undefined;
  if (app.files.cordovaConfigXml) {
    const file = app.files.cordovaConfigXml;
    step(file, () => {
      const cordova = extractCordovaFacts(file, read, diagnostics, packageJson);
      if (!cordova) return;
      cordovaFile = file;
      mergeInto(facts.infoPlist, cordova.infoPlist);
      mergeInto(facts.entitlements, cordova.entitlements);
      if (cordova.bundleIdentifier) facts.bundleIdentifier = cordova.bundleIdentifier;
    });
  }

  if (app.files.capacitorConfig) {
    const file = app.files.capacitorConfig;
    step(file, () => {
      const cap = extractCapacitorFacts(file, read, diagnostics);
      if (cap?.appId) facts.bundleIdentifier = cap.appId;
      if (cap?.serverUrl) facts.serverUrl = cap.serverUrl;
    });
  }

  let native: NativeProjectFacts = { isInfoPlistGenerated: false, buildSettingKeys: new Map() };
  step(app.files.pbxproj[0] ?? app.path, () => {
    native = readNativeProject(app, read, diagnostics);
    mergeInto(facts.infoPlist, native.buildSettingKeys);
    if (native.bundleIdentifier && !facts.bundleIdentifier) facts.bundleIdentifier = native.bundleIdentifier;
    if (native.infoPlist) mergeInto(facts.infoPlist, readPlistKeys(native.infoPlist, read, diagnostics, 'info-plist'));
    if (native.entitlements) mergeInto(facts.entitlements, readPlistKeys(native.entitlements, read, diagnostics, 'entitlements'));
  });

  for (const file of [...app.files.privacyManifests].sort()) {
    step(file, () => {
      const pm = readPrivacyManifest(file, read, diagnostics);
      if (pm) facts.privacyManifests.push(pm);
    });
  }

  const projectFile = native.project?.file;
  const isManagedExpo = expo !== undefined && !native.project && app.files.infoPlists.length === 0;
  facts.infoPlistHome = native.infoPlist
    ?? (native.isInfoPlistGenerated ? projectFile : undefined)
    ?? (isManagedExpo ? expo!.file : undefined)
    ?? cordovaFile
    ?? projectFile
    ?? expo?.file;
  facts.entitlementsHome = native.entitlements ?? (isManagedExpo ? expo!.file : undefined) ?? cordovaFile ?? projectFile ?? expo?.file;
  // A privacy manifest is added to the app target in Xcode, or generated from ios.privacyManifests.
  facts.privacyManifestHome = (isManagedExpo ? expo!.file : undefined) ?? projectFile ?? facts.infoPlistHome;

  step(app.files.packageJson ?? app.path, () => {
    const deps = extractDependencies(app, read, catalog, diagnostics, packageJson);
    facts.dependencies = deps.dependencies;
    facts.dependencyLocations = deps.dependencyLocations;
    facts.sdks = deps.sdks;
  });

  step(app.path, () => {
    const policy = readFastlanePrivacyUrl(app.files.fastlanePrivacyUrls, read);
    if (policy) facts.privacyPolicy = policy;
  });
  return facts;
}

function mergeInto(target: Map<string, ConfigValue>, source: Map<string, ConfigValue>): void {
  for (const [key, value] of source) target.set(key, value);
}

function readPlistKeys(file: string, read: FileReader, diagnostics: Diagnostic[], origin: ConfigOrigin): Map<string, ConfigValue> {
  const out = new Map<string, ConfigValue>();
  const bytes = read.readBytes(file);
  if (!bytes) return out;
  const { root } = parsePlist(file, bytes, diagnostics);
  if (root && root.kind !== 'object') {
    diagnostics.push({ file, message: 'the property list is not a dictionary', line: root.loc.line, column: root.loc.column, severity: 'warning' });
    return out;
  }
  for (const e of root?.entries ?? ([] as LEntry[])) {
    out.set(e.key, { key: e.key, value: toPlain(e.value), location: e.keyLoc, origin, where: file });
  }
  return out;
}

/** fastlane `metadata/<locale>/privacy_url.txt`; en-US first, then by path. */
function readFastlanePrivacyUrl(files: string[], read: FileReader): AppConfigFacts['privacyPolicy'] {
  const ordered = [...files].sort((a, b) => Number(!a.includes('/en-US/')) - Number(!b.includes('/en-US/')) || a.localeCompare(b));
  for (const file of ordered) {
    const text = read.readText(file);
    const url = text?.replace(/^\uFEFF/, '').split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '');
    if (url) return { url, location: { ...fileStart(file), endColumn: url.length + 1 }, where: `fastlane metadata ${file}` };
  }
  return undefined;
}
