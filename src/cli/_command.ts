// What every `netpol` subcommand shares: its shape, the I/O it may use, and a small argument parser.

/** Where a command writes; replaced in tests. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads all of standard input (for the `-` argument). */
  readonly readStdin: () => string;
}

/** A `netpol` subcommand, registered in the table of cli/netpol.ts. */
export interface Command {
  readonly name: string;
  /** One line for `netpol --help`. */
  readonly summary: string;
  /** The full `netpol <name> --help` text. */
  readonly help: string;
  readonly options: OptionSpec[];
  /** Returns the exit status: 0 success, 1 findings, 2 usage or input errors. */
  run(args: ParsedArgs, io: Io): number;
}

export interface OptionSpec {
  /** Long name, used as `--name`. */
  readonly name: string;
  /** One-letter alias, used as `-x`. */
  readonly short?: string;
  /** A string option takes a value (`--name value` or `--name=value`); a flag does not. */
  readonly takesValue?: boolean;
}

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
 * Parses `args` against `specs`: `--flag`, `-f`, `--opt value`, `--opt=value`, `--` ends options,
 * and a lone `-` is a positional (standard input).
 */
export function parseArgs(args: string[], specs: OptionSpec[]): ParsedArgs {
  const options: { [name: string]: true | string[] } = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    const long = arg.startsWith('--');
    const [key, inline] = long ? splitOnce(arg.slice(2), '=') : [arg.slice(1), undefined];
    const spec = specs.find((s) => (long ? s.name === key : s.short === key));
    if (!spec) throw new UsageError(`unknown option ${long ? `--${key}` : `-${key}`}`);
    if (!spec.takesValue) {
      if (inline !== undefined) throw new UsageError(`option --${spec.name} takes no value`);
      options[spec.name] = true;
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined) throw new UsageError(`option --${spec.name} needs a value`);
    const previous = options[spec.name];
    options[spec.name] = [...(Array.isArray(previous) ? previous : []), value];
  }
  return { options, positionals };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
