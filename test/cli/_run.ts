// Runs `netpol` in this process through main(argv, io), in test/fixtures/cli, so that messages name files
// as a user in that directory would write them. test/cli/process.test.ts covers what only a process shows.
import * as path from 'path';
import { main } from '../../src/cli/netpol';

export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'cli');

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `netpol ...args`, with `input` as standard input (empty if not given). */
export function netpol(args: string[], input?: string): Run {
  let stdout = '';
  let stderr = '';
  const cwd = process.cwd();
  process.chdir(FIXTURES);
  try {
    const code = main(args, {
      stdout: (text) => { stdout += text; },
      stderr: (text) => { stderr += text; },
      readStdin: () => input ?? '',
    });
    return { code, stdout, stderr };
  } finally {
    process.chdir(cwd);
  }
}
