#!/usr/bin/env node
// The `netpol` command: finds the subcommand in the table below, parses its arguments, runs it.
// Subcommands live in their own files in this directory; add new ones to COMMANDS.
import * as fs from 'fs';
import * as path from 'path';
import { Command, InputError, Io, parseArgs, UsageError } from './_command';
import { checkCommand } from './check';
import { matrixCommand } from './matrix';
import { validateCommand } from './validate';

export const COMMANDS: Command[] = [validateCommand, matrixCommand, checkCommand];

function version(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: netpol <command> [options] [arguments]',
    '',
    'Kubernetes NetworkPolicy tools from cdk8s-netpol.',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `netpol <command> --help` for the options of a command.',
    '',
  ].join('\n');
}

/** Runs `netpol` with the arguments after the program name; returns the exit status. */
export function main(argv: string[], io: Io): number {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || (first === 'help' && rest.length === 0)) {
    (first === undefined ? io.stderr : io.stdout)(usage());
    return first === undefined ? 2 : 0;
  }
  if (first === '--version') {
    io.stdout(`${version()}\n`);
    return 0;
  }
  const name = first === 'help' ? rest[0] : first;
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`netpol: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  if (first === 'help') {
    io.stdout(command.help);
    return 0;
  }
  try {
    const args = parseArgs(rest, { ...command.options, help: { type: 'boolean', short: 'h' } });
    if (args.options.help) {
      io.stdout(command.help);
      return 0;
    }
    return command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`netpol ${command.name}: ${e.message}\nRun \`netpol ${command.name} --help\` for usage.\n`);
      return 2;
    }
    if (e instanceof InputError) {
      for (const line of e.lines) io.stderr(`netpol ${command.name}: ${line}\n`);
      return 2;
    }
    // A bug, not a user error: say so briefly; NETPOL_DEBUG=1 shows the stack.
    io.stderr(`netpol ${command.name}: internal error: ${(e as Error).message}\n`);
    if (process.env.NETPOL_DEBUG) io.stderr(`${(e as Error).stack}\n`);
    return 2;
  }
}

if (require.main === module) {
  // `netpol matrix ... | head` closes the pipe early: stop quietly, as other Unix tools do.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') process.stderr.write(`netpol: cannot write the output: ${e.message}\n`);
    process.exit(e.code === 'EPIPE' ? 0 : 2);
  });
  process.exitCode = main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: () => fs.readFileSync(0),
  });
}
