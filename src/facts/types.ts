import type { SourceLocation } from '../findings/types.js';

/** Where a configuration value was found. */
export type ConfigOrigin =
  | 'info-plist' | 'build-setting' | 'expo-config' | 'expo-plugin' | 'capacitor-config' | 'cordova-config'
  | 'entitlements' | 'privacy-manifest';

export interface ConfigValue {
  key: string;
  value: unknown;
  location: SourceLocation;
  origin: ConfigOrigin;
  /** Human label of where: "ios/App/Info.plist", "build setting INFOPLIST_KEY_X (Debug, Release)". */
  where: string;
  /**
   * The key is set but its value (or part of it) could not be evaluated statically, e.g.
   * `process.env.X` in app.config.ts. The key counts as present; its text must not be judged.
   */
  isUnknownValue?: boolean;
}

export interface PrivacyCollectedDataType {
  type: string;
  linked?: boolean;
  tracking?: boolean;
  purposes: string[];
  location: SourceLocation;
}

export interface PrivacyManifestFacts {
  file: string;
  tracking?: ConfigValue;
  trackingDomains: string[];
  collected: PrivacyCollectedDataType[];
}

export interface SdkPresence {
  sdkId: string;
  vendor: string;
  product: string;
  category: string;
  /** npm package, pod or SPM identity that brought it in. */
  via: string;
  viaKind: 'npm' | 'cocoapods' | 'spm' | 'carthage' | 'import';
  version?: string;
  location: SourceLocation;
}

/** Typed facts from an app's configuration and dependencies (not from its code). */
export interface AppConfigFacts {
  /** Merged Info.plist keys (file, build settings, Expo config, ...). */
  infoPlist: Map<string, ConfigValue>;
  /** The file where a missing Info.plist key belongs (reported at line 1). */
  infoPlistHome?: string;
  entitlements: Map<string, ConfigValue>;
  entitlementsHome?: string;
  privacyManifests: PrivacyManifestFacts[];
  /** Configuration files that could be read only in part (a parse error): "missing" in them proves nothing. */
  partialFiles?: string[];
  /** Where the app's privacy manifest belongs when it is missing. */
  privacyManifestHome?: string;
  sdkPrivacyManifests: string[];
  sdks: SdkPresence[];
  privacyPolicy?: { url: string; location: SourceLocation; where: string };
  /** Config-plugins listed in an Expo config, by package name. */
  expoPlugins: Map<string, { options: unknown; location: SourceLocation }>;
  /** package.json dependencies (name -> version range). */
  dependencies: Map<string, string>;
  dependencyLocations: Map<string, SourceLocation>;
  /** The app's bundle identifier (Expo ios.bundleIdentifier, Capacitor appId, Cordova widget id, PRODUCT_BUNDLE_IDENTIFIER). */
  bundleIdentifier?: ConfigValue;
  /** Capacitor `server.url`: the web view loads a remote site instead of the bundled app. */
  serverUrl?: ConfigValue;
  /**
   * Parts of a configuration that could not be evaluated statically ("ios.infoPlist" spread of a
   * function call, a plugin whose options come from the environment). A key missing from
   * `infoPlist` or `entitlements` may be set there; rules may want to soften a "missing" finding.
   */
  unevaluated?: Array<{ path: string; location: SourceLocation }>;
}
