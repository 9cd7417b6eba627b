import picomatch from 'picomatch';
import { firstSentence } from '../util/text.js';
import type { FlowStep, RawFinding, RecipientKind } from '../findings/types.js';
import type { RuleRegistry } from '../rules/registry.js';
import type { Catalog } from '../rules/catalog.js';
import type { SinkCategory, TaintFlow } from './types.js';

const RECIPIENT_WORDS: Record<string, string> = {
  advertising: 'an advertising SDK',
  attribution: 'an attribution SDK',
  analytics: 'an analytics SDK',
  marketing: 'a marketing SDK',
  engagement: 'an engagement SDK',
  'data-broker': 'a data broker',
  crash: 'a crash reporter',
  apm: 'a performance-monitoring SDK',
  'session-replay': 'a session-replay SDK',
  ai: 'a third-party AI service',
  'network-third-party': 'a third-party server',
  'network-first-party': "the app's own server",
  log: 'a log',
  'insecure-storage': 'unencrypted storage',
  icloud: 'iCloud',
  clipboard: 'the clipboard',
};

function recipientPhrase(flow: TaintFlow): string {
  const { recipient, category } = { recipient: flow.sink.recipient, category: flow.sink.category };
  const base = RECIPIENT_WORDS[category] ?? category;
  if (recipient.host) return `${base} (${recipient.host})`;
  if (recipient.vendor) return `${base} (${recipient.vendor})`;
  return base;
}

function typesPhrase(types: string[]): string {
  if (types.length === 0) return 'Health data';
  const short = types.map((t) => t.replace(/^HK(Quantity|Category|Characteristic|Correlation|Clinical|Document|Data)TypeIdentifier/, '').replace(/^HK/, ''));
  return `Health data (${short.join(', ')})`;
}

/**
 * Turns flows into raw findings: one finding per (rule, sink location, source location), the message in
 * three parts (what, why, what to do). Flows whose category has no rule are dropped; the rule-metadata test
 * guarantees every category has one.
 */
export function flowsToRawFindings(flows: TaintFlow[], rules: RuleRegistry, app?: string): RawFinding[] {
  const seen = new Map<string, RawFinding>();
  for (const flow of flows) {
    const rule = rules.forSinkCategory(flow.sink.category);
    if (!rule) continue;
    const s = flow.sink.location;
    const src = flow.source.location;
    // The call that carries the data into the sink's file (a call of an in-house `track()` wrapper) tells two
    // uses of one wrapper apart: each is its own finding, with its own status and fingerprint.
    const entry = entryStep(flow);
    const key = `${rule.id}|${s.file}:${s.line}:${s.column}|${src.file}:${src.line}:${src.column}|${entry ? `${entry.file}:${entry.line}:${entry.column}` : ''}`;
    const existing = seen.get(key);
    if (existing) {
      // Keep the shortest path; an open flow outranks a guarded one (it is the one to fix).
      const better = (existing.status !== 'open' && flow.status === 'open') ||
        (existing.status === flow.status && (existing.flow?.length ?? 0) > flow.steps.length);
      if (!better) continue;
    }
    const what = `${typesPhrase(flow.source.healthTypes)} from ${flow.source.api} reaches ${recipientPhrase(flow)} through ${flow.sink.api}`;
    const guardNote = flow.status === 'consented' ? ` It passes the consent gate ${flow.guard}.`
      : flow.status === 'sanitized' ? ` It passes the sanitizer ${flow.guard}.` : '';
    seen.set(key, {
      ruleId: rule.id,
      message: `${what}.${guardNote} ${firstSentence(rule.why)} ${firstSentence(flow.language !== 'typescript' && rule.fixSwift ? rule.fixSwift : rule.fix)}`.trim(),
      location: s,
      healthTypes: [...new Set(flow.source.healthTypes)].sort(),
      recipient: { ...flow.sink.recipient, category: flow.sink.category },
      flow: flow.steps,
      status: flow.status,
      guard: flow.guard,
      fingerprintHint: `${flow.sink.api}|${flow.source.api}`,
      fingerprintSteps: entry ? [entry] : undefined,
      app,
    });
  }
  return [...seen.values()];
}

/** The last step outside the sink's file: where the flow enters the file that holds the sink, if it does. */
function entryStep(flow: TaintFlow): FlowStep | undefined {
  const sinkFile = flow.sink.location.file;
  for (let i = flow.steps.length - 1; i >= 0; i--) {
    const step = flow.steps[i]!;
    if (step.file !== sinkFile) return i === 0 ? undefined : step;
  }
  return undefined;
}

export interface HostClass {
  category: SinkCategory;
  vendor?: string;
}

/**
 * Judges a request's host: an AI or SDK vendor's host by the catalog, the app's own hosts by
 * `firstPartyHosts` (exact or glob: "*.example.app"), anything else — including a host that cannot be
 * resolved statically (`undefined`) — as third party.
 */
export function classifyHost(host: string | undefined, firstPartyHosts: string[], catalog: Catalog): HostClass {
  if (!host) return { category: 'network-third-party' };
  const h = host.toLowerCase();
  const sdk = catalog.sdkForHost(h);
  if (sdk) return { category: sdkCategoryToSink(sdk.category), vendor: sdk.vendor };
  for (const pattern of firstPartyHosts) {
    const p = pattern.toLowerCase();
    if (p === h) return { category: 'network-first-party' };
    if (p.includes('*') && picomatch.isMatch(h, p, { dot: true })) return { category: 'network-first-party' };
    // "*.example.app" also covers the apex "example.app".
    if (p.startsWith('*.') && h === p.slice(2)) return { category: 'network-first-party' };
  }
  return { category: 'network-third-party' };
}

/** Catalog SDK categories are sink categories, but for `ads` in older catalogs. */
export function sdkCategoryToSink(category: string): SinkCategory {
  return (category === 'ads' ? 'advertising' : category) as SinkCategory;
}

/** What kind of recipient a sink category names (the JSON contract's `recipient.kind`). */
export function recipientKindFor(category: SinkCategory): RecipientKind {
  switch (category) {
    case 'log': return 'log';
    case 'insecure-storage': return 'storage';
    case 'icloud': return 'icloud';
    case 'clipboard': return 'clipboard';
    case 'ai': return 'ai';
    case 'network-first-party': case 'network-third-party': return 'network';
    default: return 'sdk';
  }
}
