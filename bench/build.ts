// Children run plain JavaScript: ts-node takes about 3 s to start, which would dominate a --quick run of many
// short child processes. The parent transpiles src/ and bench/ once (no type check: `npm test` does that).
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');

function* tsFiles(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'out') yield* tsFiles(full);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      yield full;
    }
  }
}

/** Transpiles src/ and bench/ to `outDir` (CommonJS, source maps inline); returns the path of the child entry. */
export function buildForChildren(outDir: string): string {
  fs.rmSync(outDir, { recursive: true, force: true });
  for (const folder of ['src', 'bench']) {
    for (const file of tsFiles(path.join(ROOT, folder))) {
      const source = fs.readFileSync(file, 'utf8');
      const out = ts.transpileModule(source, {
        fileName: file,
        compilerOptions: {
          module: ts.ModuleKind.CommonJS,
          target: ts.ScriptTarget.ES2022,
          esModuleInterop: true,
          inlineSourceMap: true,
          experimentalDecorators: true,
        },
      });
      const target = path.join(outDir, path.relative(ROOT, file)).replace(/\.ts$/, '.js');
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, out.outputText);
    }
  }
  return path.join(outDir, 'bench', 'child.js');
}
