/**
 * The language-neutral taint contract. Each front end (src/flow/typescript, src/flow/swift) follows health
 * data through its language and reports `TaintFlow`s plus the `CodeUsage` facts the configuration and
 * permission rules need; src/flow/core.ts turns flows into findings the same way for every language.
 */
import type { FlowStep, Recipient, SourceLocation, Diagnostic } from '../findings/types.js';
import type { HkguardConfig } from '../config/types.js';
import type { Catalog } from '../rules/catalog.js';
import type { AppWorkspace, FileReader } from '../workspace/types.js';

/** Sink categories (rules/README.md); each belongs to exactly one flow rule. */
export type SinkCategory =
  | 'advertising' | 'attribution' | 'analytics' | 'marketing' | 'engagement' | 'data-broker'
  | 'crash' | 'apm' | 'session-replay' | 'ai' | 'network-third-party' | 'network-first-party'
  | 'log' | 'insecure-storage' | 'icloud' | 'clipboard';

export type SourceKind = 'healthkit-read' | 'healthkit-write' | 'ble-health' | 'motion';

export interface TaintSource {
  kind: SourceKind;
  /** The API, as a user would name it: "react-native-health getHeartRateSamples". */
  api: string;
  location: SourceLocation;
  /** Apple's full identifiers (HKQuantityTypeIdentifierHeartRate); empty when unknown. */
  healthTypes: string[];
}

export interface TaintSink {
  category: SinkCategory;
  recipient: Recipient;
  /** "@react-native-firebase/analytics logEvent", "fetch", "console.log". */
  api: string;
  /** The sink call (or the argument that carries the data). */
  location: SourceLocation;
}

export interface TaintFlow {
  source: TaintSource;
  sink: TaintSink;
  /** Source first, sink last, each hop between with a short note. */
  steps: FlowStep[];
  status: 'open' | 'consented' | 'sanitized';
  /** The consent gate or sanitizer the flow passed (its function name). */
  guard?: string;
  language: 'typescript' | 'swift' | 'objc';
}

export type HealthKitApiKind =
  | 'read' | 'write' | 'authorization' | 'clinical-read' | 'background-delivery'
  | 'characteristic-read' | 'observe' | 'authorization-status';

/** One call of a HealthKit API found in the code. */
export interface HealthKitApiUse {
  kind: HealthKitApiKind;
  /** npm package, or "HealthKit" for native code. */
  library: string;
  api: string;
  healthTypes: string[];
  location: SourceLocation;
}

export interface TypeRef {
  identifier: string;
  location: SourceLocation;
}

/** A HealthKit authorization request and the types it asks for. */
export interface AuthorizationRequest {
  library: string;
  location: SourceLocation;
  read: TypeRef[];
  write: TypeRef[];
  /** True when some of the requested types could not be resolved statically. */
  hasUnresolved: boolean;
}

export interface ApiUse {
  library: string;
  api: string;
  location: SourceLocation;
}

/** What the code uses, for the configuration, permission and inventory rules. */
export interface CodeUsage {
  healthkit: HealthKitApiUse[];
  authorizations: AuthorizationRequest[];
  bluetooth: ApiUse[];
  motion: ApiUse[];
  /** Code that infers a read denial (healthkit-read-denial-inference). */
  readDenialInferences: Array<{ location: SourceLocation; note: string }>;
  /** SDK modules imported by the code: catalog sdk id and where. */
  sdkImports: Array<{ sdkId: string; module: string; location: SourceLocation }>;
}

export function emptyUsage(): CodeUsage {
  return { healthkit: [], authorizations: [], bluetooth: [], motion: [], readDenialInferences: [], sdkImports: [] };
}

/**
 * A persistent store for per-file results (src/findings/cache.ts implements it). Keys must include the
 * file's content hash; the store itself mixes in hkguard's version, the catalog and the configuration.
 */
export interface SummaryCache {
  get<T>(namespace: string, key: string): T | undefined;
  set<T>(namespace: string, key: string, value: T): void;
}

export interface FrontEndInput {
  /** Absolute scan root. */
  root: string;
  app: AppWorkspace;
  /** Root-relative source files of this language for this app. */
  files: string[];
  read: FileReader;
  config: HkguardConfig;
  catalog: Catalog;
  cache?: SummaryCache;
  /** Files changed (root-relative) for --staged / --changed-since; absent for a full scan. */
  changedFiles?: ReadonlySet<string>;
  diagnostics: Diagnostic[];
}

export interface FrontEndResult {
  flows: TaintFlow[];
  usage: CodeUsage;
  /** Files actually parsed (for the summary). */
  filesAnalyzed: number;
}

export interface FlowFrontEnd {
  language: 'typescript' | 'swift' | 'objc';
  analyze(input: FrontEndInput): Promise<FrontEndResult>;
}
