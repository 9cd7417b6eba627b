import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseDirs, checkFixtureDir } from '../harness/fixture-dirs.js';

// privacy-manifest-health-undeclared needs flows and the privacy manifest's facts: each folder under
// fixtures/permission/ts/manifest is an app scanned with the real pipeline, its annotations checked per file.
describe('privacy-manifest-health-undeclared fixtures (real pipeline)', () => {
  for (const dir of caseDirs(path.join('permission', 'ts', 'manifest'))) {
    it(path.basename(dir), async () => {
      const results = await checkFixtureDir(dir);
      expect(Object.keys(results)).toContain('ios/HeartApp/PrivacyInfo.xcprivacy');
      for (const [file, r] of Object.entries(results)) expect({ file, missing: r.missing, extra: r.extra }).toEqual({ file, missing: [], extra: [] });
    });
  }
});
