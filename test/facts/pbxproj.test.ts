import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/findings/types.js';
import { toPlain } from '../../src/facts/located.js';
import { expandSetting, parseOpenStep, readPbxProject, resolvePathSetting } from '../../src/facts/pbxproj.js';
import { fixtureText } from './helpers.js';

const FILE = 'ios/Pulse.xcodeproj/project.pbxproj';

describe('parseOpenStep', () => {
  it('reads dicts, arrays with trailing commas, quoted strings with escapes and comments', () => {
    const diagnostics: Diagnostic[] = [];
    const text = '// !$*UTF8*$!\n{ a = "x\\"y\\n\\U00e9"; /* c */ b = ( 1, two, ); c = { d = \"$(SRCROOT)/e\"; }; }';
    expect(toPlain(parseOpenStep('p', text, diagnostics))).toEqual({ a: 'x"y\né', b: ['1', 'two'], c: { d: '$(SRCROOT)/e' } });
    expect(diagnostics).toEqual([]);
  });

  it('reports a truncated project with its position', () => {
    const diagnostics: Diagnostic[] = [];
    const text = fixtureText('native/Pulse.xcodeproj/project.pbxproj');
    expect(parseOpenStep(FILE, text.slice(0, 900), diagnostics)).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.file).toBe(FILE);
    expect(diagnostics[0]!.message).toMatch(/malformed project.pbxproj/);
  });
});

describe('readPbxProject', () => {
  const diagnostics: Diagnostic[] = [];
  const project = readPbxProject(FILE, fixtureText('native/Pulse.xcodeproj/project.pbxproj'), diagnostics)!;

  it('finds every native target with its kind, in project order', () => {
    expect(diagnostics).toEqual([]);
    expect(project.srcRoot).toBe('ios');
    expect(project.targets.map((t) => [t.name, t.isApp, t.isWatchApp])).toEqual([
      ['PulseTests', false, false],
      ['Pulse', true, false],
      ['PulseWidget', false, false],
      ['PulseWatch Watch App', false, true],
    ]);
  });

  it('overlays target settings on the project-level configuration list', () => {
    const app = project.targets[1]!;
    expect(app.configurations.map((c) => c.name)).toEqual(['Debug', 'Release']);
    const release = app.configurations[1]!;
    expect(release.settings.get('INFOPLIST_KEY_NSBluetoothAlwaysUsageDescription')?.value).toBe('Connects to your heart-rate strap');
    expect(release.settings.get('INFOPLIST_KEY_NSHealthShareUsageDescription')).toMatchObject({
      value: 'Pulse reads your "resting" heart rate',
      location: { file: FILE, line: 84, column: 5 },
    });
    expect(release.settings.get('OTHER_LDFLAGS')?.value).toEqual(['$(inherited)', '-ObjC']);
  });

  it('expands variables and resolves path settings against SRCROOT', () => {
    const app = project.targets[1]!;
    const [debug, release] = app.configurations;
    expect(expandSetting('com.example.$(PRODUCT_NAME:rfc1034identifier)', release!, app, project)).toBe('com.example.Pulse');
    expect(expandSetting('${TARGET_NAME} in $(CONFIGURATION) $(inherited)', release!, app, project)).toBe('Pulse in Release');
    expect(resolvePathSetting('CODE_SIGN_ENTITLEMENTS', debug!, app, project)).toBe('ios/Pulse/Pulse.entitlements');
    expect(resolvePathSetting('CODE_SIGN_ENTITLEMENTS', release!, app, project)).toBe('ios/Pulse/Pulse.entitlements');
    expect(resolvePathSetting('INFOPLIST_FILE', release!, app, project)).toBeUndefined();
  });
});
