import type { Diagnostic, SourceLocation } from '../findings/types.js';
import type { AppWorkspace, FileReader } from '../workspace/types.js';
import { parseJsonLocated } from './json.js';
import { child, entry, hasUnknown, stringOf, toPlain, type LNode } from './located.js';
import { privacyManifestFromNode } from './privacy-manifest.js';
import { evaluateConfigModule, type LObjectWithSpreads } from './static-eval.js';
import type { ConfigValue, PrivacyManifestFacts } from './types.js';

export interface ExpoFacts {
  /** Where a key missing from the Expo config belongs: app.config.* when there is one, else app.json. */
  file: string;
  infoPlist: Map<string, ConfigValue>;
  entitlements: Map<string, ConfigValue>;
  privacyManifest?: PrivacyManifestFacts;
  plugins: Map<string, { options: unknown; location: SourceLocation }>;
  bundleIdentifier?: ConfigValue;
  unevaluated: Array<{ path: string; location: SourceLocation }>;
}

/**
 * Reads the Expo config as `expo prebuild` would see it: app.json, or app.config.* evaluated
 * statically (a function export receives app.json's config; an object export replaces it, as in
 * Expo), then `ios.infoPlist` / `ios.entitlements`, then each config plugin's writes in array order.
 */
export function extractExpoFacts(app: AppWorkspace, read: FileReader, diagnostics: Diagnostic[]): ExpoFacts | undefined {
  const { appJson, appConfig } = app.files;
  if (!appJson && !appConfig) return undefined;
  let staticConfig: LNode | undefined;
  if (appJson) {
    const text = read.readText(appJson);
    const root = text === undefined ? undefined : parseJsonLocated(appJson, text, diagnostics);
    if (root && root.kind !== 'object') {
      diagnostics.push({ file: appJson, message: 'app.json is not a JSON object', line: root.loc.line, column: root.loc.column, severity: 'warning' });
    } else staticConfig = unwrapExpo(root);
  }
  let config = staticConfig;
  let file = appJson ?? appConfig!;
  const unevaluated: ExpoFacts['unevaluated'] = [];
  if (appConfig) {
    const text = read.readText(appConfig);
    if (text !== undefined) {
      file = appConfig;
      const incoming = staticConfig ?? { kind: 'object' as const, entries: [], loc: { file: appConfig, line: 1, column: 1, endLine: 1, endColumn: 1 } };
      const result = evaluateConfigModule(appConfig, text, diagnostics, incoming);
      if (!result.value) {
        diagnostics.push({ file: appConfig, message: 'no default export (export default / module.exports) found; the Expo config is read from app.json only', line: 1, column: 1, severity: 'warning' });
      } else if (result.value.kind === 'unknown') {
        // The config is computed in a way we do not follow; what app.json says is the best we know.
        unevaluated.push({ path: '', location: result.value.loc });
      } else config = unwrapExpo(result.value);
    }
  }
  if (config) collectUnevaluated(config, '', unevaluated);

  const facts: ExpoFacts = { file, infoPlist: new Map(), entitlements: new Map(), plugins: new Map(), unevaluated };
  const ios = child(config, 'ios');
  for (const e of objectEntries(child(ios, 'infoPlist'))) {
    facts.infoPlist.set(e.key, configValue(e.key, e.value, e.keyLoc, 'expo-config', `${e.keyLoc.file} ios.infoPlist`));
  }
  for (const e of objectEntries(child(ios, 'entitlements'))) {
    facts.entitlements.set(e.key, configValue(e.key, e.value, e.keyLoc, 'expo-config', `${e.keyLoc.file} ios.entitlements`));
  }
  const pm = entry(ios, 'privacyManifests');
  if (pm && pm.value.kind === 'object') {
    facts.privacyManifest = privacyManifestFromNode(pm.keyLoc.file, pm.value, 'expo-config', `${pm.keyLoc.file} ios.privacyManifests`);
  }
  const bundle = entry(ios, 'bundleIdentifier');
  if (bundle) facts.bundleIdentifier = configValue('bundleIdentifier', bundle.value, bundle.keyLoc, 'expo-config', `${bundle.keyLoc.file} ios.bundleIdentifier`);

  const plugins = child(config, 'plugins');
  const name = child(config, 'name');
  const appName = name?.kind === 'unknown' ? undefined : (stringOf(name) ?? null);
  if (plugins?.kind === 'array') {
    for (const item of plugins.items) {
      const nameNode = item.kind === 'array' ? item.items[0] : item;
      const pluginName = stringOf(nameNode);
      if (pluginName === undefined) continue;
      const optionsNode = item.kind === 'array' ? item.items[1] : undefined;
      const id = normalizePluginName(pluginName);
      facts.plugins.set(id, { options: toPlain(optionsNode), location: item.loc });
      applyPlugin(id, optionsNode, item.loc, facts, appName);
    }
  }
  return facts;
}

function unwrapExpo(root: LNode | undefined): LNode | undefined {
  const inner = entry(root, 'expo');
  return inner && inner.value.kind === 'object' ? inner.value : root;
}

function objectEntries(node: LNode | undefined) {
  return node?.kind === 'object' ? node.entries : [];
}

function collectUnevaluated(node: LNode, path: string, out: ExpoFacts['unevaluated']): void {
  if (node.kind === 'unknown') out.push({ path, location: node.loc });
  else if (node.kind === 'array') node.items.forEach((item, k) => collectUnevaluated(item, `${path}[${k}]`, out));
  else if (node.kind === 'object') {
    for (const loc of (node as LObjectWithSpreads).unknownSpreads ?? []) out.push({ path, location: loc });
    for (const e of node.entries) collectUnevaluated(e.value, path ? `${path}.${e.key}` : e.key, out);
  }
}

export function configValue(key: string, node: LNode, location: SourceLocation, origin: ConfigValue['origin'], where: string): ConfigValue {
  const value: ConfigValue = { key, value: toPlain(node), location, origin, where };
  if (hasUnknown(node)) value.isUnknownValue = true;
  return value;
}

/** "@kingstinct/react-native-healthkit/app.plugin.js" names the same plugin as the package. */
export function normalizePluginName(name: string): string {
  return name.replace(/\/app\.plugin(\.[cm]?js)?$/, '').replace(/\/plugin(\/build)?(\/index)?(\.js)?$/, '');
}

interface PluginOption { node?: LNode; isUnknown: boolean; loc?: SourceLocation }

/**
 * What each known config plugin writes, read from its published app.plugin.js (versions in
 * ../shared/facts/ios-config.yaml): an explicit option wins, then a value already in ios.infoPlist,
 * then the plugin's default text, which is kept verbatim so the placeholder rule can judge it.
 */
function applyPlugin(id: string, options: LNode | undefined, at: SourceLocation, facts: ExpoFacts, appName: string | null | undefined): void {
  const opt = (key: string): PluginOption => {
    if (options?.kind === 'unknown') return { isUnknown: true };
    const e = entry(options, key);
    if (!e) return { isUnknown: Boolean(options && (options as LObjectWithSpreads).unknownSpreads) };
    return { node: e.value, isUnknown: hasUnknown(e.value), loc: e.keyLoc };
  };
  const where = (what: string): string => `config plugin ${id} (${what})`;
  const setInfo = (key: string, value: unknown, loc: SourceLocation, label: string, isUnknown = false): void => {
    const v: ConfigValue = { key, value, location: loc, origin: 'expo-plugin', where: where(label) };
    if (isUnknown) v.isUnknownValue = true;
    facts.infoPlist.set(key, v);
  };
  const setEnt = (key: string, value: unknown, isUnknown = false): void => {
    const existing = facts.entitlements.get(key);
    if (existing && JSON.stringify(existing.value) === JSON.stringify(value) && !isUnknown) return;
    const v: ConfigValue = { key, value, location: at, origin: 'expo-plugin', where: where(`entitlement ${key}`) };
    if (isUnknown) v.isUnknownValue = true;
    facts.entitlements.set(key, v);
  };
  /** `option || existing || fallback`, the rule of react-native-health and the BLE plugins. */
  const usageOr = (key: string, o: PluginOption, fallback: string): void => {
    if (o.isUnknown) return setInfo(key, undefined, o.loc ?? at, `option for ${key}`, true);
    const s = stringOf(o.node);
    if (s) return setInfo(key, s, o.loc!, `option for ${key}`);
    const existing = facts.infoPlist.get(key);
    if (existing && (existing.isUnknownValue || (typeof existing.value === 'string' && existing.value !== ''))) return;
    setInfo(key, fallback, at, `default text for ${key}`);
  };

  switch (id) {
    case '@kingstinct/react-native-healthkit': {
      const name = appName === undefined ? undefined : (appName ?? '@kingstinct/react-native-healthkit');
      // v16: an explicit string wins, an existing string is kept, otherwise a default from the app name.
      const described = (key: string, o: PluginOption, verb: string): void => {
        if (o.isUnknown) return setInfo(key, undefined, o.loc ?? at, `option for ${key}`, true);
        const s = stringOf(o.node);
        if (s !== undefined) return setInfo(key, s, o.loc!, `option for ${key}`);
        const existing = facts.infoPlist.get(key);
        if (existing && (existing.isUnknownValue || typeof existing.value === 'string')) return;
        if (name === undefined) return setInfo(key, undefined, at, `default text for ${key}`, true);
        setInfo(key, `${name} wants to ${verb} your health data`, at, `default text for ${key}`);
      };
      described('NSHealthShareUsageDescription', opt('NSHealthShareUsageDescription'), 'read');
      const update = opt('NSHealthUpdateUsageDescription');
      if (!(update.node?.kind === 'scalar' && update.node.value === false)) described('NSHealthUpdateUsageDescription', update, 'update');
      setEnt('com.apple.developer.healthkit', true);
      const background = opt('background');
      if (background.isUnknown) setEnt('com.apple.developer.healthkit.background-delivery', true, true);
      else if (!(background.node?.kind === 'scalar' && background.node.value === false)) setEnt('com.apple.developer.healthkit.background-delivery', true);
      return;
    }
    case 'react-native-health': {
      usageOr('NSHealthShareUsageDescription', opt('healthSharePermission'), 'Allow $(PRODUCT_NAME) to check health info');
      usageOr('NSHealthUpdateUsageDescription', opt('healthUpdatePermission'), 'Allow $(PRODUCT_NAME) to update health info');
      const clinical = opt('isClinicalDataEnabled');
      const isClinical = clinical.node?.kind === 'scalar' && Boolean(clinical.node.value);
      if (isClinical || clinical.isUnknown) {
        usageOr('NSHealthClinicalHealthRecordsShareUsageDescription', opt('healthClinicalDescription'), 'Allow $(PRODUCT_NAME) to check health clinical info');
      }
      setEnt('com.apple.developer.healthkit', true);
      const prior = facts.entitlements.get('com.apple.developer.healthkit.access')?.value;
      const access = Array.isArray(prior) ? [...prior] : [];
      if (isClinical && !access.includes('health-records')) access.push('health-records');
      setEnt('com.apple.developer.healthkit.access', access, clinical.isUnknown);
      return;
    }
    case 'react-native-ble-plx':
    case '@config-plugins/react-native-ble-plx':
    case 'react-native-ble-manager': {
      const always = opt('bluetoothAlwaysPermission');
      if (!(always.node?.kind === 'scalar' && always.node.value === false)) {
        usageOr('NSBluetoothAlwaysUsageDescription', always, 'Allow $(PRODUCT_NAME) to connect to bluetooth devices');
      }
      if (id === 'react-native-ble-manager') return;
      const modes = opt('modes');
      if (modes.isUnknown) {
        const prior = facts.infoPlist.get('UIBackgroundModes');
        setInfo('UIBackgroundModes', prior?.value, modes.loc ?? at, 'option modes', true);
        return;
      }
      const wanted = (Array.isArray(toPlain(modes.node)) ? (toPlain(modes.node) as unknown[]) : [])
        .flatMap((m) => (m === 'central' ? ['bluetooth-central'] : m === 'peripheral' ? ['bluetooth-peripheral'] : []));
      const prior = facts.infoPlist.get('UIBackgroundModes');
      const current = Array.isArray(prior?.value) ? [...(prior.value as unknown[])] : [];
      const added = wanted.filter((m) => !current.includes(m));
      if (added.length > 0) setInfo('UIBackgroundModes', [...current, ...added], modes.loc ?? at, 'option modes');
      return;
    }
    case 'react-native-google-mobile-ads': {
      const simple: Array<[string, string]> = [['iosAppId', 'GADApplicationIdentifier'], ['userTrackingUsageDescription', 'NSUserTrackingUsageDescription']];
      for (const [option, key] of simple) {
        const o = opt(option);
        if (o.node || o.isUnknown) setInfo(key, toPlain(o.node), o.loc ?? at, `option ${option}`, o.isUnknown);
      }
      const delay = opt('delayAppMeasurementInit');
      setInfo('GADDelayAppMeasurementInit', toPlain(delay.node) ?? false, delay.loc ?? at, 'option delayAppMeasurementInit', delay.isUnknown);
      const items = opt('skAdNetworkItems');
      if (items.node || items.isUnknown) {
        const prior = facts.infoPlist.get('SKAdNetworkItems');
        const current = Array.isArray(prior?.value) ? [...(prior.value as unknown[])] : [];
        const ids = Array.isArray(toPlain(items.node)) ? (toPlain(items.node) as unknown[]) : [];
        for (const id of ids) {
          if (!current.some((c) => (c as { SKAdNetworkIdentifier?: unknown })?.SKAdNetworkIdentifier === id)) current.push({ SKAdNetworkIdentifier: id });
        }
        setInfo('SKAdNetworkItems', current, items.loc ?? at, 'option skAdNetworkItems', items.isUnknown);
      }
      return;
    }
    default:
      return;
  }
}
