import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// The two-thread IR build (src/flow/swift/parallel.ts) runs its worker from compiled output only, so this
// test drives the built dist/ (as test/cli does); under the TypeScript runner the build is serial.
const root = path.resolve(__dirname, '../..');
const dist = path.join(root, 'dist/flow/swift');
const isBuilt = fs.existsSync(path.join(dist, 'worker.js')) && fs.existsSync(path.join(dist, 'parallel.js'));

function swiftTexts(): string[] {
  const out: string[] = [];
  const add = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) add(path.join(dir, e.name));
      else if (e.name.endsWith('.swift')) out.push(fs.readFileSync(path.join(dir, e.name), 'utf8'));
    }
  };
  add(path.join(root, 'fixtures/swift-corpus'));
  add(path.join(root, 'fixtures/flow/swift'));
  return out;
}

describe.skipIf(!isBuilt)('Swift IR build on two threads (dist/)', () => {
  it('gives the same IRs and errors as the serial build, in input order', async () => {
    const parallel = await import(pathToFileURL(path.join(dist, 'parallel.js')).href);
    const grammar = await import(pathToFileURL(path.join(dist, 'grammar.js')).href);
    const { parser, name } = await grammar.loadSwiftParser();
    const texts = [...swiftTexts(), ...swiftTexts()].slice(0, Math.max(parallel.MIN_PARALLEL_FILES, 60));
    texts.push('struct Broken { func f( {');
    expect(parallel.isParallel(texts.length)).toBe(process.env.HKGUARD_SWIFT_WORKER !== '0');
    const serial = await parallel.buildAll(parser, name, texts, undefined);
    const helper = parallel.startHelper(texts.length);
    const both = await parallel.buildAll(parser, name, texts, helper);
    expect(both).toHaveLength(texts.length);
    // The worker's IRs come back through JSON: compare as JSON.
    expect(JSON.parse(JSON.stringify(both))).toEqual(JSON.parse(JSON.stringify(serial)));
  });

  it('builds everything here when the worker loaded another grammar', async () => {
    const parallel = await import(pathToFileURL(path.join(dist, 'parallel.js')).href);
    const grammar = await import(pathToFileURL(path.join(dist, 'grammar.js')).href);
    const { parser, name } = await grammar.loadSwiftParser();
    const texts = swiftTexts().slice(0, parallel.MIN_PARALLEL_FILES);
    const serial = await parallel.buildAll(parser, name, texts, undefined);
    const mismatched = await parallel.buildAll(parser, 'some other grammar', texts, parallel.startHelper(texts.length));
    expect(JSON.parse(JSON.stringify(mismatched))).toEqual(JSON.parse(JSON.stringify(serial)));
  });
});
