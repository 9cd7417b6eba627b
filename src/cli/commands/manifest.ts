/**
 * `hkguard manifest [path] [--write | --check]`: turns what the scan found into the privacy declarations the
 * app owes. Without a flag it prints them; --write adds or corrects them in PrivacyInfo.xcprivacy; --check
 * exits 1 when the manifest lacks something the code does (for CI).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { ScanOptions, ScanResult } from '../../scan/types.js';
import { HkguardError } from '../../errors/index.js';
import { checkManifest, deriveManifest, nutritionLabel, type DeclaredDataType, type DerivedManifest } from '../../manifest/derive.js';
import { PlistTextError, readDeclared, updateManifestText, writeManifestFile } from '../../manifest/write.js';
import { renderDict, type PlainValue } from '../../manifest/plist-text.js';
import { DATA_TYPE_LABEL } from '../../manifest/categories.js';

export interface ManifestCommandDeps {
  scan(opts: ScanOptions): Promise<ScanResult>;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Folder relative paths are resolved against (default: process.cwd()). */
  cwd?: string;
}

interface ManifestCliOptions {
  write?: boolean;
  check?: boolean;
  config?: string;
}

function entriesXml(derived: DerivedManifest, indent: string): string {
  const style = { unit: '\t', eol: '\n' };
  return derived.entries.map((e) => {
    const values: Array<[string, PlainValue]> = [
      ['NSPrivacyCollectedDataType', e.type], ['NSPrivacyCollectedDataTypeLinked', e.linked],
      ['NSPrivacyCollectedDataTypeTracking', false], ['NSPrivacyCollectedDataTypePurposes', [...e.purposes]],
    ];
    return indent + renderDict(values, indent, style);
  }).join('\n');
}

/** The Expo form of the same entries (app.json: expo.ios.privacyManifests.NSPrivacyCollectedDataTypes). */
function entriesJson(derived: DerivedManifest): string {
  return JSON.stringify({
    NSPrivacyCollectedDataTypes: derived.entries.map((e) => ({
      NSPrivacyCollectedDataType: e.type, NSPrivacyCollectedDataTypeLinked: e.linked,
      NSPrivacyCollectedDataTypeTracking: false, NSPrivacyCollectedDataTypePurposes: e.purposes,
    })),
  }, null, 2);
}

function isXcprivacy(file: string | undefined): file is string {
  return !!file && file.endsWith('.xcprivacy');
}

/** What the app declares today: the xcprivacy file on disk (it may have just been written), else the facts. */
function declaredFor(result: ScanResult, derived: DerivedManifest, app: ScanResult['apps'][number]): DeclaredDataType[] | undefined {
  const file = derived.manifestFile;
  if (isXcprivacy(file)) {
    const abs = path.join(result.root, file);
    if (!fs.existsSync(abs)) return undefined;
    const text = fs.readFileSync(abs, 'utf8');
    if (!text.trimStart().startsWith('<')) throw new PlistTextError(`${file}: not an XML property list (convert it with \`plutil -convert xml1 ${path.basename(file)}\`)`);
    try {
      return readDeclared(text);
    } catch (e) {
      throw new PlistTextError(`${file}: ${(e as Error).message}`);
    }
  }
  const facts = app.facts.privacyManifests.find((m) => m.file === file) ?? app.facts.privacyManifests[0];
  return facts?.collected;
}

function header(derived: DerivedManifest): string {
  return `${derived.appName} (${derived.app})${derived.manifestFile ? `: ${derived.manifestFile}` : ''}`;
}

function blockerLines(derived: DerivedManifest): string[] {
  return derived.blockers.map((b) =>
    `  ! ${DATA_TYPE_LABEL[b.dataType].toLowerCase()} data reaches ${b.label} at ${b.location.file}:${b.location.line}: ${b.reason}. Fix the code; hkguard never declares tracking or advertising for health data.`);
}

export function registerManifestCommand(program: Command, deps: ManifestCommandDeps): void {
  program
    .command('manifest')
    .description('derive the privacy-manifest declarations (Health, Fitness) and the App Store privacy label from the flows found; --write adds them to PrivacyInfo.xcprivacy, --check fails when they are missing')
    .argument('[path]', 'the app or repository to scan (default: the current folder)')
    .option('--write', 'add or correct the Health and Fitness entries in each app\'s PrivacyInfo.xcprivacy')
    .option('--check', 'exit 1 when a privacy manifest lacks what the code does')
    .option('-c, --config <file>', 'configuration file (default: .hkguard.yaml in the scanned folder)')
    .action(async (target: string | undefined, opts: ManifestCliOptions) => {
      if (opts.write && opts.check) {
        deps.stderr('hkguard: --write and --check cannot be used together: run --write, then --check in CI\n');
        process.exitCode = 2;
        return;
      }
      let result: ScanResult;
      try {
        result = await deps.scan({ paths: [target ?? '.'], cwd: deps.cwd ?? process.cwd(), configFile: opts.config });
      } catch (e) {
        if (e instanceof HkguardError) {
          deps.stderr(`hkguard: ${e.message}\n`);
          process.exitCode = 2;
          return;
        }
        throw e;
      }
      const out: string[] = [];
      let failed = false;
      let fatal = false;
      for (const app of result.apps) {
        const derived = deriveManifest(app);
        try {
          if (opts.check) {
            const problems = checkManifest(derived, declaredFor(result, derived, app));
            out.push(`${header(derived)}: ${problems.length ? `${problems.length} missing` : 'declares what the code does'}`);
            for (const p of problems) out.push(`  - ${p.message}`);
            if (problems.length) failed = true;
            out.push(...blockerLines(derived));
          } else if (opts.write) {
            if (derived.entries.length === 0) {
              out.push(`${header(derived)}: nothing to declare (no health or fitness data leaves the device)`);
            } else if (!isXcprivacy(derived.manifestFile)) {
              // Expo managed apps keep their manifest in app.json; hkguard does not edit that file yet.
              const key = /app\.json$/.test(derived.manifestFile ?? '') ? 'expo.ios.privacyManifests' : 'ios.privacyManifests';
              out.push(`${header(derived)}: hkguard does not edit the Expo config; add this under ${key} in ${derived.manifestFile ?? 'the app config'}:`, entriesJson(derived));
              failed = true;
            } else {
              const update = writeManifestFile(path.join(result.root, derived.manifestFile), derived.entries);
              if (update.created) out.push(`${header(derived)}: created; add it to the app target in Xcode (Copy Bundle Resources)`);
              else out.push(`${header(derived)}: ${update.changed ? 'updated' : 'already up to date'}`);
              for (const c of update.changes) out.push(`  + ${c}`);
            }
            out.push(...blockerLines(derived));
          } else {
            out.push(header(derived));
            if (derived.entries.length) {
              out.push('  NSPrivacyCollectedDataTypes entries:', entriesXml(derived, '    '));
              if (isXcprivacy(derived.manifestFile)) {
                const abs = path.join(result.root, derived.manifestFile);
                const current = fs.existsSync(abs) ? fs.readFileSync(abs, 'utf8') : undefined;
                const pending = current === undefined || !current.trimStart().startsWith('<') ? undefined : updateManifestText(current, derived.entries);
                if (current === undefined) out.push('  The file does not exist yet: `hkguard manifest --write` creates it.');
                else if (pending?.changed) out.push('  The file lacks some of this: `hkguard manifest --write` adds it.');
              }
            }
            out.push('  App Store privacy label:', ...nutritionLabel(derived).map((l) => `    - ${l}`));
            out.push(...blockerLines(derived));
          }
        } catch (e) {
          if (!(e instanceof PlistTextError)) throw e;
          deps.stderr(`hkguard: ${e.message.startsWith(derived.manifestFile ?? '\0') ? '' : `${derived.manifestFile}: `}${e.message}\n`);
          fatal = true;
        }
        out.push('');
      }
      if (result.apps.length === 0) deps.stderr('hkguard: no app found to derive a privacy manifest for\n');
      deps.stdout(out.join('\n'));
      process.exitCode = fatal ? 2 : failed ? 1 : 0;
    });
}
