import type { AppFiles, AppKind, AppWorkspace } from '../../src/workspace/types.js';

export function files(partial: Partial<AppFiles>): AppFiles {
  return {
    js: [], swift: [], objc: [], infoPlists: [], entitlements: [], privacyManifests: [], sdkPrivacyManifests: [],
    pbxproj: [], lockfiles: [], packageResolved: [], fastlanePrivacyUrls: [], ...partial,
  };
}

export function workspace(kind: AppKind, partial: Partial<AppFiles>, path = '.'): AppWorkspace {
  return { name: 'app', kind, path, files: files(partial) };
}
