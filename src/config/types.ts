import type { SeveritySetting } from '../findings/types.js';
import type { SinkCategory } from '../flow/types.js';

/** A function named in .hkguard.yaml; `module` is resolved to a root-relative path without extension. */
export interface FunctionRef {
  function: string;
  /** Root-relative module path without extension ("src/privacy/consent"), or an npm package name. */
  module?: string;
}

export interface SinkRef extends FunctionRef {
  category: SinkCategory;
}

export interface AcceptEntry {
  rule: string;
  /** Glob over root-relative paths of the finding's file; every file when absent. */
  file?: string;
  reason: string;
}

export interface HkguardConfig {
  firstPartyHosts: string[];
  consentGates: FunctionRef[];
  sanitizers: FunctionRef[];
  sinks: SinkRef[];
  rules: Record<string, SeveritySetting>;
  ignore: string[];
  privacyPolicyUrl?: string;
  baseline?: string;
  /** Findings the team accepts, with the reason: status `suppressed`, suppression kind `config`. */
  accept?: AcceptEntry[];
  /** Rules that an inline comment may not suppress (default: advertising and data-broker flows). */
  notInlineSuppressible?: string[];
  cacheDir?: string;
  /** Absolute path of the file this came from, when there was one. */
  file?: string;
}

export function defaultConfig(): HkguardConfig {
  return { firstPartyHosts: [], consentGates: [], sanitizers: [], sinks: [], rules: {}, ignore: [] };
}
