import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseDirs, checkFixtureDir } from '../harness/fixture-dirs.js';

// Each folder under fixtures/configuration, inventory, meta and permission-swift is an app scanned with the real pipeline;
// its `ruleid:` / `ok:` annotations must hold (Missing and Extra reported per file).
for (const family of ['configuration', 'inventory', 'meta', 'permission-swift']) {
  describe(`${family} fixtures`, () => {
    for (const dir of caseDirs(family)) {
      it(path.basename(dir), async () => {
        const results = await checkFixtureDir(dir);
        expect(Object.keys(results).length).toBeGreaterThan(0);
        for (const [file, r] of Object.entries(results)) {
          expect({ file, missing: r.missing, extra: r.extra }).toEqual({ file, missing: [], extra: [] });
        }
      });
    }
  });
}
