// The built `netpol` CLI for end-to-end tests. CI compiles before testing, so lib/cli/netpol.js is used
// when it is newer than every source file. Otherwise (a fresh clone running `npm test` first, or sources
// edited since the last build) the CLI's module graph is compiled with the project's tsconfig.json into
// node_modules/.cache, where `require('yaml')` still resolves from the project's node_modules.
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');
const ENTRY = path.join(ROOT, 'src', 'cli', 'netpol.ts');
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'netpol-cli-test');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function compile(): string {
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  fs.rmSync(CACHE, { recursive: true, force: true });
  const program = ts.createProgram([ENTRY], {
    ...parsed.options,
    rootDir: path.join(ROOT, 'src'),
    outDir: CACHE,
    declaration: false,
    inlineSourceMap: false,
    inlineSources: false,
    noEmitOnError: true,
  });
  const emitted = program.emit();
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
  if (emitted.emitSkipped || diagnostics.length > 0) {
    const host = { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' };
    throw new Error(`cannot compile the netpol CLI:\n${ts.formatDiagnostics(diagnostics, host)}`);
  }
  return path.join(CACHE, 'cli', 'netpol.js');
}

/** The path of an up-to-date netpol.js. */
export function builtCli(): string {
  const built = path.join(ROOT, 'lib', 'cli', 'netpol.js');
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= newestSource(path.join(ROOT, 'src'))) return built;
  return compile();
}
