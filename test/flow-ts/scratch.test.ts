import { it } from 'vitest';
import path from 'node:path';
import { typescriptFrontEnd } from '../../src/flow/typescript/index.js';
import { flowsToRawFindings } from '../../src/flow/core.js';
import { frontEndInput, testCatalog, FIXTURES } from './helpers.js';

it('scratch', async () => {
  const dir = process.env.FIX ?? 'flow/ts/basics';
  const input = frontEndInput(path.join(FIXTURES, dir));
  const r = await typescriptFrontEnd.analyze(input);
  for (const f of r.flows) console.log(f.status, f.sink.category, f.sink.location.file + ':' + f.sink.location.line, '<-', f.source.api, f.source.healthTypes.join(','), '\n   ', f.steps.map((s) => `${s.line}:${s.note}`).join(' | '));
  console.log(JSON.stringify(r.usage.authorizations.map((a) => ({ r: a.read.map((x) => x.identifier + '@' + x.location.file + ':' + x.location.line), w: a.write.map((x) => x.identifier), u: a.hasUnresolved }))));
  console.log(input.diagnostics);
  const raw = flowsToRawFindings(r.flows, testCatalog().rules);
  console.log(raw.map((x) => `${x.ruleId} ${x.location.file}:${x.location.line} ${x.status}`).join('\n'));
});
