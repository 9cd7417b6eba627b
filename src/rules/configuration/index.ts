import type { RawFinding } from '../../findings/types.js';
import type { AppAnalysis, RuleCheck, RuleContext } from '../types.js';
import {
  codeRef, entitlement, entitlementsHome, healthKitUse, infoPlistHome, isHealthApp, isPartial, isTrue, lineOne, plistValue,
  readsHealth, usesKind, writesHealth,
} from './helpers.js';
import { placeholderReason } from './placeholder.js';

const HEALTHKIT = 'com.apple.developer.healthkit';
const HEALTHKIT_ACCESS = 'com.apple.developer.healthkit.access';
const BACKGROUND = 'com.apple.developer.healthkit.background-delivery';

const entitlementMissing: RuleCheck = {
  ids: ['healthkit-entitlement-missing', 'healthkit-entitlement-unused'],
  check(a) {
    const out: RawFinding[] = [];
    const use = healthKitUse(a);
    const ent = entitlement(a, HEALTHKIT);
    if (use && !isTrue(ent) && !isPartial(a, entitlementsHome(a))) {
      const home = ent?.location ?? lineOne(entitlementsHome(a));
      out.push({
        ruleId: 'healthkit-entitlement-missing',
        message: `The app calls HealthKit${codeRef(use)} but its entitlements do not set ${HEALTHKIT} to true. ` +
          'Without the HealthKit capability every HealthKit request fails and App Review rejects the build. ' +
          `Enable the HealthKit capability (add <key>${HEALTHKIT}</key><true/> to the .entitlements file, or the HealthKit config plugin for Expo).`,
        location: home,
        fingerprintHint: HEALTHKIT,
      });
    }
    if (!use && ent && isTrue(ent)) {
      out.push({
        ruleId: 'healthkit-entitlement-unused',
        message: `The entitlement ${HEALTHKIT} is set but no HealthKit call was found in the code. ` +
          'Apps that declare HealthKit without using it are rejected (Guideline 2.5.1) and the capability invites questions about health data. ' +
          'Remove the HealthKit capability, or make sure the code that uses HealthKit is inside the scanned paths.',
        location: ent.location,
        fingerprintHint: HEALTHKIT,
      });
    }
    return out;
  },
};

const usageDescriptions: RuleCheck = {
  ids: ['health-share-usage-description-missing', 'health-update-usage-description-missing', 'bluetooth-usage-description-missing'],
  check(a) {
    const out: RawFinding[] = [];
    const missing = (ruleId: string, key: string, use: NonNullable<ReturnType<typeof readsHealth>>, what: string) => {
      if (isPartial(a, infoPlistHome(a))) return;
      out.push({
        ruleId,
        message: `${key} is missing from Info.plist, but the app ${what}${codeRef(use)}. ` +
          'iOS terminates the app when it requests this access without a purpose string, and Apple requires the string to say clearly how the data is used. ' +
          `Add ${key} to Info.plist (INFOPLIST_KEY_${key} in build settings, or the config-plugin option for Expo) with a specific purpose.`,
        location: lineOne(infoPlistHome(a)),
        fingerprintHint: key,
      });
    };
    const read = readsHealth(a);
    if (read && !plistValue(a, 'NSHealthShareUsageDescription')) {
      missing('health-share-usage-description-missing', 'NSHealthShareUsageDescription', read, 'asks to read HealthKit data');
    }
    const write = writesHealth(a);
    if (write && !plistValue(a, 'NSHealthUpdateUsageDescription')) {
      missing('health-update-usage-description-missing', 'NSHealthUpdateUsageDescription', write, 'writes to HealthKit');
    }
    const ble = a.usage.bluetooth[0]?.location;
    if (ble && !plistValue(a, 'NSBluetoothAlwaysUsageDescription')) {
      missing('bluetooth-usage-description-missing', 'NSBluetoothAlwaysUsageDescription', ble, 'uses Bluetooth');
    }
    return out;
  },
};

const PURPOSE_KEYS = [
  'NSHealthShareUsageDescription', 'NSHealthUpdateUsageDescription', 'NSHealthClinicalHealthRecordsShareUsageDescription',
  'NSBluetoothAlwaysUsageDescription', 'NSBluetoothPeripheralUsageDescription', 'NSMotionUsageDescription',
];

const placeholder: RuleCheck = {
  ids: ['usage-description-placeholder'],
  check(a) {
    const out: RawFinding[] = [];
    for (const key of PURPOSE_KEYS) {
      const v = plistValue(a, key);
      // A value computed at build time (process.env.X in app.config.ts) cannot be judged statically.
      if (!v || v.isUnknownValue) continue;
      const why = placeholderReason(v.value, key);
      if (!why) continue;
      out.push({
        ruleId: 'usage-description-placeholder',
        message: `The purpose string ${key} (${v.where}) ${why}. ` +
          'Apple requires purpose strings to explain clearly and completely how the app uses the data (Guideline 5.1.1(ii)); vague strings are a common rejection. ' +
          'Write one or two sentences that name the data and what the app does with it.',
        location: v.location,
        fingerprintHint: key,
      });
    }
    return out;
  },
};

const clinical: RuleCheck = {
  ids: ['clinical-records-misconfigured'],
  check(a) {
    const out: RawFinding[] = [];
    const use = usesKind(a, 'clinical-read') ??
      a.usage.authorizations.find((r) => r.read.some((t) => t.identifier.startsWith('HKClinicalTypeIdentifier')))?.location;
    const access = entitlement(a, HEALTHKIT_ACCESS);
    const hasRecords = Array.isArray(access?.value) && (access!.value as unknown[]).includes('health-records');
    const desc = plistValue(a, 'NSHealthClinicalHealthRecordsShareUsageDescription');
    const push = (detail: string, loc = lineOne(entitlementsHome(a)), hint = 'x') => out.push({
      ruleId: 'clinical-records-misconfigured',
      message: `${detail} Clinical health records are the most sensitive HealthKit data and need their own entitlement and purpose string; a mismatch crashes the request or draws rejection. ` +
        `Declare ${HEALTHKIT_ACCESS} = [health-records] and NSHealthClinicalHealthRecordsShareUsageDescription together, only when the app reads clinical records.`,
      location: loc,
      fingerprintHint: hint,
    });
    if (use) {
      if (!hasRecords && !isPartial(a, entitlementsHome(a))) push(`The app reads clinical records${codeRef(use)} but ${HEALTHKIT_ACCESS} does not contain health-records.`, access?.location ?? lineOne(entitlementsHome(a)), 'entitlement');
      if (!desc && !isPartial(a, infoPlistHome(a))) push(`The app reads clinical records${codeRef(use)} but NSHealthClinicalHealthRecordsShareUsageDescription is missing from Info.plist.`, lineOne(infoPlistHome(a)), 'description');
    } else if (hasRecords) {
      push(`${HEALTHKIT_ACCESS} contains health-records but no clinical-record read was found in the code.`, access!.location, 'unused');
    }
    const required = plistValue(a, 'NSHealthRequiredReadAuthorizationTypeIdentifiers');
    if (required && Array.isArray(required.value)) {
      const bad = (required.value as unknown[]).filter((t) => typeof t !== 'string' || !t.startsWith('HKClinicalTypeIdentifier'));
      if (bad.length) push(`NSHealthRequiredReadAuthorizationTypeIdentifiers lists ${bad.map(String).join(', ')}, which are not clinical record types.`, required.location, 'required');
    }
    return out;
  },
};

const background: RuleCheck = {
  ids: ['background-delivery-entitlement-missing'],
  check(a) {
    const use = usesKind(a, 'background-delivery');
    if (!use || isTrue(entitlement(a, BACKGROUND)) || isPartial(a, entitlementsHome(a))) return [];
    return [{
      ruleId: 'background-delivery-entitlement-missing',
      message: `The app enables HealthKit background delivery${codeRef(use)} but ${BACKGROUND} is not set to true. ` +
        'Since iOS 15 background delivery fails without this entitlement, so observers silently stop receiving updates. ' +
        `Add <key>${BACKGROUND}</key><true/> to the entitlements (the kingstinct config plugin adds it unless background is false).`,
      location: entitlement(a, BACKGROUND)?.location ?? lineOne(entitlementsHome(a)),
      fingerprintHint: BACKGROUND,
    }];
  },
};

const privacyManifest: RuleCheck = {
  ids: ['privacy-manifest-missing', 'privacy-manifest-health-tracking'],
  check(a) {
    const out: RawFinding[] = [];
    if (isHealthApp(a) && a.facts.privacyManifests.length === 0) {
      // Reported at a file that exists (the Info.plist, project or app.json), naming where the manifest belongs.
      const plist = a.facts.infoPlistHome?.endsWith('.plist') ? a.facts.infoPlistHome : a.app.files.infoPlists[0];
      const where = plist ? ` (expected beside ${plist}: ${plist.replace(/[^/]+$/, '')}PrivacyInfo.xcprivacy)`
        : a.app.files.appJson || a.app.files.appConfig ? ' (expected as ios.privacyManifests in the Expo config)' : '';
      out.push({
        ruleId: 'privacy-manifest-missing',
        message: `The app uses HealthKit but has no privacy manifest (PrivacyInfo.xcprivacy)${where}. ` +
          'Apple requires apps to declare the data they collect and the required-reason APIs they use; health data must be declared. ' +
          'Add PrivacyInfo.xcprivacy to the app target (or ios.privacyManifests in the Expo config); `hkguard manifest --write` can draft it.',
        location: lineOne(a.facts.privacyManifestHome ?? infoPlistHome(a)),
        fingerprintHint: 'manifest',
      });
    }
    for (const m of a.facts.privacyManifests) {
      for (const c of m.collected) {
        if ((c.type === 'NSPrivacyCollectedDataTypeHealth' || c.type === 'NSPrivacyCollectedDataTypeFitness') && c.tracking === true) {
          out.push({
            ruleId: 'privacy-manifest-health-tracking',
            message: `The privacy manifest declares ${c.type} as used for tracking. ` +
              'Apple forbids using HealthKit data for advertising or tracking, so this declaration admits a violation rather than disclosing a use. ' +
              'Stop sending health data to tracking destinations and set NSPrivacyCollectedDataTypeTracking to false.',
            location: c.location,
            fingerprintHint: c.type,
          });
        }
      }
    }
    return out;
  },
};

const privacyPolicy: RuleCheck = {
  ids: ['privacy-policy-missing'],
  check(a, ctx: RuleContext) {
    if (!isHealthApp(a) || ctx.config.privacyPolicyUrl || a.facts.privacyPolicy) return [];
    const home = infoPlistHome(a);
    return [{
      ruleId: 'privacy-policy-missing',
      message: 'No privacy policy URL was found for this HealthKit app (privacyPolicyUrl in .hkguard.yaml, fastlane/metadata/*/privacy_url.txt). ' +
        'Apps that use HealthKit must have a privacy policy that says how health data is used (Guideline 5.1.1(i), 5.1.3). ' +
        'Publish the policy and record its URL in fastlane metadata or privacyPolicyUrl in .hkguard.yaml.',
      location: lineOne(home),
      fingerprintHint: 'policy',
    }];
  },
};

const inventory: RuleCheck = {
  ids: ['advertising-sdk-in-health-app', 'data-broker-sdk-in-health-app'],
  check(a) {
    if (!isHealthApp(a)) return [];
    const out: RawFinding[] = [];
    // One finding per SDK: the same SDK may come in through package.json, Podfile.lock and an import.
    const seen = new Set<string>();
    const bySource = [...a.facts.sdks].sort((x, y) => sourceRank(x.viaKind) - sourceRank(y.viaKind));
    for (const sdk of bySource) {
      const ruleId = sdk.category === 'advertising' || sdk.category === 'attribution' || sdk.category === 'ads'
        ? 'advertising-sdk-in-health-app' : sdk.category === 'data-broker' ? 'data-broker-sdk-in-health-app' : undefined;
      if (!ruleId || seen.has(`${ruleId}|${sdk.sdkId}`)) continue;
      seen.add(`${ruleId}|${sdk.sdkId}`);
      const kind = ruleId === 'advertising-sdk-in-health-app' ? `${sdk.category === 'attribution' ? 'an attribution' : 'an advertising'} SDK` : 'a data-broker SDK';
      const name = sdk.product.startsWith(sdk.vendor) ? sdk.product : `${sdk.vendor} ${sdk.product}`;
      out.push({
        ruleId,
        message: `${name} (${sdk.via}) is ${kind} in an app that uses HealthKit. ` +
          (ruleId === 'data-broker-sdk-in-health-app'
            ? 'Apple forbids selling or disclosing health data to data brokers; the SDK\'s presence alone calls for a review. '
            : 'Health data must never reach advertising; its presence is listed so reviewers can confirm no health data flows to it. ') +
          'Confirm no health data reaches it (the flow rules check the code) or remove it.',
        location: sdk.location,
        recipient: { kind: 'sdk', vendor: sdk.vendor, category: sdk.category },
        fingerprintHint: sdk.sdkId,
      });
    }
    return out;
  },
};

const sourceRank = (k: string) => ({ npm: 0, cocoapods: 1, spm: 2, carthage: 3, import: 4 } as Record<string, number>)[k] ?? 5;

export const configurationChecks: RuleCheck[] = [
  entitlementMissing, usageDescriptions, placeholder, clinical, background, privacyManifest, privacyPolicy, inventory,
];

export type { AppAnalysis };
