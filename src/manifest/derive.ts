/**
 * Derives the privacy declarations an app owes from the flows hkguard found: the NSPrivacyCollectedDataTypes
 * entries for Health and Fitness, and the App Store privacy label answers in plain words. Tracking is never
 * declared for health data: a flow to advertising, attribution, marketing or a data broker is reported as a
 * blocker to fix (Guideline 5.1.3(i)), not turned into a declaration.
 */
import path from 'node:path';
import type { SourceLocation } from '../findings/types.js';
import type { PrivacyCollectedDataType } from '../facts/types.js';
import type { SinkCategory, TaintFlow } from '../flow/types.js';
import type { AppResult } from '../scan/types.js';
import { categoryWords } from '../report/dataflow-map.js';
import {
  DATA_TYPE_LABEL, DESTINATION_POLICY, FITNESS, HEALTH, PURPOSE_DEVELOPER_ADVERTISING, PURPOSE_LABEL,
  PURPOSE_THIRD_PARTY_ADVERTISING, dataCategoryOf, type DeclarablePurpose, type HealthDataCategory,
} from './categories.js';

export interface DerivedRecipient {
  /** "Google (analytics SDK)", "api.example.app (first-party server)". */
  label: string;
  category: SinkCategory;
  purpose: DeclarablePurpose;
  linked: boolean;
  reason: string;
}

export interface DerivedDataType {
  type: HealthDataCategory;
  linked: boolean;
  tracking: false;
  purposes: DeclarablePurpose[];
  /** HealthKit identifiers behind this entry ("(unspecified)" omitted). */
  healthTypes: string[];
  recipients: DerivedRecipient[];
}

export interface ManifestBlocker {
  label: string;
  category: SinkCategory;
  dataType: HealthDataCategory;
  location: SourceLocation;
  reason: string;
}

export interface NotCollected {
  label: string;
  category: SinkCategory;
  reason: string;
}

export interface DerivedManifest {
  /** Root-relative app folder. */
  app: string;
  appName: string;
  /** Root-relative PrivacyInfo.xcprivacy (existing, or where it belongs). */
  manifestFile?: string;
  entries: DerivedDataType[];
  blockers: ManifestBlocker[];
  notCollected: NotCollected[];
}

function recipientLabel(flow: TaintFlow): string {
  const r = flow.sink.recipient;
  const words = categoryWords(flow.sink.category);
  const who = r.vendor && r.host ? `${r.vendor}, ${r.host}` : r.vendor ?? r.host;
  return who ? `${who} (${words})` : words;
}

function byKey<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const i of items) if (!seen.has(key(i))) seen.set(key(i), i);
  return [...seen.values()].sort((a, b) => key(a).localeCompare(key(b), 'en'));
}

const EXPO_CONFIG = /(^|\/)app\.(json|config\.[cm]?[jt]s)$/;

/**
 * Where the app's privacy manifest lives: the Expo config when it declares ios.privacyManifests; its own
 * PrivacyInfo.xcprivacy when there is one; for a managed Expo app, its config; else beside the target's Info.plist, which is where Xcode's template
 * puts it (facts.privacyManifestHome names the file a "missing manifest" finding points at: the Info.plist,
 * the project.pbxproj or the Expo config).
 */
export function manifestFileOf(app: AppResult): string | undefined {
  const { privacyManifests, privacyManifestHome: home, infoPlistHome } = app.facts;
  // With ios.privacyManifests in the Expo config, prebuild regenerates the xcprivacy: the config is the source.
  const expo = privacyManifests.find((m) => EXPO_CONFIG.test(m.file));
  if (expo) return expo.file;
  const own = privacyManifests.find((m) => m.file.endsWith('.xcprivacy'));
  if (own) return own.file;
  if (home?.endsWith('.xcprivacy')) return home;
  if (home && EXPO_CONFIG.test(home)) return home;
  const plist = [home, infoPlistHome].find((f) => f?.endsWith('.plist'));
  if (plist) return path.posix.join(path.posix.dirname(plist), 'PrivacyInfo.xcprivacy');
  // A project whose Info.plist is generated: the target folder is, by Xcode's convention, named as the project.
  const project = [home, infoPlistHome].map((f) => (f ? /^(.*?)([^/]+)\.xcodeproj\/project\.pbxproj$/.exec(f) : null)).find(Boolean);
  if (project) return `${project[1]}${project[2]}/PrivacyInfo.xcprivacy`;
  return privacyManifests[0]?.file;
}

export function deriveManifest(app: AppResult): DerivedManifest {
  const entries = new Map<HealthDataCategory, { types: Set<string>; recipients: DerivedRecipient[] }>();
  const blockers: ManifestBlocker[] = [];
  const notCollected: NotCollected[] = [];
  // Every flow counts whatever its status: a consented, sanitized, suppressed or baselined flow still collects.
  for (const flow of app.flows) {
    const policy = DESTINATION_POLICY[flow.sink.category];
    if (!policy) continue;
    const types = flow.source.healthTypes.length > 0 ? flow.source.healthTypes : [undefined];
    const label = recipientLabel(flow);
    for (const t of types) {
      const dataType = dataCategoryOf(t, flow.source.kind);
      if (policy.disposition === 'forbidden') {
        blockers.push({ label, category: flow.sink.category, dataType, location: flow.sink.location, reason: policy.reason });
        continue;
      }
      if (policy.disposition === 'on-device') {
        notCollected.push({ label, category: flow.sink.category, reason: policy.reason });
        continue;
      }
      let e = entries.get(dataType);
      if (!e) entries.set(dataType, (e = { types: new Set(), recipients: [] }));
      if (t) e.types.add(t);
      e.recipients.push({ label, category: flow.sink.category, purpose: policy.purpose!, linked: policy.linked!, reason: policy.reason });
    }
  }
  const derived: DerivedDataType[] = [HEALTH, FITNESS]
    .filter((t): t is HealthDataCategory => entries.has(t as HealthDataCategory))
    .map((type) => {
      const e = entries.get(type)!;
      const recipients = byKey(e.recipients, (r) => `${r.label}|${r.category}`);
      return {
        type,
        linked: recipients.some((r) => r.linked),
        tracking: false as const,
        purposes: [...new Set(recipients.map((r) => r.purpose))].sort(),
        healthTypes: [...e.types].sort(),
        recipients,
      };
    });
  const sortedBlockers = blockers.sort((a, b) =>
    a.location.file.localeCompare(b.location.file) || a.location.line - b.location.line || a.dataType.localeCompare(b.dataType));
  return {
    app: app.path,
    appName: app.name,
    manifestFile: manifestFileOf(app),
    entries: derived,
    blockers: byKey(sortedBlockers, (b) => `${b.location.file}:${String(b.location.line).padStart(6, '0')}|${b.dataType}|${b.label}`),
    notCollected: byKey(notCollected, (n) => `${n.category}|${n.label}`),
  };
}

/** A declared entry as read from a privacy manifest (facts or a parsed file). */
export type DeclaredDataType = Pick<PrivacyCollectedDataType, 'type' | 'linked' | 'tracking' | 'purposes'>;

export interface ManifestProblem {
  dataType: string;
  message: string;
}

/**
 * What the manifest is missing against what the code does. Over-declaring (more purposes, linked when hkguard
 * derives not linked, an entry with no flow) is not a problem: the team may know more than the code shows.
 * Declaring tracking or advertising for health data is.
 */
export function checkManifest(derived: DerivedManifest, declared: DeclaredDataType[] | undefined): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  if (declared === undefined) {
    if (derived.entries.length > 0) {
      // For Expo the manifest lives in the app config (ios.privacyManifests), which exists: name what is missing.
      const where = derived.manifestFile && !/\.xcprivacy$/.test(derived.manifestFile)
        ? `ios.privacyManifests is missing from ${derived.manifestFile}` : `${derived.manifestFile ?? 'PrivacyInfo.xcprivacy'} is missing`;
      problems.push({ dataType: '*', message: `${where}; the app collects ${derived.entries.map((e) => DATA_TYPE_LABEL[e.type]).join(' and ')} data` });
    }
    return problems;
  }
  for (const d of declared) {
    if (d.type !== HEALTH && d.type !== FITNESS) continue;
    if (d.tracking === true) problems.push({ dataType: d.type, message: `${d.type} declares NSPrivacyCollectedDataTypeTracking true; health data must never be used for tracking` });
    for (const p of d.purposes) {
      if (p === PURPOSE_THIRD_PARTY_ADVERTISING || p === PURPOSE_DEVELOPER_ADVERTISING) {
        problems.push({ dataType: d.type, message: `${d.type} declares the purpose ${p}; health data may never be used for advertising or marketing` });
      }
    }
  }
  for (const e of derived.entries) {
    const d = declared.find((x) => x.type === e.type);
    if (!d) {
      problems.push({ dataType: e.type, message: `${e.type} is not declared; the code sends ${DATA_TYPE_LABEL[e.type].toLowerCase()} data to ${e.recipients.map((r) => r.label).join(', ')}` });
      continue;
    }
    if (e.linked && d.linked !== true) {
      const why = e.recipients.filter((r) => r.linked).map((r) => r.label).join(', ');
      problems.push({ dataType: e.type, message: `${e.type} must be declared linked to the user (NSPrivacyCollectedDataTypeLinked true): it reaches ${why}` });
    }
    if (d.tracking === undefined) problems.push({ dataType: e.type, message: `${e.type} lacks NSPrivacyCollectedDataTypeTracking (false)` });
    for (const p of e.purposes) {
      if (!d.purposes.includes(p)) {
        const who = e.recipients.filter((r) => r.purpose === p).map((r) => r.label).join(', ');
        problems.push({ dataType: e.type, message: `${e.type} lacks the purpose ${p} (${PURPOSE_LABEL[p]}: ${who})` });
      }
    }
  }
  return problems;
}

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The App Store Connect "App Privacy" answers for health and fitness data, in plain words, one line each. */
export function nutritionLabel(derived: DerivedManifest): string[] {
  const lines: string[] = [];
  if (derived.entries.length === 0) {
    lines.push('Health & Fitness: not collected. No health or fitness data leaves the device through a path hkguard can see.');
  } else {
    lines.push(`Do you or your third-party partners collect data from this app? Yes: ${list(derived.entries.map((e) => DATA_TYPE_LABEL[e.type]))} (category Health & Fitness).`);
    for (const e of derived.entries) {
      const label = DATA_TYPE_LABEL[e.type];
      const purposes = e.purposes.map((p) => `${PURPOSE_LABEL[p]} (${list(e.recipients.filter((r) => r.purpose === p).map((r) => r.label))})`);
      lines.push(`${label}: used for ${list(purposes)}.`);
      const linkedBy = e.recipients.filter((r) => r.linked);
      lines.push(e.linked
        ? `${label}: linked to the user's identity, because ${list(linkedBy.map((r) => `${r.label}: ${r.reason}`))}.`
        : `${label}: not linked to the user's identity (${list(e.recipients.map((r) => `${r.label}: ${r.reason}`))}).`);
      lines.push(`${label}: not used to track the user. Health data may never be used for tracking.`);
    }
  }
  for (const b of derived.blockers) {
    lines.push(`Fix before submitting, do not declare: ${DATA_TYPE_LABEL[b.dataType].toLowerCase()} data reaches ${b.label} at ${b.location.file}:${b.location.line}; ${b.reason}.`);
  }
  if (derived.notCollected.length > 0) {
    lines.push(`Not "collected" in Apple's sense (no declaration, but each is a finding): ${list(derived.notCollected.map((n) => `${n.label}: ${n.reason}`))}.`);
  }
  return lines;
}
