import type { Diagnostic } from '../findings/types.js';
import type { FileReader } from '../workspace/types.js';
import { child, entry, stringOf, toPlain, type LNode } from './located.js';
import { parsePlist } from './plist.js';
import type { ConfigOrigin, PrivacyCollectedDataType, PrivacyManifestFacts } from './types.js';

/** The declarations of a privacy manifest, from a PrivacyInfo.xcprivacy or Expo's ios.privacyManifests. */
export function privacyManifestFromNode(file: string, root: LNode | undefined, origin: ConfigOrigin, where: string): PrivacyManifestFacts {
  const facts: PrivacyManifestFacts = { file, trackingDomains: [], collected: [] };
  const tracking = entry(root, 'NSPrivacyTracking');
  if (tracking) facts.tracking = { key: 'NSPrivacyTracking', value: toPlain(tracking.value), location: tracking.keyLoc, origin, where };
  const domains = child(root, 'NSPrivacyTrackingDomains');
  if (domains?.kind === 'array') facts.trackingDomains = domains.items.map(stringOf).filter((d): d is string => d !== undefined);
  const collected = child(root, 'NSPrivacyCollectedDataTypes');
  if (collected?.kind === 'array') {
    for (const item of collected.items) {
      const type = stringOf(child(item, 'NSPrivacyCollectedDataType'));
      if (type === undefined) continue;
      const purposesNode = child(item, 'NSPrivacyCollectedDataTypePurposes');
      const declared: PrivacyCollectedDataType = {
        type,
        purposes: purposesNode?.kind === 'array' ? purposesNode.items.map(stringOf).filter((p): p is string => p !== undefined) : [],
        location: entry(item, 'NSPrivacyCollectedDataType')!.keyLoc,
      };
      const linked = toPlain(child(item, 'NSPrivacyCollectedDataTypeLinked'));
      const isTracking = toPlain(child(item, 'NSPrivacyCollectedDataTypeTracking'));
      if (typeof linked === 'boolean') declared.linked = linked;
      if (typeof isTracking === 'boolean') declared.tracking = isTracking;
      facts.collected.push(declared);
    }
  }
  return facts;
}

export function readPrivacyManifest(file: string, read: FileReader, diagnostics: Diagnostic[]): PrivacyManifestFacts | undefined {
  const bytes = read.readBytes(file);
  if (!bytes) return undefined;
  const { root } = parsePlist(file, bytes, diagnostics);
  return privacyManifestFromNode(file, root, 'privacy-manifest', file);
}
