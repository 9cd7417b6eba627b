import type { Diagnostic } from '../findings/types.js';
import type { FileReader } from '../workspace/types.js';
import { configValue } from './expo.js';
import { parseJsonLocated } from './json.js';
import { entry, type LNode } from './located.js';
import { evaluateConfigModule } from './static-eval.js';
import type { ConfigValue } from './types.js';

export interface CapacitorFacts {
  file: string;
  appId?: ConfigValue;
  /** `server.url`: the web view loads this site instead of the bundled web assets. */
  serverUrl?: ConfigValue;
}

/** capacitor.config.json, or capacitor.config.ts / .js evaluated statically. */
export function extractCapacitorFacts(file: string, read: FileReader, diagnostics: Diagnostic[]): CapacitorFacts | undefined {
  const text = read.readText(file);
  if (text === undefined) return undefined;
  let root: LNode | undefined;
  if (file.endsWith('.json')) root = parseJsonLocated(file, text, diagnostics);
  else {
    root = evaluateConfigModule(file, text, diagnostics).value;
    if (!root) diagnostics.push({ file, message: 'no default export found in the Capacitor config', line: 1, column: 1, severity: 'warning' });
  }
  const facts: CapacitorFacts = { file };
  const appId = entry(root, 'appId');
  if (appId) facts.appId = configValue('appId', appId.value, appId.keyLoc, 'capacitor-config', `${file} appId`);
  const url = entry(entry(root, 'server')?.value, 'url');
  if (url) facts.serverUrl = configValue('server.url', url.value, url.keyLoc, 'capacitor-config', `${file} server.url`);
  return facts;
}
