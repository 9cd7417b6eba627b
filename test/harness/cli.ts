import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/util/paths.js';

export const BIN = path.join(PACKAGE_ROOT, 'bin', 'hkguard.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (`npm test` builds first) as a user would. */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}): CliRun {
  const env: Record<string, string | undefined> = { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined, CI: 'true', ...options.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? PACKAGE_ROOT,
    env: env as NodeJS.ProcessEnv,
    encoding: 'utf8',
    input: options.input,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function runJson(args: string[], options: Parameters<typeof runCli>[1] = {}) {
  const r = runCli([...args, '--format', 'json'], options);
  if (r.code === 2) throw new Error(`hkguard failed: ${r.stderr}`);
  return { ...r, json: JSON.parse(r.stdout) as JsonReport };
}

export interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  location: { file: string; line: number; column: number; endLine: number; endColumn: number };
  healthTypes: string[];
  recipient?: { kind: string; vendor?: string; category?: string; host?: string };
  flow?: Array<{ file: string; line: number; column: number; note: string }>;
  status: string;
  suppression?: { kind: string; reason: string };
  fingerprint: string;
  guard?: string;
}

export interface JsonReport {
  schemaVersion: number;
  tool: { name: string; version: string };
  apps: Array<{ name: string; kind: string; path: string }>;
  findings: JsonFinding[];
  summary: { errors: number; warnings: number; infos: number; files: number; durationMs: number };
}
