/** The Swift catalogs (rules/catalog/healthkit-swift.yaml, sinks-swift.yaml, sdks.yaml `swift:`) as lookups. */
import type { Catalog, SdkSwiftEntry } from '../../rules/catalog.js';
import type { RecipientKind } from '../../findings/types.js';
import type { SinkCategory } from '../types.js';
import { sdkCategoryToSink } from '../core.js';

interface HealthKitSwiftYaml {
  queries: { classes: string[]; typeArguments: string[]; handlerProperties: string[]; observer: string[] };
  descriptors: { classes: string[]; methods: string[] };
  characteristics: Record<string, string>;
  writes: { methods: string[]; sampleClasses: string[] };
  authorization: { methods: string[]; shareLabels: string[]; readLabels: string[]; modifiers: string[] };
  backgroundDelivery: string[];
  authorizationStatus: string[];
  typeConstructors: Record<string, string>;
  objectTypes: Record<string, string>;
  identifiers: Record<string, string>;
}

export interface SwiftSinkSpec {
  api: string;
  category: SinkCategory;
  kind: RecipientKind;
  vendor?: string;
  functions?: string[];
  receivers?: string[];
  methods?: string[];
  assign?: string[];
  subscriptAssign?: string[];
  assignWrapped?: string[];
  taintedReceiver?: boolean;
  unlessArgs?: string[];
  network?: boolean;
  /** Only these argument positions carry data (sdks.yaml `args`). */
  args?: number[];
  /** Members whose assignment sends data (sdks.yaml `properties`: GADRequest.keywords). */
  properties?: string[];
  /** Swift modules of the SDK: the sink applies only in files importing one (Segment and Firebase both have `Analytics`). */
  modules?: string[];
}

export interface SwiftCatalog {
  hk: HealthKitSwiftYaml;
  sinks: SwiftSinkSpec[];
  queryClasses: Set<string>;
  descriptorClasses: Set<string>;
  sampleClasses: Set<string>;
  /** Identifier for a [constructor-or-kind, swift name] pair; undefined when it names no HealthKit type. */
  identifier(ctor: string, name: string): string | undefined;
  /** Call names any rule of the analysis looks at (HealthKit, motion, Bluetooth, NotificationCenter, sinks). */
  callNames: Set<string>;
  /** Sinks that may match a call of this name (by method or free-function name). */
  sinksForCall(name: string): SwiftSinkSpec[] | undefined;
  /** Sinks reached by assignment (assign, subscriptAssign, properties). */
  storeSinks: SwiftSinkSpec[];
}

const cache = new WeakMap<Catalog, SwiftCatalog>();

const KIND_PREFIX: Record<string, string> = {
  quantity: 'HKQuantityTypeIdentifier', category: 'HKCategoryTypeIdentifier', characteristic: 'HKCharacteristicTypeIdentifier',
  correlation: 'HKCorrelationTypeIdentifier', clinical: 'HKClinicalTypeIdentifier',
};

export function swiftCatalog(catalog: Catalog): SwiftCatalog {
  const hit = cache.get(catalog);
  if (hit) return hit;
  const hk = catalog.file<HealthKitSwiftYaml>('healthkit-swift');
  if (!hk) throw new Error('rules/catalog/healthkit-swift.yaml is missing');
  const sinkDoc = catalog.file<{ sinks: SwiftSinkSpec[] }>('sinks-swift');
  const sinks: SwiftSinkSpec[] = [...(sinkDoc?.sinks ?? [])];
  for (const sdk of catalog.sdks) {
    for (const entry of (sdk.swift ?? []) as Array<SdkSwiftEntry & { properties?: string[] }>) {
      sinks.push({
        api: `${sdk.product} ${entry.receiver}`,
        category: sdkCategoryToSink(sdk.category),
        kind: 'sdk',
        vendor: sdk.vendor,
        receivers: [entry.receiver],
        methods: entry.methods ?? [],
        ...(entry.args ? { args: entry.args } : {}),
        ...(entry.properties ? { properties: entry.properties } : {}),
        ...(sdk.swiftModules?.length ? { modules: sdk.swiftModules } : {}),
      });
    }
  }
  const byKindName = new Map<string, string>();
  for (const [swiftName, id] of Object.entries(hk.identifiers)) {
    byKindName.set(swiftName, id);
  }
  const fullIds = new Set(Object.values(hk.identifiers));
  const identifier = (ctor: string, name: string): string | undefined => {
    if (ctor === 'object') return hk.objectTypes[name];
    // Objective-C spells the full identifier: HKQuantityTypeIdentifierHeartRate.
    if (ctor === 'id') return fullIds.has(name) ? name : undefined;
    const kind = hk.typeConstructors[ctor];
    const id = byKindName.get(name);
    if (!id) return undefined;
    if (kind) return id.startsWith(KIND_PREFIX[kind] ?? '') ? id : `${KIND_PREFIX[kind]}${name[0]!.toUpperCase()}${name.slice(1)}`;
    // HKQuantityTypeIdentifier.heartRate, or an implicit `.heartRate`.
    if (ctor.startsWith('HK') && ctor.endsWith('TypeIdentifier')) return id.startsWith(ctor) ? id : undefined;
    return id;
  };
  const callNames = new Set<string>([
    ...hk.queries.classes, ...hk.queries.observer, ...hk.descriptors.classes, ...hk.descriptors.methods,
    ...Object.keys(hk.characteristics), ...hk.authorization.methods, ...hk.authorization.modifiers,
    ...hk.backgroundDelivery, ...hk.authorizationStatus, ...hk.writes.methods,
    'startUpdates', 'queryPedometerData', 'startActivityUpdates', 'queryActivityStarting', 'startEventUpdates',
    'CMPedometer', 'CMMotionActivityManager', 'CMMotionManager', 'CBCentralManager', 'CBPeripheralManager',
    'post', 'addObserver', 'publisher', 'notifications',
  ]);
  for (const spec of sinks) for (const n of [...(spec.functions ?? []), ...(spec.methods ?? [])]) callNames.add(n);
  const byName = new Map<string, SwiftSinkSpec[]>();
  for (const spec of sinks) {
    for (const n of new Set([...(spec.functions ?? []), ...(spec.methods ?? [])])) (byName.get(n) ?? byName.set(n, []).get(n)!).push(spec);
  }
  const out: SwiftCatalog = {
    sinksForCall: (name) => byName.get(name),
    storeSinks: sinks.filter((x) => x.assign || x.subscriptAssign || x.properties),
    hk,
    sinks,
    queryClasses: new Set([...hk.queries.classes, ...hk.queries.observer]),
    descriptorClasses: new Set(hk.descriptors.classes),
    sampleClasses: new Set(hk.writes.sampleClasses),
    identifier,
    callNames,
  };
  cache.set(catalog, out);
  return out;
}
