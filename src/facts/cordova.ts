import type { Diagnostic, SourceLocation } from '../findings/types.js';
import type { FileReader } from '../workspace/types.js';
import { child, hasUnknown, toPlain, type LNode } from './located.js';
import { plistElementToNode } from './plist.js';
import type { ConfigValue } from './types.js';
import { parseXml } from './xml.js';

export interface CordovaFacts {
  file: string;
  infoPlist: Map<string, ConfigValue>;
  entitlements: Map<string, ConfigValue>;
  bundleIdentifier?: ConfigValue;
  /** Plugins named in config.xml or package.json `cordova.plugins`, with their variables. */
  plugins: Map<string, { variables: Map<string, string>; location: SourceLocation }>;
}

/**
 * What the iOS platform of a Cordova app will carry: the keys each known plugin writes (from its
 * plugin.xml: `<preference>` defaults and `<config-file>` targets, see ../shared/facts/ios-config.yaml),
 * then config.xml's own `<edit-config>` / `<config-file>` entries, which Cordova applies over them.
 */
export function extractCordovaFacts(file: string, read: FileReader, diagnostics: Diagnostic[], packageJson?: LNode): CordovaFacts | undefined {
  const text = read.readText(file);
  if (text === undefined) return undefined;
  const facts: CordovaFacts = { file, infoPlist: new Map(), entitlements: new Map(), plugins: new Map() };
  const doc = parseXml(file, text);
  if (doc.error) {
    diagnostics.push({ file, message: `malformed config.xml: ${doc.error.message}; entries read before line ${doc.error.line} are kept`, line: doc.error.line, column: doc.error.column, severity: 'warning' });
  }
  const widget = doc.root;
  if (widget && widget.name !== 'widget') {
    diagnostics.push({ file, message: `not a Cordova config.xml: root element is <${widget.name}>`, line: widget.loc.line, column: widget.loc.column, severity: 'warning' });
    return facts;
  }
  const iosPlatforms = widget?.children.filter((c) => c.name === 'platform' && c.attrs.get('name') === 'ios') ?? [];
  const scopes = widget ? [widget, ...iosPlatforms] : [];

  for (const scope of scopes) {
    for (const el of scope.children.filter((c) => c.name === 'plugin')) {
      const name = el.attrs.get('name');
      if (!name) continue;
      const variables = new Map<string, string>();
      for (const v of el.children) if (v.name === 'variable' && v.attrs.has('name')) variables.set(v.attrs.get('name')!, v.attrs.get('value') ?? '');
      facts.plugins.set(name, { variables, location: el.loc });
    }
  }
  const pkgPlugins = child(packageJson, 'cordova', 'plugins');
  if (pkgPlugins?.kind === 'object') {
    for (const e of pkgPlugins.entries) {
      if (facts.plugins.has(e.key)) continue;
      const vars = toPlain(e.value);
      const variables = new Map<string, string>();
      if (vars && typeof vars === 'object') for (const [k, v] of Object.entries(vars)) if (typeof v === 'string') variables.set(k, v);
      facts.plugins.set(e.key, { variables, location: e.keyLoc });
    }
  }

  const fromPlugin = (plugin: string, key: string, variable: string, fallback: string): void => {
    const p = facts.plugins.get(plugin)!;
    const explicit = p.variables.get(variable);
    facts.infoPlist.set(key, {
      key,
      value: explicit ?? fallback,
      location: p.location,
      origin: 'cordova-config',
      where: `${plugin} ${explicit === undefined ? `default ${variable}` : `variable ${variable}`}`,
    });
  };
  if (facts.plugins.has('cordova-plugin-health')) {
    fromPlugin('cordova-plugin-health', 'NSHealthShareUsageDescription', 'HEALTH_READ_PERMISSION', 'App needs to read data');
    fromPlugin('cordova-plugin-health', 'NSHealthUpdateUsageDescription', 'HEALTH_WRITE_PERMISSION', 'App needs to write data');
    const at = facts.plugins.get('cordova-plugin-health')!.location;
    for (const [key, value] of [['com.apple.developer.healthkit', true], ['com.apple.developer.healthkit.access', []]] as const) {
      facts.entitlements.set(key, { key, value, location: at, origin: 'cordova-config', where: 'cordova-plugin-health plugin.xml' });
    }
  }
  if (facts.plugins.has('cordova-plugin-ble-central')) {
    fromPlugin('cordova-plugin-ble-central', 'NSBluetoothAlwaysUsageDescription', 'BLUETOOTH_USAGE_DESCRIPTION', ' ');
    fromPlugin('cordova-plugin-ble-central', 'NSBluetoothPeripheralUsageDescription', 'BLUETOOTH_USAGE_DESCRIPTION', ' ');
  }

  for (const scope of scopes) {
    for (const el of scope.children) {
      const isEdit = el.name === 'edit-config';
      if (!isEdit && el.name !== 'config-file') continue;
      const targetFile = (isEdit ? el.attrs.get('file') : el.attrs.get('target')) ?? '';
      const key = isEdit ? el.attrs.get('target') : el.attrs.get('parent');
      const valueEl = el.children[0];
      if (!key || !valueEl) continue;
      const node = plistElementToNode(valueEl, file, diagnostics);
      if (!node) continue;
      const value: ConfigValue = { key, value: toPlain(node), location: el.loc, origin: 'cordova-config', where: `${file} <${el.name}> ${targetFile}` };
      if (hasUnknown(node)) value.isUnknownValue = true;
      if (/Info\.plist$/.test(targetFile)) facts.infoPlist.set(key, value);
      else if (/entitlements|Entitlements-(Debug|Release)\.plist$/i.test(targetFile)) facts.entitlements.set(key, value);
    }
  }

  if (widget) {
    const id = widget.attrs.get('ios-CFBundleIdentifier') ?? widget.attrs.get('id');
    if (id) facts.bundleIdentifier = { key: 'id', value: id, location: widget.loc, origin: 'cordova-config', where: `${file} <widget>` };
  }
  return facts;
}

