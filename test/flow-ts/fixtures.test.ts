import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { typescriptFrontEnd } from '../../src/flow/typescript/index.js';
import { flowsToRawFindings } from '../../src/flow/core.js';
import { checkAnnotations } from '../harness/annotations.js';
import { FIXTURES, FLOW_RULE_IDS, frontEndInput, listSources, testCatalog } from './helpers.js';

/** Every folder under fixtures/flow/ts is a miniature app; each of its files is checked against its annotations. */
const root = path.join(FIXTURES, 'flow', 'ts');
const apps = fs.readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

export const todos: string[] = [];

describe('flow fixtures (annotated)', () => {
  for (const app of apps) {
    it(app, async () => {
      const dir = path.join(root, app);
      const input = frontEndInput(dir);
      const { flows } = await typescriptFrontEnd.analyze(input);
      const findings = flowsToRawFindings(flows, testCatalog().rules);
      const problems: string[] = [];
      for (const file of listSources(dir)) {
        const r = checkAnnotations(findings, fs.readFileSync(path.join(dir, file), 'utf8'), file, { rules: FLOW_RULE_IDS });
        problems.push(...r.missing.map((m) => `Missing ${m}`), ...r.extra.map((m) => `Extra ${m}`));
        todos.push(...r.todo);
      }
      expect(problems).toEqual([]);
    });
  }
});
