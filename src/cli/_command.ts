// What every `netpol` subcommand shares: its shape, the I/O it may use, and its arguments read by node:util parseArgs.
import { parseArgs as parseArgv } from 'util';
import { closestNames } from '../analysis/engine/resolve';

/** Where a command writes; replaced in tests. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads all of standard input (for the `-` argument): bytes, decoded like a file (a UTF-16 byte-order mark is honoured), or text. */
  readonly readStdin: () => string | Uint8Array;
}

/** A `netpol` subcommand, registered in the table of cli/netpol.ts. */
export interface Command {
  readonly name: string;
  /** One line for `netpol --help`. */
  readonly summary: string;
  /** The full `netpol <name> --help` text. */
  readonly help: string;
  /** The options by long name (`--name`); `-h, --help` is added to every command. */
  readonly options: { readonly [name: string]: OptionSpec };
  /** Returns the exit status: 0 success, 1 findings, 2 usage or input errors. */
  run(args: ParsedArgs, io: Io): number;
}

export interface OptionSpec {
  /** A string option takes a value (`--name value` or `--name=value`), and may be repeated; a boolean is a flag. */
  readonly type: 'string' | 'boolean';
  /** One-letter alias, used as `-x`. */
  readonly short?: string;
}

/** A flag. */
export const FLAG: OptionSpec = { type: 'boolean' };
/** An option with a value. */
export const VALUE: OptionSpec = { type: 'string' };

export interface ParsedArgs {
  /** Flags are `true`; options with values hold every value given, in order. */
  readonly options: { [name: string]: true | string[] };
  readonly positionals: string[];
}

/** Bad command-line usage: printed with a pointer to --help, exit status 2. */
export class UsageError extends Error {}

/**
 * Input that cannot be used (unreadable or invalid manifests, an unknown pod): printed without a
 * pointer to --help, exit status 2. Each line of the message is printed as its own `netpol <command>:` line.
 */
export class InputError extends Error {
  constructor(public readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

/**
 * Parses `args` against `specs` with node:util parseArgs: `--flag`, `-f`, `--opt value`, `--opt=value`,
 * `--` ends options, and a lone `-` is a positional (standard input). Its errors become UsageErrors.
 */
export function parseArgs(args: string[], specs: { readonly [name: string]: OptionSpec }): ParsedArgs {
  // Every string option collects all its values, so that commands can refuse repeats by name.
  const options = Object.fromEntries(Object.entries(specs).map(([name, s]) => [name, { ...s, multiple: s.type === 'string' }]));
  let parsed: ReturnType<typeof parseArgv>;
  try {
    parsed = parseArgv({ args, options, strict: true, allowPositionals: true });
  } catch (e) {
    throw usageErrorOf(e as NodeJS.ErrnoException, specs);
  }
  const values: { [name: string]: true | string[] } = {};
  for (const [name, value] of Object.entries(parsed.values)) {
    if (value === true || Array.isArray(value)) values[name] = value as true | string[];
  }
  return { options: values, positionals: parsed.positionals };
}

/** parseArgs' errors (ERR_PARSE_ARGS_*) in our words: which option, what is wrong, what to write instead. */
function usageErrorOf(e: NodeJS.ErrnoException, specs: { readonly [name: string]: OptionSpec }): Error {
  if (typeof e.code !== 'string' || !e.code.startsWith('ERR_PARSE_ARGS_')) return e;
  // Node names the option in quotes: '--nope', '--from <value>', '-o, --output <value>'.
  const quoted = /'([^']*)'/.exec(e.message)?.[1] ?? '';
  const option = /--[^\s,]+|-[^\s,]+/.exec(quoted.includes('--') ? quoted.slice(quoted.indexOf('--')) : quoted)?.[0];
  if (option === undefined) return new UsageError(e.message.split('\n')[0]);
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const near = option.startsWith('--') ? closestNames(option.slice(2), Object.keys(specs), { max: 1 }) : [];
    const hint = near.length > 0 ? ` (did you mean --${near[0]}?)` : '';
    return new UsageError(`unknown option ${option}${hint}`);
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const spec = specs[option.replace(/^--/, '')];
    if (spec?.type === 'boolean') return new UsageError(`option ${option} takes no value`);
    // Missing, or followed by something that looks like another option (`--from --to x`).
    return new UsageError(`option ${option} needs a value${/ambiguous/.test(e.message) ? ` (for a value that starts with '-', write ${option}=-value)` : ''}`);
  }
  return new UsageError(e.message.split('\n')[0]);
}
