export type AppKind = 'react-native' | 'expo' | 'capacitor' | 'cordova' | 'native-ios';

/** One app found in the scanned tree. Every path is relative to the scan root, with "/" separators. */
export interface AppWorkspace {
  name: string;
  kind: AppKind;
  /** The app's folder ("." for the scan root itself). */
  path: string;
  files: AppFiles;
}

export interface AppFiles {
  /** .ts .tsx .js .jsx .mjs .cjs sources (not node_modules, not build output). */
  js: string[];
  swift: string[];
  objc: string[];
  infoPlists: string[];
  entitlements: string[];
  /** The app's own PrivacyInfo.xcprivacy files. */
  privacyManifests: string[];
  /** Privacy manifests shipped by SDKs (under Pods/, node_modules is not walked). */
  sdkPrivacyManifests: string[];
  pbxproj: string[];
  appJson?: string;
  appConfig?: string;
  capacitorConfig?: string;
  cordovaConfigXml?: string;
  packageJson?: string;
  lockfiles: string[];
  podfileLock?: string;
  packageResolved: string[];
  cartfileResolved?: string;
  fastlanePrivacyUrls: string[];
}

/**
 * The only way the analysis reads files: the workspace hands it this reader (ESLint's split).
 * `readText` returns undefined (and records a diagnostic) when the file cannot be read.
 */
export interface FileReader {
  readText(relPath: string): string | undefined;
  readBytes(relPath: string): Buffer | undefined;
}
