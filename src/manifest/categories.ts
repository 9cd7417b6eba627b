/**
 * How hkguard maps what the code does onto Apple's privacy-manifest vocabulary.
 *
 * Data type (NSPrivacyCollectedDataType):
 * - NSPrivacyCollectedDataTypeFitness: "fitness and exercise data, incl. the Motion and Fitness API". Values from
 *   CoreMotion / Expo Pedometer (source kind `motion`), and the HealthKit types in FITNESS_TYPES below: activity
 *   (steps, distances, flights, energy, exercise/stand/move time), workouts and their routes, workout metrics
 *   (speed, power, cadence, stroke counts, effort) and cardio fitness (VO2 max).
 * - NSPrivacyCollectedDataTypeHealth: everything else read from or written to HealthKit, clinical records and
 *   Bluetooth health sensors: vitals, heart, body measurements, sleep, nutrition, symptoms, reproductive health,
 *   mobility metrics (walking speed, steadiness, six-minute walk: clinical indicators rather than exercise), and
 *   any flow whose types cannot be resolved (the stricter category is the safe default).
 *
 * Destination (sink category) -> collection, purpose and linkage. "Collected" follows Apple's definition: data
 * transmitted off the device where the developer or a partner can access it beyond servicing the request.
 */
import type { SinkCategory, SourceKind } from '../flow/types.js';

export const HEALTH = 'NSPrivacyCollectedDataTypeHealth';
export const FITNESS = 'NSPrivacyCollectedDataTypeFitness';
export type HealthDataCategory = typeof HEALTH | typeof FITNESS;

export const PURPOSE_ANALYTICS = 'NSPrivacyCollectedDataTypePurposeAnalytics';
export const PURPOSE_APP_FUNCTIONALITY = 'NSPrivacyCollectedDataTypePurposeAppFunctionality';
export const PURPOSE_OTHER = 'NSPrivacyCollectedDataTypePurposeOther';
export const PURPOSE_THIRD_PARTY_ADVERTISING = 'NSPrivacyCollectedDataTypePurposeThirdPartyAdvertising';
export const PURPOSE_DEVELOPER_ADVERTISING = 'NSPrivacyCollectedDataTypePurposeDeveloperAdvertising';
export type DeclarablePurpose = typeof PURPOSE_ANALYTICS | typeof PURPOSE_APP_FUNCTIONALITY | typeof PURPOSE_OTHER;

/** App Store Connect's words for each purpose. */
export const PURPOSE_LABEL: Record<string, string> = {
  [PURPOSE_ANALYTICS]: 'Analytics',
  [PURPOSE_APP_FUNCTIONALITY]: 'App Functionality',
  [PURPOSE_OTHER]: 'Other Purposes',
  [PURPOSE_THIRD_PARTY_ADVERTISING]: 'Third-Party Advertising',
  [PURPOSE_DEVELOPER_ADVERTISING]: "Developer's Advertising or Marketing",
  NSPrivacyCollectedDataTypePurposeProductPersonalization: 'Product Personalization',
};

export const DATA_TYPE_LABEL: Record<HealthDataCategory, string> = { [HEALTH]: 'Health', [FITNESS]: 'Fitness' };

const FITNESS_TYPES = new Set([
  'HKQuantityTypeIdentifierActiveEnergyBurned', 'HKQuantityTypeIdentifierBasalEnergyBurned',
  'HKQuantityTypeIdentifierAppleExerciseTime', 'HKQuantityTypeIdentifierAppleMoveTime', 'HKQuantityTypeIdentifierAppleStandTime',
  'HKCategoryTypeIdentifierAppleStandHour', 'HKQuantityTypeIdentifierStepCount', 'HKQuantityTypeIdentifierFlightsClimbed',
  'HKQuantityTypeIdentifierPushCount', 'HKQuantityTypeIdentifierNikeFuel', 'HKQuantityTypeIdentifierSwimmingStrokeCount',
  'HKQuantityTypeIdentifierVO2Max', 'HKQuantityTypeIdentifierPhysicalEffort', 'HKQuantityTypeIdentifierWorkoutEffortScore',
  'HKQuantityTypeIdentifierEstimatedWorkoutEffortScore', 'HKQuantityTypeIdentifierUnderwaterDepth',
  'HKQuantityTypeIdentifierCyclingCadence', 'HKQuantityTypeIdentifierCyclingFunctionalThresholdPower',
  'HKQuantityTypeIdentifierCyclingPower', 'HKQuantityTypeIdentifierCyclingSpeed', 'HKQuantityTypeIdentifierRunningGroundContactTime',
  'HKQuantityTypeIdentifierRunningPower', 'HKQuantityTypeIdentifierRunningSpeed', 'HKQuantityTypeIdentifierRunningStrideLength',
  'HKQuantityTypeIdentifierRunningVerticalOscillation', 'HKQuantityTypeIdentifierCrossCountrySkiingSpeed',
  'HKQuantityTypeIdentifierPaddleSportsSpeed', 'HKQuantityTypeIdentifierRowingSpeed',
  'HKWorkoutTypeIdentifier', 'HKWorkoutRouteTypeIdentifier', 'HKActivitySummaryTypeIdentifier',
]);

/** The privacy-manifest data type a HealthKit identifier belongs to. */
export function dataCategoryOf(healthType: string | undefined, sourceKind?: SourceKind): HealthDataCategory {
  if (healthType === undefined) return sourceKind === 'motion' ? FITNESS : HEALTH;
  if (healthType.startsWith('HKQuantityTypeIdentifierDistance')) return FITNESS;
  return FITNESS_TYPES.has(healthType) ? FITNESS : HEALTH;
}

export interface DestinationPolicy {
  /** 'collected': declare it; 'forbidden': a finding to fix, never declared; 'on-device': not collection. */
  disposition: 'collected' | 'forbidden' | 'on-device';
  purpose?: DeclarablePurpose;
  linked?: boolean;
  /** Why, in a few words, for the plain-language label. */
  reason: string;
}

/**
 * Linkage: the app's own backend and SDKs are taken as linked (a backend keys data to an account or device;
 * analytics and crash SDKs attach an installation or user identifier); an unclassified host is assumed linked
 * because hkguard cannot see what it does; an AI API request carries the developer's key, not a user's identity.
 */
export const DESTINATION_POLICY: Record<SinkCategory, DestinationPolicy> = {
  analytics: { disposition: 'collected', purpose: PURPOSE_ANALYTICS, linked: true, reason: 'analytics SDKs attach an installation or user identifier' },
  'session-replay': { disposition: 'collected', purpose: PURPOSE_ANALYTICS, linked: true, reason: 'session replay records behaviour under an installation identifier' },
  crash: { disposition: 'collected', purpose: PURPOSE_APP_FUNCTIONALITY, linked: true, reason: 'crash reporters attach an installation or user identifier' },
  apm: { disposition: 'collected', purpose: PURPOSE_APP_FUNCTIONALITY, linked: true, reason: 'performance monitors attach an installation identifier' },
  'network-first-party': { disposition: 'collected', purpose: PURPOSE_APP_FUNCTIONALITY, linked: true, reason: "the app's own backend can associate data with an account or device" },
  'network-third-party': { disposition: 'collected', purpose: PURPOSE_OTHER, linked: true, reason: 'an unclassified server: hkguard cannot tell its purpose, so it assumes the data is linked (declare the host in firstPartyHosts if it is yours)' },
  ai: { disposition: 'collected', purpose: PURPOSE_APP_FUNCTIONALITY, linked: false, reason: "AI API requests carry the developer's key, not the user's identity (declare linked if you send a user id)" },
  advertising: { disposition: 'forbidden', reason: 'health data may never be used for advertising (Guideline 5.1.3(i))' },
  attribution: { disposition: 'forbidden', reason: 'attribution SDKs share data for advertising and tracking (Guideline 5.1.3(i))' },
  marketing: { disposition: 'forbidden', reason: 'health data may never be used for marketing (Guideline 5.1.3(i))' },
  engagement: { disposition: 'forbidden', reason: 'engagement SDKs use data for marketing messages (Guideline 5.1.3(i))' },
  'data-broker': { disposition: 'forbidden', reason: 'health data may never be sold or mined (Guideline 5.1.3(i))' },
  log: { disposition: 'on-device', reason: 'logs stay on the device (still a finding: logs leak)' },
  'insecure-storage': { disposition: 'on-device', reason: 'local storage stays on the device (still a finding: store it encrypted)' },
  clipboard: { disposition: 'on-device', reason: 'the pasteboard stays on the device (still a finding: other apps can read it)' },
  icloud: { disposition: 'on-device', reason: "the user's iCloud is not developer collection, but Guideline 5.1.3(ii) forbids health data there: fix it" },
};
