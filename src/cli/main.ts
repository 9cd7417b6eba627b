import { Command, CommanderError } from 'commander';
import { HkguardError } from '../errors/index.js';
import { VERSION } from '../util/version.js';
import { processIO, type CliIO } from './io.js';
import { registerScanCommand } from './commands/scan.js';
import { registerRulesCommands } from './commands/rules.js';
import { registerAuditCommand } from './commands/audit.js';
import { shouldColor } from '../report/stylish.js';
import { scan } from '../scan/scan.js';
import { declaredHealthTypes } from '../scan/declared.js';
import { defaultHooks } from '../scan/hooks.js';
import { registerBaselineCommand } from './commands/baseline.js';
import { registerInitCommand } from './commands/init.js';
import { registerManifestCommand } from './commands/manifest.js';

export function buildProgram(io: CliIO): Command {
  const program = new Command('hkguard')
    .description('Privacy-compliance linter for apps that use Apple HealthKit')
    .version(VERSION, '-v, --version')
    .option('--debug', 'print stack traces for unexpected errors')
    .showHelpAfterError('(run `hkguard --help` for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  const hooks = defaultHooks();
  registerScanCommand(program, io, hooks);
  registerRulesCommands(program, io);
  registerAuditCommand(program, {
    stdout: io.stdout,
    stderr: io.stderr,
    color: shouldColor({ isTTY: io.stdoutIsTTY }, io.env),
    loadDeclaredHealthTypes: (appPath) => declaredTypesOf(appPath, io),
  });
  registerBaselineCommand(program, { scan: (opts) => scan(opts, hooks), stdout: io.stdout, stderr: io.stderr, cwd: io.cwd });
  registerInitCommand(program, { stdout: io.stdout, stderr: io.stderr, cwd: io.cwd });
  registerManifestCommand(program, { scan: (opts) => scan(opts, hooks), stdout: io.stdout, stderr: io.stderr, cwd: io.cwd });
  return program;
}

/** Runs the CLI; returns the exit code (0 clean, 1 findings, 2 usage, configuration or fatal error). */
export async function run(argv: string[], io: CliIO = processIO()): Promise<number> {
  const program = buildProgram(io);
  process.exitCode = 0;
  try {
    await program.parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? 0);
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit through here with code 0.
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof HkguardError) {
      io.stderr(`hkguard: ${e.message}\n`);
      return 2;
    }
    const debug = argv.includes('--debug');
    const err = e as Error;
    io.stderr(`hkguard: internal error: ${err?.message ?? String(e)}\n${debug ? `${err?.stack ?? ''}\n` : 'Run again with --debug for the stack trace, and please report it.\n'}`);
    return 2;
  }
}


/** The HealthKit types an app's authorization requests declare, from a static scan (for `audit report --against`). */
async function declaredTypesOf(appPath: string, io: CliIO): Promise<{ read: string[]; write: string[]; source: string }> {
  const result = await scan({ paths: [appPath], cwd: io.cwd, cacheDir: false });
  return declaredHealthTypes(result, `no authorization request found under ${appPath}`);
}
