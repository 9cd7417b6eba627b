import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors/index.js';

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** The real stderr stream, for the progress line (it needs the terminal width). */
  stderrStream?: { write(chunk: string): unknown; isTTY?: boolean; columns?: number };
}

export function processIO(): CliIO {
  return {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stderrStream: process.stderr,
  };
}

export function writeOutput(io: CliIO, file: string | undefined, text: string): void {
  if (!file) {
    io.stdout(text);
    return;
  }
  const abs = path.resolve(io.cwd, file);
  try {
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EISDIR' ? 'it is a folder; give a file name' : code === 'EACCES' ? 'permission denied' : code === 'ENOTDIR' ? 'a part of the path is a file' : `cannot be written (${code ?? (e as Error).message})`;
    throw new UsageError(`--output ${file}: ${why}`);
  }
}
