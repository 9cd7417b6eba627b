import type { SourceLocation } from '../../findings/types.js';
import type { ConfigValue } from '../../facts/types.js';
import type { AppAnalysis } from '../types.js';
import type { HealthKitApiKind } from '../../flow/types.js';

export function lineOne(file: string): SourceLocation {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

/** Where a missing Info.plist key belongs: the app's Info.plist, project.pbxproj or app.json. */
export function infoPlistHome(a: AppAnalysis): string {
  return a.facts.infoPlistHome ?? a.app.files.infoPlists[0] ?? a.app.files.pbxproj[0] ?? a.app.files.appJson ??
    a.app.files.appConfig ?? a.app.files.packageJson ?? firstCodeFile(a) ?? `${a.app.path === '.' ? '' : `${a.app.path}/`}Info.plist`;
}

export function entitlementsHome(a: AppAnalysis): string {
  return a.facts.entitlementsHome ?? a.app.files.entitlements[0] ?? a.app.files.pbxproj[0] ?? a.app.files.appJson ??
    a.app.files.appConfig ?? infoPlistHome(a);
}

function firstCodeFile(a: AppAnalysis): string | undefined {
  return a.usage.healthkit[0]?.location.file ?? a.usage.authorizations[0]?.location.file;
}

export function plistValue(a: AppAnalysis, key: string): ConfigValue | undefined {
  return a.facts.infoPlist.get(key);
}

export function entitlement(a: AppAnalysis, key: string): ConfigValue | undefined {
  return a.facts.entitlements.get(key);
}

export function isTrue(v: ConfigValue | undefined): boolean {
  return v !== undefined && (v.value === true || v.value === 'true' || v.value === 'YES' || v.value === 1);
}

export function usesKind(a: AppAnalysis, ...kinds: HealthKitApiKind[]): SourceLocation | undefined {
  return a.usage.healthkit.find((u) => kinds.includes(u.kind))?.location;
}

/** Whether the code touches HealthKit at all, and the first place it does. */
export function healthKitUse(a: AppAnalysis): SourceLocation | undefined {
  return a.usage.authorizations[0]?.location ?? a.usage.healthkit[0]?.location;
}

/** A type is read when an authorization asks to read it or a read API is called. */
export function readsHealth(a: AppAnalysis): SourceLocation | undefined {
  return a.usage.authorizations.find((r) => r.read.length > 0 || r.hasUnresolved)?.location ??
    usesKind(a, 'read', 'observe', 'characteristic-read', 'clinical-read');
}

export function writesHealth(a: AppAnalysis): SourceLocation | undefined {
  return a.usage.authorizations.find((r) => r.write.length > 0)?.location ?? usesKind(a, 'write');
}

export function codeRef(loc: SourceLocation | undefined): string {
  return loc ? ` (${loc.file}:${loc.line})` : '';
}

/** "a health app": one whose code, entitlements or dependencies use HealthKit. */
export function isHealthApp(a: AppAnalysis): boolean {
  if (healthKitUse(a)) return true;
  if (isTrue(entitlement(a, 'com.apple.developer.healthkit'))) return true;
  return [...a.facts.dependencies.keys()].some((d) =>
    /^(react-native-health|@kingstinct\/react-native-healthkit|@react-native-healthkit\/|@perfood\/capacitor-healthkit|capacitor-health|@capgo\/capacitor-health|cordova-plugin-health|@awesome-cordova-plugins\/health|rn-apple-healthkit)/.test(d));
}

/** A key "missing" from a file that could not be parsed to the end may stand after the fault: say nothing. */
export function isPartial(a: AppAnalysis, file: string): boolean {
  return a.facts.partialFiles?.includes(file) ?? false;
}
