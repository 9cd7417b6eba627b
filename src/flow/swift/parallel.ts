/**
 * Builds the IRs of many files on two threads: this one and a worker (worker.ts), both claiming files from
 * one shared counter, so the split follows the files' real cost (per-file parse time is heavy-tailed).
 * The worker starts (loads web-tree-sitter and the grammar) while this thread reads the files. Results
 * are the same as building serially; any file the worker did not deliver (it failed to start, loaded a
 * different grammar, crashed) is built here afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { buildSwiftIR } from './build.js';
import type { Parser } from './grammar.js';
import type { FileIR } from './ir.js';
import type { WorkerInput, WorkerMessage, WorkerResult } from './worker.js';

/** Below this many files to build, a worker's start-up (about 0.1-0.2 s of CPU) is not worth it. */
export const MIN_PARALLEL_FILES = 48;

export type Built = { ir: FileIR } | { error: string };

function buildHere(parser: Parser, text: string): Built {
  try {
    return { ir: buildSwiftIR(parser, text) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

function workerUrl(): URL | undefined {
  // Compiled output only: under a TypeScript test runner there is no worker.js next to this module.
  const url = new URL('./worker.js', import.meta.url);
  try { return fs.existsSync(url) ? url : undefined; } catch { return undefined; }
}

/** Whether buildAll would use a worker for this many files. */
export function isParallel(count: number): boolean {
  if (count < MIN_PARALLEL_FILES || process.env.HKGUARD_SWIFT_WORKER === '0') return false;
  return os.availableParallelism() >= 2 && workerUrl() !== undefined;
}

export interface Helper { worker: Worker; reply: Promise<WorkerMessage | undefined> }

/**
 * Starts the worker for a scan of `fileCount` files, so that it loads web-tree-sitter and the grammar while
 * this thread reads and hashes the files; undefined when the build will be serial. The caller must pass it
 * to buildAll or `stopHelper` it.
 */
export function startHelper(fileCount: number): Helper | undefined {
  const url = isParallel(fileCount) ? workerUrl() : undefined;
  if (!url) return undefined;
  const worker = new Worker(url);
  const reply = new Promise<WorkerMessage | undefined>((resolve) => {
    worker.once('message', (m: WorkerMessage) => resolve(m));
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
  return { worker, reply };
}

export function stopHelper(helper: Helper | undefined): void {
  if (helper) void helper.worker.terminate();
}

/** The IR (or build error) of every text, in order; with a helper, built on two threads. */
export async function buildAll(parser: Parser, grammarName: string, texts: string[], helper: Helper | undefined): Promise<Built[]> {
  const out: Array<Built | undefined> = new Array(texts.length);
  if (!helper || texts.length < MIN_PARALLEL_FILES) {
    stopHelper(helper);
    return texts.map((t) => buildHere(parser, t));
  }
  // Longest first: the thread that takes the last file waits least for the other one.
  const order = Int32Array.from(texts.keys()).sort((a, b) => texts[b]!.length - texts[a]!.length || a - b);
  const counter = new SharedArrayBuffer(4);
  const next = new Int32Array(counter);
  helper.worker.postMessage({ texts, order, counter, grammarName } satisfies WorkerInput);
  try {
    for (;;) {
      const k = Atomics.add(next, 0, 1);
      if (k >= order.length) break;
      const i = order[k]!;
      out[i] = buildHere(parser, texts[i]!);
    }
    const msg = await helper.reply;
    if (msg?.kind === 'done') {
      for (const [i, ir, error] of JSON.parse(msg.json) as WorkerResult) out[i] = ir ? { ir } : { error: error ?? 'unknown error' };
    }
  } finally {
    stopHelper(helper);
  }
  return out.map((b, i) => b ?? buildHere(parser, texts[i]!));
}
