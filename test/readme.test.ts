import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import * as ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import * as netpol from '../src';

// The README's TypeScript samples must compile, and each sample followed by a YAML block must
// synthesize exactly that YAML: the README cannot rot.

interface Block { readonly lang: string; readonly code: string; readonly line: number }

const root = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const blocks: Block[] = [...readme.matchAll(/^```(\w+)\n([\s\S]*?)^```/gm)].map((m) => ({
  lang: m[1],
  code: m[2],
  line: readme.slice(0, m.index).split('\n').length,
}));
const samples = blocks.filter((b) => b.lang === 'ts');
const standalone = samples.filter((b) => /^import /m.test(b.code));
const snippets = samples.filter((b) => !/^import /m.test(b.code));
/** Snippets that only declare shared values for the others (the selectors). */
const setup = snippets.filter((b) => blocks[blocks.indexOf(b) + 1]?.lang !== 'yaml');
const pairs = snippets
  .filter((b) => blocks[blocks.indexOf(b) + 1]?.lang === 'yaml')
  .map((b) => ({ sample: b, yaml: blocks[blocks.indexOf(b) + 1] }));

const exported = Object.keys(netpol).join(', ');
const prelude = `import { App, Chart } from 'cdk8s';\nimport { ${exported} } from 'cdk8s-netpol';\ndeclare const chart: Chart;\n`;

function typeCheck(files: { [name: string]: string }): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ['node', 'jest'],
    baseUrl: root,
    // The package as users import it: its root, and deep imports such as cdk8s-netpol/lib/analysis/jest.
    paths: { 'cdk8s-netpol': ['src/index.ts'], 'cdk8s-netpol/lib/*': ['src/*'] },
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const virtual = (f: string) => files[path.basename(f)] !== undefined && path.dirname(f) === root;
  host.readFile = (f) => (virtual(f) ? files[path.basename(f)] : readFile(f));
  host.fileExists = (f) => virtual(f) || fileExists(f);
  const program = ts.createProgram(Object.keys(files).map((f) => path.join(root, f)), options, host);
  return ts.getPreEmitDiagnostics(program)
    .filter((d) => d.file && virtual(d.file.fileName))
    .map((d) => `${path.basename(d.file!.fileName)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

function run(code: string): Chart {
  const chart = Testing.chart();
  const js = ts.transpileModule(prelude + setup.map((b) => b.code).join('\n') + code, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (id: string) => (id === 'cdk8s-netpol' ? netpol : require(id));
  new Function('require', 'exports', 'chart', js)(load, {}, chart);
  return chart;
}

describe('README', () => {
  test('has the samples this test relies on', () => {
    expect(standalone.length).toBeGreaterThanOrEqual(1);
    expect(pairs.length).toBeGreaterThanOrEqual(11);
  });

  test('every TypeScript sample type-checks against the library', () => {
    const files: { [name: string]: string } = {};
    standalone.forEach((b) => { files[`readme-${b.line}.ts`] = b.code; });
    files['readme-snippets.ts'] = prelude + snippets.map((b) => `// README line ${b.line}\n${b.code}`).join('\n');
    expect(typeCheck(files)).toEqual([]);
  });

  test('the type check catches a broken sample (so it can fail)', () => {
    expect(typeCheck({ 'readme-broken.ts': `${prelude}Port.tcp('3306');\n` })).toEqual([
      expect.stringMatching(/Argument of type 'string' is not assignable to parameter of type 'number'/),
    ]);
  });

  test.each(pairs.map((p) => [p.sample.line, p]))('the sample at line %i synthesizes the YAML shown after it', (_line, pair) => {
    const expected = parseAllDocuments(pair.yaml.code).map((d) => d.toJSON());
    expect(Testing.synth(run(pair.sample.code))).toEqual(expected);
  });

  test('shows the two quick-start commands', () => {
    expect(readme).toContain('npm ci && npm run synth');
    expect(readme).toMatch(/^npm test\b/m);
  });
});
