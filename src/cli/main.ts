import { Command, CommanderError } from 'commander';
import { HkguardError } from '../errors/index.js';
import { VERSION } from '../util/version.js';
import { processIO, type CliIO } from './io.js';
import { registerScanCommand } from './commands/scan.js';
import { registerRulesCommands } from './commands/rules.js';

export function buildProgram(io: CliIO): Command {
  const program = new Command('hkguard')
    .description('Privacy-compliance linter for apps that use Apple HealthKit')
    .version(VERSION, '-v, --version')
    .option('--debug', 'print stack traces for unexpected errors')
    .showHelpAfterError('(run `hkguard --help` for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  registerScanCommand(program, io);
  registerRulesCommands(program, io);
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

