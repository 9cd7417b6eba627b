/**
 * Adds or corrects the Health and Fitness entries of a PrivacyInfo.xcprivacy with text-level edits, so that
 * every other key, the key order, comments, the indentation (tabs or spaces) and the line endings stay as the
 * team wrote them. A file that needs no change comes back byte for byte.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parsePlist } from 'plist';
import type { DeclaredDataType, DerivedDataType } from './derive.js';
import { DATA_TYPE_LABEL, FITNESS, HEALTH } from './categories.js';
import {
  PlistTextError, applyEdits, detectStyle, dictEntries, innerText, insertBeforeClose, lineIndent, parseXmlTree,
  renderDict, renderValue, type PlainValue, type TextEdit, type TextStyle, type XmlElement,
} from './plist-text.js';

export const COLLECTED_KEY = 'NSPrivacyCollectedDataTypes';
const TYPE_KEY = 'NSPrivacyCollectedDataType';
const LINKED_KEY = 'NSPrivacyCollectedDataTypeLinked';
const TRACKING_KEY = 'NSPrivacyCollectedDataTypeTracking';
const PURPOSES_KEY = 'NSPrivacyCollectedDataTypePurposes';

/** Xcode's template for a new privacy manifest (tab-indented, as Xcode writes it). */
const NEW_FILE = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
  '<plist version="1.0">',
  '<dict>',
  '</dict>',
  '</plist>',
  '',
].join('\n');

export interface ManifestUpdate {
  text: string;
  changed: boolean;
  created: boolean;
  /** One line per change, for the terminal. */
  changes: string[];
}

export { PlistTextError };

function entryValues(e: DerivedDataType): Array<[string, PlainValue]> {
  return [[TYPE_KEY, e.type], [LINKED_KEY, e.linked], [TRACKING_KEY, false], [PURPOSES_KEY, [...e.purposes]]];
}

function indentOf(text: string, el: XmlElement, fallback: string): string {
  return lineIndent(text, el.start) ?? fallback;
}

/** The indentation of a container's children: from its first child, else one level below the container. */
function childIndent(text: string, container: XmlElement, containerIndent: string, style: TextStyle): string {
  const first = container.children[0];
  return (first && lineIndent(text, first.start)) ?? containerIndent + style.unit;
}

function editEntry(text: string, dict: XmlElement, dictIndent: string, e: DerivedDataType, style: TextStyle, changes: string[]): TextEdit[] {
  const edits: TextEdit[] = [];
  const label = DATA_TYPE_LABEL[e.type];
  const keyIndent = childIndent(text, dict, dictIndent, style);
  const kv = new Map(dictEntries(text, dict).map((x) => [x.key, x]));
  const missing: string[] = [];
  const setBool = (key: string, want: boolean) => {
    const cur = kv.get(key)?.value;
    if (!cur) {
      missing.push(`${keyIndent}<key>${key}</key>`, `${keyIndent}${renderValue(want, keyIndent, style)}`);
      changes.push(`${label}: added ${key} ${want}`);
    } else if (cur.name !== String(want)) {
      edits.push({ start: cur.start, end: cur.end, text: renderValue(want, keyIndent, style) });
      changes.push(`${label}: set ${key} to ${want}`);
    }
  };
  const curLinked = kv.get(LINKED_KEY)?.value?.name === 'true';
  // Never downgrade a declared "linked": the team may know of identifiers hkguard cannot see.
  setBool(LINKED_KEY, curLinked || e.linked);
  setBool(TRACKING_KEY, false);

  const purposesEl = kv.get(PURPOSES_KEY)?.value;
  const have = purposesEl?.name === 'array' ? purposesEl.children.filter((c) => c.name === 'string').map((c) => innerText(text, c).trim()) : [];
  const add = e.purposes.filter((p) => !have.includes(p));
  if (!purposesEl) {
    missing.push(`${keyIndent}<key>${PURPOSES_KEY}</key>`, `${keyIndent}${renderValue([...e.purposes], keyIndent, style)}`);
    changes.push(`${label}: added ${PURPOSES_KEY} ${e.purposes.join(', ')}`);
  } else if (add.length > 0) {
    const valueIndent = indentOf(text, purposesEl, keyIndent);
    if (purposesEl.name !== 'array' || purposesEl.selfClosing || purposesEl.children.length === 0) {
      edits.push({ start: purposesEl.start, end: purposesEl.end, text: renderValue([...have, ...add], valueIndent, style) });
    } else {
      const itemIndent = childIndent(text, purposesEl, valueIndent, style);
      edits.push(insertBeforeClose(text, purposesEl, add.map((p) => `${itemIndent}<string>${p}</string>`).join(style.eol), style, valueIndent));
    }
    changes.push(`${label}: added purpose${add.length > 1 ? 's' : ''} ${add.join(', ')}`);
  }
  if (missing.length > 0) edits.push(insertBeforeClose(text, dict, missing.join(style.eol), style, dictIndent));
  return edits;
}

/**
 * Adds or corrects `entries` in a privacy manifest's text (undefined: the file does not exist yet).
 * Throws PlistTextError when the text is not an XML plist with a dict at its root.
 */
export function updateManifestText(original: string | undefined, entries: DerivedDataType[]): ManifestUpdate {
  const created = original === undefined || original.trim() === '';
  let text = created ? NEW_FILE : original!;
  let tree = parseXmlTree(text);
  let root = tree.children[0];
  if (!root || root.name !== 'dict') throw new PlistTextError('the root of a privacy manifest must be a <dict>');
  if (root.selfClosing) {
    text = text.slice(0, root.start) + '<dict>\n' + (lineIndent(text, root.start) ?? '') + '</dict>' + text.slice(root.end);
    tree = parseXmlTree(text);
    root = tree.children[0]!;
  }
  const style = detectStyle(text);
  const changes: string[] = [];
  const edits: TextEdit[] = [];
  const rootIndent = indentOf(text, root, '');
  const keyIndent = childIndent(text, root, rootIndent, style);
  const collected = dictEntries(text, root).find((x) => x.key === COLLECTED_KEY);

  const renderEntries = (list: DerivedDataType[], itemIndent: string) =>
    list.map((e) => `${itemIndent}${renderDict(entryValues(e), itemIndent, style)}`).join(style.eol);

  if (!collected?.value) {
    if (entries.length > 0) {
      const arrayText = ['<array>', renderEntries(entries, keyIndent + style.unit), `${keyIndent}</array>`].join(style.eol);
      const lines = collected
        ? `${keyIndent}${arrayText}` // a dangling key without a value: give it one
        : `${keyIndent}<key>${COLLECTED_KEY}</key>${style.eol}${keyIndent}${arrayText}`;
      edits.push(insertBeforeClose(text, root, lines, style, rootIndent));
      for (const e of entries) changes.push(`added ${e.type}`);
    }
  } else {
    const array = collected.value;
    if (array.name !== 'array') throw new PlistTextError(`${COLLECTED_KEY} must be an <array>, found <${array.name}>`);
    const arrayIndent = indentOf(text, array, keyIndent);
    const itemIndent = childIndent(text, array, arrayIndent, style);
    const toAdd: DerivedDataType[] = [];
    for (const e of entries) {
      const dict = array.children.find((d) => d.name === 'dict' && dictEntries(text, d).some((x) => x.key === TYPE_KEY && x.value && innerText(text, x.value).trim() === e.type));
      if (dict && !dict.selfClosing) edits.push(...editEntry(text, dict, indentOf(text, dict, itemIndent), e, style, changes));
      else toAdd.push(e);
    }
    if (toAdd.length > 0) {
      if (array.selfClosing || array.children.length === 0) {
        const body = ['<array>', renderEntries(toAdd, arrayIndent + style.unit), `${arrayIndent}</array>`].join(style.eol);
        edits.push({ start: array.start, end: array.end, text: body });
      } else {
        edits.push(insertBeforeClose(text, array, renderEntries(toAdd, itemIndent), style, arrayIndent));
      }
      for (const e of toAdd) changes.push(`added ${e.type}`);
    }
  }
  const out = edits.length > 0 ? applyEdits(text, edits) : text;
  return { text: out, changed: created ? entries.length > 0 : out !== original, created, changes };
}

/** The Health and Fitness (and other) entries a manifest declares, from its text. */
export function readDeclared(text: string): DeclaredDataType[] {
  // A byte-order mark is common in files saved by Windows editors; the XML parser rejects it.
  const doc = parsePlist(text.replace(/^\uFEFF/, '')) as Record<string, unknown>;
  const list = doc && typeof doc === 'object' ? doc[COLLECTED_KEY] : undefined;
  if (!Array.isArray(list)) return [];
  return list
    .filter((d): d is Record<string, unknown> => !!d && typeof d === 'object' && !Array.isArray(d))
    .map((d) => ({
      type: String(d[TYPE_KEY] ?? ''),
      linked: typeof d[LINKED_KEY] === 'boolean' ? (d[LINKED_KEY] as boolean) : undefined,
      tracking: typeof d[TRACKING_KEY] === 'boolean' ? (d[TRACKING_KEY] as boolean) : undefined,
      purposes: Array.isArray(d[PURPOSES_KEY]) ? (d[PURPOSES_KEY] as unknown[]).map(String) : [],
    }));
}

/** Reads, updates and (when anything changed) writes the manifest at `absPath`, creating folders as needed. */
export function writeManifestFile(absPath: string, entries: DerivedDataType[]): ManifestUpdate {
  const original = fs.existsSync(absPath) ? fs.readFileSync(absPath, 'utf8') : undefined;
  const update = updateManifestText(original, entries);
  if (update.changed) {
    fs.mkdirSync(path.dirname(absPath), { recursive: true });
    fs.writeFileSync(absPath, update.text);
  }
  return update;
}

export const MANIFEST_DATA_TYPES = [HEALTH, FITNESS] as const;
