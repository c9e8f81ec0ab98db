// The built `netpol` CLI for the tests that need a real process. CI compiles before testing, so
// lib/cli/netpol.js is used when it is newer than every source file. Otherwise (a fresh clone running
// `npm test` first, or sources edited since the last build) src/ is transpiled once per test process into
// a private temporary directory, next to a link to the project's node_modules so that `require('yaml')`
// resolves; nothing is written into the shared node_modules, so parallel runs cannot clash.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function sourcesIn(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourcesIn(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/**
 * Transpiles src/ file by file: type errors are `tsc`'s and the in-process tests' to find, and a full
 * type-checked program would cost most of this suite's time.
 */
function compile(): string {
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-cli-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  // `netpol --version` reads the package.json two levels above cli/netpol.js.
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  const src = path.join(ROOT, 'src');
  for (const file of sourcesIn(src)) {
    const out = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
      fileName: file,
      reportDiagnostics: true,
      compilerOptions: { ...options, declaration: false, inlineSourceMap: false, inlineSources: false, sourceMap: false },
    });
    if (out.diagnostics && out.diagnostics.length > 0) {
      const host = { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' };
      throw new Error(`cannot compile the netpol CLI:\n${ts.formatDiagnostics(out.diagnostics, host)}`);
    }
    const target = path.join(dir, 'lib', path.relative(src, file).replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, out.outputText);
  }
  return path.join(dir, 'lib', 'cli', 'netpol.js');
}

let compiled: string | undefined;

/** The path of an up-to-date netpol.js. */
export function builtCli(): string {
  const built = path.join(ROOT, 'lib', 'cli', 'netpol.js');
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= newestSource(path.join(ROOT, 'src'))) return built;
  compiled ??= compile();
  return compiled;
}
