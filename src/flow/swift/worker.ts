/**
 * Worker thread of parallel.ts: loads the Swift grammar and builds IRs of the texts it was given, claiming
 * them one at a time from a counter shared with the main thread (which builds from the same queue).
 */
import { parentPort } from 'node:worker_threads';
import { buildSwiftIR } from './build.js';
import { loadSwiftParser, type LoadedGrammar } from './grammar.js';
import type { FileIR } from './ir.js';

/** `order`: the claim order (indices into texts, longest text first). */
export interface WorkerInput { texts: string[]; order: Int32Array; counter: SharedArrayBuffer; grammarName: string }
export type WorkerResult = Array<[index: number, ir: FileIR | undefined, error: string | undefined]>;
/** `json`: the WorkerResult as JSON (IRs are plain JSON; JSON.parse here beats structured-clone for them). */
export type WorkerMessage = { kind: 'mismatch'; name: string } | { kind: 'done'; json: string };

// The grammar loads while the main thread reads the files; the texts come in one message.
const loading = loadSwiftParser();
parentPort!.once('message', (input: WorkerInput) => {
  void loading.then((grammar) => build(grammar, input));
});

function build(grammar: LoadedGrammar, { texts, order, counter, grammarName }: WorkerInput): void {
  if (grammar.name !== grammarName) {
    parentPort!.postMessage({ kind: 'mismatch', name: grammar.name } satisfies WorkerMessage);
    return;
  }
  const next = new Int32Array(counter);
  const results: WorkerResult = [];
  for (;;) {
    const k = Atomics.add(next, 0, 1);
    if (k >= order.length) break;
    const i = order[k]!;
    try {
      results.push([i, buildSwiftIR(grammar.parser, texts[i]!), undefined]);
    } catch (err) {
      results.push([i, undefined, (err as Error).message]);
    }
  }
  parentPort!.postMessage({ kind: 'done', json: JSON.stringify(results) } satisfies WorkerMessage);
}
