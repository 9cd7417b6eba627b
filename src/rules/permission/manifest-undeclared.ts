import type { RawFinding } from '../../findings/types.js';
import type { SinkCategory } from '../../flow/types.js';
import type { RuleCheck } from '../types.js';

/** Sinks that keep data on the device: they are other rules' business, not the privacy manifest's. */
const ON_DEVICE = new Set<SinkCategory>(['log', 'clipboard', 'insecure-storage']);
const HEALTH_TYPES = new Set(['NSPrivacyCollectedDataTypeHealth', 'NSPrivacyCollectedDataTypeFitness']);

/**
 * privacy-manifest-health-undeclared: health data leaves the device (a flow to an SDK, a server, an AI service or
 * iCloud) but no privacy manifest of the app declares Health or Fitness as collected data.
 */
export const manifestUndeclared: RuleCheck = {
  ids: ['privacy-manifest-health-undeclared'],
  check({ flows, facts }) {
    const leaving = flows.filter((f) => !ON_DEVICE.has(f.sink.category) && f.status !== 'sanitized');
    if (leaving.length === 0) return [];
    if (facts.privacyManifests.some((m) => m.collected.some((c) => HEALTH_TYPES.has(c.type)))) return [];
    const first = [...leaving].sort((a, b) => a.sink.location.file.localeCompare(b.sink.location.file) || a.sink.location.line - b.sink.location.line)[0]!;
    const manifest = facts.privacyManifests[0]?.file ?? facts.privacyManifestHome;
    const location = manifest ? { file: manifest, line: 1, column: 1, endLine: 1, endColumn: 1 } : first.sink.location;
    const recipients = [...new Set(leaving.map((f) => f.sink.recipient.vendor ?? f.sink.recipient.host ?? (f.sink.category === 'icloud' ? 'iCloud' : f.sink.category)))].sort();
    const types = [...new Set(leaving.flatMap((f) => f.source.healthTypes))].sort();
    const finding: RawFinding = {
      ruleId: 'privacy-manifest-health-undeclared',
      message: `Health data leaves the device (${recipients.slice(0, 5).join(', ')}${recipients.length > 5 ? ', ...' : ''}; first at ${first.sink.location.file}:${first.sink.location.line}) but ${manifest && facts.privacyManifests.length ? 'the privacy manifest does not' : 'no privacy manifest'} declare${manifest && facts.privacyManifests.length ? '' : 's'} Health or Fitness data. App Store privacy details and the manifest must list every data type the app or its SDKs collect. Add NSPrivacyCollectedDataTypeHealth (and NSPrivacyCollectedDataTypeFitness for activity data) to NSPrivacyCollectedDataTypes with its purposes.`,
      location,
      healthTypes: types,
      // A configuration rule carries no flow (DESIGN.md's JSON contract); the message names the first sink.
      fingerprintHint: 'health-undeclared',
    };
    return [finding];
  },
};
