import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/rules/registry.js';
import { PACKAGE_ROOT } from '../../src/util/paths.js';

describe('README', () => {
  it('lists every rule with its default severity', () => {
    const readme = fs.readFileSync(path.join(PACKAGE_ROOT, 'README.md'), 'utf8');
    for (const r of loadRules().all) expect(readme, r.id).toMatch(new RegExp(`\\| \`${r.id}\` \\| ${r.severity} \\|`));
  });
});
